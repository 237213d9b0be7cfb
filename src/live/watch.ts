/**
 * One watch on this replica: the local subscribers of one resource seen through one key (by its
 * hash), the bus channels they listen on, and, while this replica holds the watch's lease, the
 * poller. Every replica with local subscribers listens on the watch's event channel; only the lease
 * holder polls and publishes there, so a change reaches every subscriber on every replica once.
 *
 * A subscriber's stream is a push queue read as an async iterator (what a GraphQL subscription
 * consumes): the watch pushes values and ends it; the consumer's `return()` (client gone) removes
 * the subscriber.
 */
import type { Logger } from 'pino';
import { GatewayError } from '../errors.js';
import type { WexaApi } from '../wexa/api.js';
import {
  eventChannel,
  parsePoke,
  parseWatchEvent,
  resourcePokeChannel,
  watchPokeChannel,
  type BusMessage,
  type ChangeEvent,
  type LeaseManager,
  type LiveBus,
  type WatchEvent,
} from './bus.js';
import { startPoller, type Poller } from './poller.js';
import type { WatchSpec } from './specs.js';

/** What a subscription yields: a new state, or the error that ends it. */
export type LiveEvent<T> = { value: T } | { error: GatewayError };

/** One local subscriber: what it has already seen, and its queue. */
export interface LocalSubscriber {
  /** When the read of its first state began (ms since the epoch): older polls cannot tell it anything new. */
  since: number;
  /** Resource id → fingerprint of the state it last received. */
  seen: Map<string, string>;
  queue: PushQueue<LiveEvent<unknown>>;
}

/** Settings and collaborators of a watch. */
export interface WatchOptions<T> {
  name: string;
  spec: WatchSpec<T>;
  /** The API of the watch's key (from its first subscriber). */
  wexa: WexaApi;
  /** The state its first subscriber read: what the watch knows before its first poll. */
  seed: ChangeEvent;
  bus: LiveBus;
  leases: LeaseManager;
  leaseMs: number;
  pollMinMs: number;
  pollMaxMs: number;
  pollMaxFailures: number;
  logger: Logger;
  onPoll(): void;
  /** Called once, synchronously, when the watch begins to stop, with the promise of its teardown. */
  onStop(done: Promise<void>): void;
}

/** Hands `event` to one subscriber: the entries it has not seen, then the end if there is one. */
function deliver(sub: LocalSubscriber, event: WatchEvent): void {
  if (event.type === 'end') {
    sub.queue.push({ error: new GatewayError(event.code, event.message) });
    sub.queue.end();
    return;
  }
  if (event.polledAt < sub.since) return;
  for (const entry of event.entries) {
    if (sub.seen.get(entry.id) === entry.fp) continue;
    sub.seen.set(entry.id, entry.fp);
    sub.queue.push({ value: entry.value });
  }
}

