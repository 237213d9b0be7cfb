/**
 * `createLive(config, deps)`: the live layer of one gateway replica. It owns the watch registry and
 * hands out, per operation, a {@link LiveSession}: the notifier mutations call (it pokes every
 * watch of the changed resource, on every replica, through the bus) and the subscriptions the
 * caller may open. Without a bus and leases it runs in memory (one replica).
 */
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { UnauthenticatedError } from '../errors.js';
import type { WexaApi } from '../wexa/api.js';
import type { WexaClient } from '../wexa/client.js';
import type { LeaseManager, LiveBus } from './bus.js';
import { keyHash } from '../wexa/key-hash.js';
import { createMemoryBus, createMemoryLeases } from './memory-bus.js';
import { resourcePokeChannel } from './messages.js';
import { createRegistry, type LiveStats, type Registry } from './registry.js';
import type { LiveSession } from './session.js';
import { executionSpec, projectExecutionsSpec, taskSpec } from './specs.js';
import { inboxRequestsSpec } from './specs-inbox.js';

export type { LiveStats, Registry } from './registry.js';
export type { LiveSession } from './session.js';
export type { LiveEvent } from './watch.js';

/** Collaborators of {@link createLive}. */
export interface LiveDeps {
  /** Where events and pokes travel; an in-memory bus (owned and closed by `close()`) when absent. */
  bus?: LiveBus;
  /** Which replica polls a watch; in-memory leases (owned and closed by `close()`) when absent. */
  leases?: LeaseManager;
  /** The upstream client; builds a caller's API when the caller comes with a key only. */
  client: WexaClient;
  logger?: Logger;
}

/** The live layer of one replica. */
export interface Live {
  registry: Registry;
  /** A session bound to a caller (built once per operation by the context factory). */
  notifierFor(caller: { apiKey: string | null; wexa?: WexaApi }): LiveSession;
  stats(): LiveStats;
  /** Ends all subscriptions and watches, then closes the bus and leases it created itself. */
  close(): Promise<void>;
}

/** Creates the live layer. */
export function createLive(
  config: Pick<Config, 'pollMinMs' | 'pollMaxMs' | 'pollMaxFailures' | 'leaseMs'>,
  deps: LiveDeps,
): Live {
  const logger = (deps.logger ?? pino({ level: 'silent' })).child({ component: 'live' });
  const bus = deps.bus ?? createMemoryBus();
  const leases = deps.leases ?? createMemoryLeases();
  const registry = createRegistry({ config, bus, leases, logger });

  const poke = (channel: string) => {
    bus.publish(channel, { type: 'poke' }).catch((error: unknown) => logger.warn({ err: error }, 'live: poke failed'));
  };

  let closing: Promise<void> | undefined;
  return {
    registry,
    notifierFor({ apiKey, wexa }) {
      let caller: { wexa: WexaApi; keyHash: string } | undefined;
      const callerOrFail = async () => {
        if (apiKey === null) throw new UnauthenticatedError();
        caller ??= { wexa: wexa ?? deps.client.forKey(apiKey), keyHash: keyHash(apiKey) };
        return caller;
      };
      return {
        executionChanged(projectId, executionId) {
          poke(resourcePokeChannel('execution', projectId, executionId));
          poke(resourcePokeChannel('project-executions', projectId));
          // An execution change (started, answered, cancelled) may raise or settle inbox requests.
          poke(resourcePokeChannel('inbox-requests', projectId));
        },
        taskChanged(projectId, taskId) {
          poke(resourcePokeChannel('task', projectId, taskId));
        },
        executionUpdates: async (projectId, executionId) =>
          registry.subscribe(await callerOrFail(), executionSpec(projectId, executionId)),
        taskUpdates: async (projectId, taskId) => registry.subscribe(await callerOrFail(), taskSpec(projectId, taskId)),
        projectExecutions: async (projectId) => registry.subscribe(await callerOrFail(), projectExecutionsSpec(projectId)),
        inboxRequests: async (projectId) => registry.subscribe(await callerOrFail(), inboxRequestsSpec(projectId)),
      };
    },
    stats: () => registry.stats(),
    close: () =>
      (closing ??= (async () => {
        await registry.close();
        if (!deps.bus) await bus.close();
        if (!deps.leases) await leases.close();
      })()),
  };
}
