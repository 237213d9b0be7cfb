/**
 * `createLive(config, deps)`: the live layer of one gateway replica. It keeps at most one
 * {@link Watch} per watched resource and key hash, shared by all of that key's local subscribers,
 * and hands every operation a {@link LiveSession} bound to its caller: the pokes mutations send
 * (through the bus, to every replica) and the subscriptions the caller may open.
 *
 * A subscriber's first state is a read with its own key (that read authorises it), and that read
 * seeds the watch, whose poller then reads one interval later. Later subscribers with the same key
 * share a read in flight, or start from the watch's state while a read confirmed it recently enough;
 * a different key is a different watch and reads for itself. The watch starts with its first
 * subscriber and stops when the last one leaves or the resource is over.
 *
 * Without a bus and leases it runs in memory (one replica), or over Redis with `config.redisUrl`.
 */
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from '../config.js';
import { GatewayError, UnauthenticatedError } from '../errors.js';
import type { WexaApi } from '../wexa/api.js';
import { keyHash } from '../wexa/key-hash.js';
import type { WexaClient } from '../wexa/client.js';
import type { Execution, Task } from '../wexa/model.js';
import { resourcePokeChannel, watchName, type ChangeEvent, type LeaseManager, type LiveBus } from './bus.js';
import { createMemoryBus, createMemoryLeases } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';
import { createRedisLeases } from './redis-lease.js';
import { executionSpec, projectExecutionsSpec, readState, taskSpec, type WatchSpec } from './specs.js';
import { inboxRequestsSpec, type ProjectInboxRequest } from './specs-inbox.js';
import { createPushQueue, Watch, type LiveEvent, type LocalSubscriber } from './watch.js';

export type { LiveEvent } from './watch.js';

