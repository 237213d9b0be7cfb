/**
 * {@link LiveBus} over Redis pub/sub, so that every gateway replica sees the events and pokes of the
 * others. It publishes on the process's command connection and subscribes on its subscriber
 * connection (`src/redis.ts`); all local handlers of a channel share a single Redis subscription,
 * which is dropped when the last handler leaves.
 *
 * Channel names are `prefix + channel`. Messages travel as JSON objects; anything else that arrives
 * on a channel (not JSON, not an object) is dropped without disturbing the other handlers. After a
 * lost connection ioredis reconnects and subscribes again by itself (messages published meanwhile
 * are lost, as always with pub/sub; the live layer's pollers publish the current state again).
 */
import type { RedisConnections } from '../redis.js';
import type { BusMessage, LiveBus } from './bus.js';

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** Put in front of every channel name, e.g. `wexa-graph:live:`; separates deployments sharing a Redis. */
  prefix: string;
  /** Told when a handler throws; ignored when absent. */
  onError?: (error: Error) => void;
}

type Handler = (message: BusMessage) => void;

/** Per-channel state: local handlers, whether Redis confirmed the subscription, and the queue of Redis calls. */
interface ChannelState {
  handlers: Set<Handler>;
  subscribed: boolean;
  /** Redis SUBSCRIBE/UNSUBSCRIBE calls for this channel run one after another through this chain. */
  queue: Promise<void>;
}

/** Parses a raw pub/sub payload; null when it is not a JSON object. */
function parseBusMessage(raw: string): BusMessage | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as BusMessage) : null;
  } catch {
    return null;
  }
}

/** A bus over `redis`, shared by all replicas using the same prefix. Closing it leaves the connections open (their owner closes them). */
export function createRedisBus(redis: RedisConnections, options: RedisBusOptions): LiveBus {
  const { prefix } = options;
  const onError = options.onError ?? (() => {});
  const publisher = redis.commands;
  const subscriber = redis.subscriber();

  const channels = new Map<string, ChannelState>();
  let closed = false;

  const onMessage = (fullChannel: string, raw: string) => {
    if (!fullChannel.startsWith(prefix)) return;
    const state = channels.get(fullChannel.slice(prefix.length));
    if (!state || state.handlers.size === 0) return;
    const message = parseBusMessage(raw);
    if (message === null) return;
    for (const handler of [...state.handlers]) {
      try {
        handler(message);
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
  subscriber.on('message', onMessage);

  /** Brings the Redis subscription of `channel` in line with whether it has handlers, after earlier calls. */
  const reconcile = (channel: string, state: ChannelState): Promise<void> => {
    const step = state.queue.then(async () => {
      const wanted = state.handlers.size > 0;
      if (wanted && !state.subscribed) {
        await subscriber.subscribe(prefix + channel);
        state.subscribed = true;
      } else if (!wanted && state.subscribed) {
        state.subscribed = false;
        if (!closed) await subscriber.unsubscribe(prefix + channel);
      }
      if (state.handlers.size === 0 && !state.subscribed && channels.get(channel) === state) channels.delete(channel);
    });
    // The chain continues after a failure; the caller of this step still sees it.
    state.queue = step.catch(() => {});
    return step;
  };

  const assertOpen = () => {
    if (closed) throw new Error('The live bus is closed');
  };

  return {
    async publish(channel, message) {
      assertOpen();
      await publisher.publish(prefix + channel, JSON.stringify(message));
    },

    async subscribe(channel, handler) {
      assertOpen();
      let state = channels.get(channel);
      if (!state) channels.set(channel, (state = { handlers: new Set(), subscribed: false, queue: Promise.resolve() }));
      // A distinct wrapper, so the same function subscribed twice is also removed twice.
      const entry: Handler = (message) => handler(message);
      state.handlers.add(entry);
      const own = state;
      try {
        await reconcile(channel, own);
      } catch (error) {
        own.handlers.delete(entry);
        throw error;
      }
      let removed = false;
      return async () => {
        if (removed) return;
        removed = true;
        own.handlers.delete(entry);
        if (own.handlers.size === 0 && !closed) await reconcile(channel, own);
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      subscriber.off('message', onMessage);
      const subscribed = [...channels.entries()].filter(([, state]) => state.subscribed).map(([channel]) => prefix + channel);
      for (const state of channels.values()) state.handlers.clear();
      channels.clear();
      if (subscribed.length > 0 && subscriber.status === 'ready') await subscriber.unsubscribe(...subscribed).catch(() => undefined);
    },
  };
}