/** A watch; call `start()` once before adding subscribers. */
export class Watch<T> {
  readonly subscribers = new Set<LocalSubscriber>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  /** `single` watches: the last state seen here (the seed, then every change event). */
  private latest: ChangeEvent | null;
  /** When the last read that confirmed `latest` began (a poll here, or the poll behind an event). */
  private confirmedAt: number;
  private holding = false;
  private poller: Poller | null = null;
  private acquireTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: WatchOptions<T>) {
    this.latest = options.spec.mode === 'single' ? options.seed : null;
    this.confirmedAt = options.seed.polledAt;
  }

  /**
   * The current state of a `single` watch when a read confirmed it at most `maxAgeMs` ago (a new
   * subscriber can start from it instead of reading); null otherwise, and for `list` watches.
   */
  current(maxAgeMs: number): ChangeEvent | null {
    if (this.stopped || this.latest === null || Date.now() - this.confirmedAt > maxAgeMs) return null;
    return this.latest;
  }

  /** True while this replica polls the watch. */
  get polling(): boolean {
    return this.holding && this.poller !== null && !this.poller.stopped;
  }

  get stopped(): boolean {
    return this.stopping !== null;
  }

  /** Listens on the watch's channels and competes for its lease. Rejects when the bus is unusable. */
  async start(): Promise<void> {
    const { bus, name, spec } = this.options;
    const onPoke = (message: BusMessage) => this.onPoke(message);
    for (const [channel, handler] of [
      [eventChannel(name), (message: BusMessage) => this.onEvent(message)],
      [watchPokeChannel(name), onPoke],
      [resourcePokeChannel(spec.kind, ...spec.ids), onPoke],
    ] as const) {
      const off = await bus.subscribe(channel, handler);
      if (this.stopped) {
        await off().catch(() => {});
        return;
      }
      this.unsubscribes.push(off);
    }
    await this.tryAcquire();
    // Another replica polls: ask it for its last state, in case a change went by before we listened.
    if (!this.holding && !this.stopped && spec.mode === 'single') {
      await bus.publish(watchPokeChannel(name), { type: 'replay' }).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'live: could not ask for a replay');
      });
    }
  }

  /** Adds a subscriber and gives it the last state seen here when that is newer than its own read. */
  add(sub: LocalSubscriber): void {
    this.subscribers.add(sub);
    if (this.latest) deliver(sub, this.latest);
  }

  /** Removes a subscriber; the last one to leave stops the watch. */
  remove(sub: LocalSubscriber): void {
    this.subscribers.delete(sub);
    if (this.subscribers.size === 0) void this.stop();
  }

  /** Ends every subscriber, stops polling, leaves the channels and gives the lease up. Idempotent. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopping = Promise.resolve().then(() => this.teardown());
    clearTimeout(this.acquireTimer);
    clearInterval(this.renewTimer);
    this.poller?.stop();
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    for (const sub of subscribers) sub.queue.end();
    this.options.onStop(this.stopping);
    return this.stopping;
  }

  private async teardown(): Promise<void> {
    const { logger, leases, name } = this.options;
    await Promise.all(this.unsubscribes.splice(0).map((off) => off().catch(() => {})));
    if (this.holding) {
      this.holding = false;
      await leases.release(name).catch((error: unknown) => logger.warn({ err: error }, 'live: lease release failed'));
    }
  }

  private onEvent(message: BusMessage): void {
    const event = parseWatchEvent(message);
    if (!event || this.stopped) return;
    if (event.type === 'change') {
      if (this.options.spec.mode === 'single') this.latest = event;
      this.confirmedAt = Math.max(this.confirmedAt, event.polledAt);
    }
    for (const sub of this.subscribers) deliver(sub, event);
    if (event.type === 'end' || event.terminal) void this.stop();
  }

  private onPoke(message: BusMessage): void {
    const poke = parsePoke(message);
    if (!poke || !this.polling) return;
    if (poke.type === 'poke') this.poller?.poke();
    else this.poller?.replay();
  }

  private get leaseMs(): number {
    return Math.max(10, Math.round(this.options.leaseMs));
  }

  private async tryAcquire(): Promise<void> {
    if (this.stopped) return;
    const { leases, name, logger } = this.options;
    let ok = false;
    try {
      ok = await leases.acquire(name, this.leaseMs);
    } catch (error) {
      logger.warn({ err: error }, 'live: lease acquire failed');
    }
    if (this.stopped) {
      if (ok) await leases.release(name).catch(() => {});
      return;
    }
    if (!ok) {
      this.acquireTimer = setTimeout(() => void this.tryAcquire(), this.leaseMs / 2);
      this.acquireTimer.unref();
      return;
    }
    this.holding = true;
    this.renewTimer = setInterval(() => void this.renew(), this.leaseMs / 3);
    this.renewTimer.unref();
    const { spec, wexa, seed, pollMinMs, pollMaxMs, pollMaxFailures, bus, onPoll } = this.options;
    this.poller = startPoller({
      spec,
      wexa,
      initial: this.latest ?? seed,
      bounds: { minMs: pollMinMs, maxMs: pollMaxMs },
      maxFailures: pollMaxFailures,
      publish: (event) => bus.publish(eventChannel(name), event),
      onPoll,
      onRead: (polledAt) => {
        this.confirmedAt = Math.max(this.confirmedAt, polledAt);
      },
      logger,
    });
  }

  private renewing = false;

  private async renew(): Promise<void> {
    if (this.renewing || this.stopped || !this.holding) return;
    this.renewing = true;
    const { leases, name, logger } = this.options;
    let ok = false;
    try {
      ok = await leases.renew(name, this.leaseMs);
    } catch (error) {
      logger.warn({ err: error }, 'live: lease renew failed');
    } finally {
      this.renewing = false;
    }
    if (ok || this.stopped) return;
    // Lost the lease (or cannot tell): stop polling and compete for it again.
    this.holding = false;
    this.poller?.stop();
    this.poller = null;
    clearInterval(this.renewTimer);
    this.acquireTimer = setTimeout(() => void this.tryAcquire(), this.leaseMs / 2);
    this.acquireTimer.unref();
  }
}

/** The producer's side of a subscriber's stream. */
export interface PushQueue<T> {
  push(value: T): void;
  /** No more values: the iterator completes once the buffered ones are read. Idempotent. */
  end(): void;
  readonly ended: boolean;
  readonly iterator: AsyncIterableIterator<T>;
}

/** Creates a queue. `onReturn` runs once when the consumer stops early or the queue is drained after `end()`. */
export function createPushQueue<T>(onReturn: () => void): PushQueue<T> {
  const buffer: T[] = [];
  const waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  let ended = false;
  let returned = false;
  const finish = () => {
    if (returned) return;
    returned = true;
    onReturn();
  };
  const done = (): IteratorResult<T, undefined> => ({ done: true, value: undefined });

  const iterator: AsyncIterableIterator<T> = {
    next() {
      const value = buffer.shift();
      if (value !== undefined) return Promise.resolve({ done: false, value });
      if (ended) {
        finish();
        return Promise.resolve(done());
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      ended = true;
      buffer.length = 0;
      for (const resolve of waiting.splice(0)) resolve(done());
      finish();
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    push(value) {
      if (ended) return;
      const resolve = waiting.shift();
      if (!resolve) {
        buffer.push(value);
        return;
      }
      resolve({ done: false, value });
    },
    end() {
      if (ended) return;
      ended = true;
      if (buffer.length === 0) {
        for (const resolve of waiting.splice(0)) resolve(done());
        finish();
      }
    },
    get ended() {
      return ended;
    },
    iterator,
  };
}
