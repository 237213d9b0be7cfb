/**
 * The watch registry of one replica: at most one {@link Watch} per watched resource and key hash,
 * shared by all of that key's local subscribers. A subscriber first reads the resource with its own
 * key (that read authorises it and is its first event), then joins the watch; the watch starts
 * with its first subscriber and stops when the last one leaves or the resource is over.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import type { WexaApi } from '../wexa/api.js';
import { watchName, type LeaseManager, type LiveBus } from './bus.js';
import { createPushQueue } from './queue.js';
import type { WatchSpec } from './specs.js';
import { Watch, type LiveEvent, type LocalSubscriber } from './watch.js';

/** Who subscribes: their upstream API and the hash of their key (never the key). */
export interface Caller {
  wexa: WexaApi;
  keyHash: string;
}

/** Counts for tests, health pages and benchmarks. */
export interface LiveStats {
  /** Watches with local subscribers. */
  watches: number;
  /** Watches this replica polls (holds the lease of). */
  pollers: number;
  /** Local subscribers across all watches. */
  subscribers: number;
  /** Upstream reads made by pollers of this replica since it started (subscribers' own first reads excluded). */
  polls: number;
}

export interface Registry {
  /** Reads the resource with the caller's API, then streams its changes; rejects with the read's error. */
  subscribe<T>(caller: Caller, spec: WatchSpec<T>): Promise<AsyncIterableIterator<LiveEvent<T>>>;
  stats(): LiveStats;
  /** Ends every subscription and stops every watch. */
  close(): Promise<void>;
}

export interface RegistryOptions {
  config: Pick<Config, 'pollMinMs' | 'pollMaxMs' | 'pollMaxFailures' | 'leaseMs'>;
  bus: LiveBus;
  leases: LeaseManager;
  logger: Logger;
}

/** Creates an empty registry. */
export function createRegistry(options: RegistryOptions): Registry {
  const { config, bus, leases, logger } = options;
  const watches = new Map<string, { watch: Watch<unknown>; ready: Promise<void> }>();
  /** Watches still giving their lease up, so a new watch of the same name waits for them. */
  const stopping = new Map<string, Promise<void>>();
  let polls = 0;
  let closed = false;

  const open = (name: string, spec: WatchSpec<unknown>, caller: Caller) => {
    const existing = watches.get(name);
    if (existing && !existing.watch.stopped) return existing;
    const watch: Watch<unknown> = new Watch({
      name,
      spec,
      wexa: caller.wexa,
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

  return {
    async subscribe<T>(caller: Caller, spec: WatchSpec<T>) {
      if (closed) throw new GatewayError('INTERNAL_SERVER_ERROR', 'Live updates are shutting down.');
      const since = Date.now();
      const items = await spec.read(caller.wexa);
      const sub: LocalSubscriber = {
        since,
        seen: new Map(items.map((item) => [spec.idOf(item), spec.fingerprint(item)])),
        queue: createPushQueue<LiveEvent<unknown>>(() => entry?.watch.remove(sub)),
      };
      let entry: ReturnType<typeof open> | undefined;
      const first = items[0];
      if (spec.mode === 'single' && first !== undefined) {
        sub.queue.push({ value: first });
        if (spec.isTerminal(first)) {
          sub.queue.end();
          return sub.queue.iterator as AsyncIterableIterator<LiveEvent<T>>;
        }
      }
      const name = watchName(spec.kind, caller.keyHash, ...spec.ids);
      entry = open(name, spec as WatchSpec<unknown>, caller);
      try {
        await entry.ready;
      } catch (error) {
        logger.warn({ err: error, kind: spec.kind }, 'live: could not start a watch');
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Live updates are unavailable right now; retry later.');
      }
      if (sub.queue.ended) return sub.queue.iterator as AsyncIterableIterator<LiveEvent<T>>;
      if (entry.watch.stopped) {
        // The watch ended between our read and our joining (the resource ended or failed): start over.
        void sub.queue.iterator.return?.();
        return this.subscribe(caller, spec);
      }
      entry.watch.add(sub);
      return sub.queue.iterator as AsyncIterableIterator<LiveEvent<T>>;
    },

    stats() {
      let pollers = 0;
      let subscribers = 0;
      for (const { watch } of watches.values()) {
        if (watch.polling) pollers += 1;
        subscribers += watch.subscribers.size;
      }
      return { watches: watches.size, pollers, subscribers, polls };
    },

    async close() {
      closed = true;
      const all = [...watches.values()].map(({ watch }) => watch.stop());
      await Promise.all([...all, ...stopping.values()]);
    },
  };
}
