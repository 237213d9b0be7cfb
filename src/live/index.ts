/**
 * `createLive(config, deps)`: the live layer of one gateway replica. It keeps at most one
 * {@link Watch} per watched resource and key hash, shared by all of that key's local subscribers.
 * Subscriptions open with the subscribing operation's {@link Subscriber} (its caller, and its API for
 * the first read, so that read counts as the operation's); writes tell it what they changed, and the
 * pokes reach every replica through the bus.
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
import type { Caller } from '../auth/caller.js';
import { GatewayError, TooManySubscriptionsError, UnauthenticatedError } from '../errors.js';
import type { RedisConnections } from '../redis.js';
import type { WexaApi } from '../wexa/api.js';
import type { Execution, InboxRequest, Task } from '../wexa/model.js';
import { resourcePokeChannel, watchName, type ChangeEvent, type LeaseManager, type LiveBus } from './bus.js';
import { createMemoryBus, createMemoryLeases } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';
import { createRedisLeases } from './redis-lease.js';
import { executionSpec, projectExecutionsSpec, readState, taskSpec, type WatchSpec } from './specs.js';
import { inboxRequestsSpec } from './specs-inbox.js';
import { createPushQueue, Watch, type LiveEvent, type LocalSubscriber } from './watch.js';

export type { LiveEvent } from './watch.js';

/** Who subscribes: the caller (whose key hash names the watch and whose key the watch polls with) and the API of the subscribing operation (for the first read). */
export interface Subscriber {
  caller: Caller;
  wexa: WexaApi;
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
  /** The execution's current state, then one event per change; completes after a terminal state. */
  executionUpdates(who: Subscriber, projectId: string, executionId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** The task's current state, then one event per change; completes after a terminal state. */
  taskUpdates(who: Subscriber, projectId: string, taskId: string): Promise<AsyncIterableIterator<LiveEvent<Task>>>;
  /** Every execution of the project that changes or appears after subscribing; never completes by itself. */
  projectExecutions(who: Subscriber, projectId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** Every inbox request of the project that appears or changes after subscribing; never completes by itself. */
  inboxRequests(who: Subscriber, projectId: string): Promise<AsyncIterableIterator<LiveEvent<InboxRequest>>>;
  /** A write changed this execution (started, paused, answered, cancelled): its watches, its project's and its inbox's poll now, on every replica. */
  executionChanged(projectId: string, executionId: string): void;
  /** A write changed this task (paused, resumed, stopped) or one of its executions: its watches poll now. */
  taskChanged(projectId: string, taskId: string): void;
  stats(): LiveStats;
  /** Ends all subscriptions and watches, then closes the bus and leases it created itself. */
  close(): Promise<void>;
}

/** Collaborators of {@link createLive}. */
export interface LiveDeps {
  /** Where events and pokes travel; by default over `redis` when given, else in memory (owned and closed by `close()`). */
  bus?: LiveBus;
  /** Which replica polls a watch; by default over `redis` when given, else in memory (owned and closed by `close()`). */
  leases?: LeaseManager;
  /** The process's Redis connections (several replicas); their owner closes them. */
  redis?: RedisConnections | null;
  logger?: Logger;
}

type LiveConfig = Pick<Config, 'pollMinMs' | 'pollMaxMs' | 'pollMaxFailures' | 'leaseMs' | 'redisPrefix' | 'maxSubscriptionsPerKey'>;

/** Longest delay a timer takes (about 24.8 days); a later moment is reached in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `run` at `at` (ms since the epoch), without keeping the process alive; clear the returned timer to cancel. */
function endAt(at: number, run: () => void): NodeJS.Timeout {
  const timer: NodeJS.Timeout = setTimeout(() => {
    if (Date.now() < at) timer.refresh();
    else run();
  }, Math.max(0, Math.min(MAX_TIMER_MS, at - Date.now())));
  return timer.unref();
}

/** The same stream, calling `done` once when it ends or its consumer stops. */
function onFinish<T>(stream: AsyncIterableIterator<T>, done: () => void): AsyncIterableIterator<T> {
  const wrapped: AsyncIterableIterator<T> = {
    next: async () => {
      const result = await stream.next();
      if (result.done) done();
      return result;
    },
    return: async () => {
      done();
      return stream.return ? stream.return() : { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}

/** Creates the live layer. */
export function createLive(config: LiveConfig, deps: LiveDeps): Live {
  const logger = (deps.logger ?? pino({ level: 'silent' })).child({ component: 'live' });
  const onError = (error: Error) => logger.warn({ err: error }, 'live: a bus handler failed');
  const { redis } = deps;
  const prefix = config.redisPrefix;
  const bus = deps.bus ?? (redis ? createRedisBus(redis, { prefix: `${prefix}live:`, onError }) : createMemoryBus());
  const leases = deps.leases ?? (redis ? createRedisLeases(redis, { prefix: `${prefix}lease:` }) : createMemoryLeases());

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
  const firstState = (name: string, spec: WatchSpec<unknown>, who: Subscriber): Promise<ChangeEvent> => {
    const known = watches.get(name)?.watch.current(config.pollMaxMs);
    if (known) return Promise.resolve(known);
    const pending = reading.get(name);
    if (pending) return pending;
    reads += 1;
    const read = readState(spec, who.wexa);
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
      // Polls are shared by every subscriber of the watch: they count for no one operation.
      wexa: caller.api(),
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
  const subscribe = async <T>(who: Subscriber, spec: WatchSpec<T>): Promise<AsyncIterableIterator<LiveEvent<T>>> => {
    if (closed) throw new GatewayError('INTERNAL_SERVER_ERROR', 'Live updates are shutting down.');
    const general = spec as WatchSpec<unknown>;
    const name = watchName(spec.kind, who.caller.keyHash, ...spec.ids);
    const state = await firstState(name, general, who);
    let entry: ReturnType<typeof watchFor> | undefined;
    let expiry: NodeJS.Timeout | undefined;
    const sub: LocalSubscriber = {
      since: state.polledAt,
      seen: new Map(state.entries.map((e) => [e.id, e.fp])),
      queue: createPushQueue<LiveEvent<unknown>>(() => {
        clearTimeout(expiry);
        entry?.watch.remove(sub);
      }),
    };
    // A caller whose token expires (token authentication) is not served past that moment.
    if (who.caller.expiresAt !== null) {
      expiry = endAt(who.caller.expiresAt, () => {
        sub.queue.push({ error: new UnauthenticatedError('The bearer token has expired: sign in again and subscribe anew.') });
        sub.queue.end();
      });
    }
    const stream = sub.queue.iterator as AsyncIterableIterator<LiveEvent<T>>;
    const first = state.entries[0];
    if (spec.mode === 'single' && first !== undefined) {
      sub.queue.push({ value: first.value });
      if (state.terminal) {
        sub.queue.end();
        return stream;
      }
    }
    entry = watchFor(name, general, who.caller, state);
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
      return subscribe(who, spec);
    }
    entry.watch.add(sub);
    return stream;
  };

  /** Open subscriptions per key hash on this replica, for `maxSubscriptionsPerKey`. */
  const perKey = new Map<string, number>();

  /** {@link subscribe} under the per-key cap: refused before any upstream read when the key holds as many as allowed. */
  const open = async <T>(who: Subscriber, spec: WatchSpec<T>): Promise<AsyncIterableIterator<LiveEvent<T>>> => {
    const { keyHash } = who.caller;
    const held = perKey.get(keyHash) ?? 0;
    const max = config.maxSubscriptionsPerKey;
    if (max > 0 && held >= max) {
      throw new TooManySubscriptionsError(`This key already has ${max} live subscriptions open on this replica; end some first.`, { extensions: { limit: max } });
    }
    perKey.set(keyHash, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (perKey.get(keyHash) ?? 1) - 1;
      if (left <= 0) perKey.delete(keyHash);
      else perKey.set(keyHash, left);
    };
    try {
      return onFinish(await subscribe(who, spec), release);
    } catch (error) {
      release();
      throw error;
    }
  };

  const poke = (channel: string) => {
    bus.publish(channel, { type: 'poke' }).catch((error: unknown) => logger.warn({ err: error }, 'live: poke failed'));
  };

  return {
    executionUpdates: (who, projectId, executionId) => open(who, executionSpec(projectId, executionId)),
    taskUpdates: (who, projectId, taskId) => open(who, taskSpec(projectId, taskId)),
    projectExecutions: (who, projectId) => open(who, projectExecutionsSpec(projectId)),
    inboxRequests: (who, projectId) => open(who, inboxRequestsSpec(projectId)),
    executionChanged(projectId, executionId) {
      poke(resourcePokeChannel('execution', projectId, executionId));
      poke(resourcePokeChannel('project-executions', projectId));
      // An execution change (started, answered, cancelled) may raise or settle inbox requests.
      poke(resourcePokeChannel('inbox-requests', projectId));
    },
    taskChanged(projectId, taskId) {
      poke(resourcePokeChannel('task', projectId, taskId));
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