/** One caller's view of the live layer: what the context of an operation carries. */
export interface LiveSession {
  /** A mutation changed this execution (started, paused, resumed, cancelled): its watches poll now. */
  executionChanged(projectId: string, executionId: string): void;
  /** A mutation changed this task (paused, resumed, stopped) or one of its executions: its watches poll now. */
  taskChanged(projectId: string, taskId: string): void;
  /** The execution's current state, then one event per change; completes after a terminal state. */
  executionUpdates(projectId: string, executionId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** The task's current state, then one event per change; completes after a terminal state. */
  taskUpdates(projectId: string, taskId: string): Promise<AsyncIterableIterator<LiveEvent<Task>>>;
  /** Every execution of the project that changes or appears after subscribing; never completes by itself. */
  projectExecutions(projectId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** Every inbox request of the project that appears or changes after subscribing; never completes by itself. */
  inboxRequests(projectId: string): Promise<AsyncIterableIterator<LiveEvent<ProjectInboxRequest>>>;
}

/** Counts for tests, health pages and benchmarks. */
export interface LiveStats {
  /** Watches with local subscribers. */
  watches: number;
  /** Watches this replica polls (holds the lease of). */
  pollers: number;
  /** Local subscribers across all watches. */
  subscribers: number;
  /** Upstream reads made for subscribers' first states since this replica started. */
  reads: number;
  /** Upstream reads made by pollers of this replica since it started. */
  polls: number;
}

/** The live layer of one replica. */
export interface Live {
  /**
   * The session of one operation's caller (`null`: no key; subscribing then fails with UNAUTHENTICATED).
   * `onEvent` runs right before each event of the caller's subscriptions reaches the consumer.
   */
  session(apiKey: string | null, onEvent?: () => void): LiveSession;
  stats(): LiveStats;
  /** Ends all subscriptions and watches, then closes the bus and leases it created itself. */
  close(): Promise<void>;
}

/** Collaborators of {@link createLive}. */
export interface LiveDeps {
  /** The upstream client: subscriptions read with `client.forKey(callerKey)`. */
  client: WexaClient;
  /** Where events and pokes travel; by default Redis with `config.redisUrl`, else in memory (owned and closed by `close()`). */
  bus?: LiveBus;
  /** Which replica polls a watch; by default Redis with `config.redisUrl`, else in memory (owned and closed by `close()`). */
  leases?: LeaseManager;
  logger?: Logger;
}

type LiveConfig = Pick<Config, 'pollMinMs' | 'pollMaxMs' | 'pollMaxFailures' | 'leaseMs' | 'redisUrl' | 'redisPrefix'>;

/** Who subscribes: their upstream API and the hash of their key (never the key). */
interface Caller {
  wexa: WexaApi;
  keyHash: string;
}

/** Creates the live layer. */
export function createLive(config: LiveConfig, deps: LiveDeps): Live {
  const logger = (deps.logger ?? pino({ level: 'silent' })).child({ component: 'live' });
  // Losing and regaining Redis is logged once each by the gateway's readiness checks; each reconnect attempt only at debug.
  const onError = (error: Error) => logger.debug({ err: error }, 'live: redis connection error');
  const { redisUrl, redisPrefix } = config;
  const bus = deps.bus ?? (redisUrl ? createRedisBus(redisUrl, { prefix: `${redisPrefix}live:`, onError }) : createMemoryBus());
  const leases =
    deps.leases ?? (redisUrl ? createRedisLeases(redisUrl, { prefix: `${redisPrefix}lease:`, onError }) : createMemoryLeases());

  const watches = new Map<string, { watch: Watch<unknown>; ready: Promise<void> }>();
  /** Watches still giving their lease up, so a new watch of the same name waits for them. */
  const stopping = new Map<string, Promise<void>>();
  /** First-state reads in flight, by watch name: subscribers with the same key share them. */
  const reading = new Map<string, Promise<ChangeEvent>>();
  let reads = 0;
  let polls = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  /** The state a new subscriber starts from: the watch's, a read in flight, or a read of its own. */
  const firstState = (name: string, spec: WatchSpec<unknown>, caller: Caller): Promise<ChangeEvent> => {
    const known = watches.get(name)?.watch.current(config.pollMaxMs);
    if (known) return Promise.resolve(known);
    const pending = reading.get(name);
    if (pending) return pending;
    reads += 1;
    const read = readState(spec, caller.wexa);
    reading.set(name, read);
    const forget = () => {
      if (reading.get(name) === read) reading.delete(name);
    };
    read.then(forget, forget);
    return read;
  };

  /** The running watch of `name`, or a new one seeded with `seed`. */
  const watchFor = (name: string, spec: WatchSpec<unknown>, caller: Caller, seed: ChangeEvent) => {
    const existing = watches.get(name);
    if (existing && !existing.watch.stopped) return existing;
    const watch: Watch<unknown> = new Watch({
      name,
      spec,
      wexa: caller.wexa,
      seed,
      bus,
      leases,
      leaseMs: config.leaseMs,
      pollMinMs: config.pollMinMs,
      pollMaxMs: config.pollMaxMs,
      pollMaxFailures: config.pollMaxFailures,
      logger,
      onPoll: () => {
        polls += 1;
      },
      onStop: (teardown) => {
        if (watches.get(name)?.watch === watch) watches.delete(name);
        const done = teardown.finally(() => {
          if (stopping.get(name) === done) stopping.delete(name);
        });
        stopping.set(name, done);
      },
    });
    const previous = stopping.get(name) ?? Promise.resolve();
    const ready = previous.then(() => watch.start());
    ready.catch(() => void watch.stop());
    const entry = { watch, ready };
    watches.set(name, entry);
    return entry;
  };

  /** Reads (or shares) the caller's first state, then streams the changes of the shared watch. */
  const subscribe = async <T>(caller: Caller, spec: WatchSpec<T>, onEvent: () => void): Promise<AsyncIterableIterator<LiveEvent<T>>> => {
    if (closed) throw new GatewayError('INTERNAL_SERVER_ERROR', 'Live updates are shutting down.');
    const general = spec as WatchSpec<unknown>;
    const name = watchName(spec.kind, caller.keyHash, ...spec.ids);
    const state = await firstState(name, general, caller);
    let entry: ReturnType<typeof watchFor> | undefined;
    const sub: LocalSubscriber = {
      since: state.polledAt,
      seen: new Map(state.entries.map((e) => [e.id, e.fp])),
      queue: createPushQueue<LiveEvent<unknown>>(() => entry?.watch.remove(sub), onEvent),
    };
    const stream = sub.queue.iterator as AsyncIterableIterator<LiveEvent<T>>;
    const first = state.entries[0];
    if (spec.mode === 'single' && first !== undefined) {
      sub.queue.push({ value: first.value });
      if (state.terminal) {
        sub.queue.end();
        return stream;
      }
    }
    entry = watchFor(name, general, caller, state);
    try {
      await entry.ready;
    } catch (error) {
      logger.warn({ err: error, kind: spec.kind }, 'live: could not start a watch');
      throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Live updates are unavailable right now; retry later.');
    }
    if (sub.queue.ended) return stream;
    if (entry.watch.stopped) {
      // The watch ended between our read and our joining (the resource ended or failed): start over.
      void sub.queue.iterator.return?.();
      return subscribe(caller, spec, onEvent);
    }
    entry.watch.add(sub);
    return stream;
  };

  const poke = (channel: string) => {
    bus.publish(channel, { type: 'poke' }).catch((error: unknown) => logger.warn({ err: error }, 'live: poke failed'));
  };

  return {
    session(apiKey, onEvent = () => {}) {
      let caller: Caller | undefined;
      /** The caller's API, built on first use (only subscriptions need it). */
      const callerOrFail = (): Caller => {
        if (apiKey === null) throw new UnauthenticatedError();
        caller ??= { wexa: deps.client.forKey(apiKey), keyHash: keyHash(apiKey) };
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
        executionUpdates: async (projectId, executionId) => subscribe(callerOrFail(), executionSpec(projectId, executionId), onEvent),
        taskUpdates: async (projectId, taskId) => subscribe(callerOrFail(), taskSpec(projectId, taskId), onEvent),
        projectExecutions: async (projectId) => subscribe(callerOrFail(), projectExecutionsSpec(projectId), onEvent),
        inboxRequests: async (projectId) => subscribe(callerOrFail(), inboxRequestsSpec(projectId), onEvent),
      };
    },

    stats() {
      let pollers = 0;
      let subscribers = 0;
      for (const { watch } of watches.values()) {
        if (watch.polling) pollers += 1;
        subscribers += watch.subscribers.size;
      }
      return { watches: watches.size, pollers, subscribers, reads, polls };
    },

    close: () =>
      (closing ??= (async () => {
        closed = true;
        await Promise.all([...[...watches.values()].map(({ watch }) => watch.stop()), ...stopping.values()]);
        await Promise.all([deps.bus ? undefined : bus.close(), deps.leases ? undefined : leases.close()]);
      })()),
  };
}
