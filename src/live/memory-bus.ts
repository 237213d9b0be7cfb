/** In-process implementations of {@link LiveBus} and {@link LeaseManager}, used without `REDIS_URL`. */
import type { BusMessage, LeaseManager, LiveBus } from './bus.js';

/** A bus that delivers synchronously-queued messages to handlers in this process. */
export function createMemoryBus(): LiveBus {
  const handlers = new Map<string, Set<(message: BusMessage) => void>>();
  return {
    async publish(channel, message) {
      for (const handler of [...(handlers.get(channel) ?? [])]) queueMicrotask(() => handler(message));
    },
    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(channel);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}

/** Leases in one process: there is only one replica, so every acquire succeeds. */
export function createMemoryLeases(): LeaseManager {
  const held = new Set<string>();
  return {
    async acquire(name) {
      held.add(name);
      return true;
    },
    async renew(name) {
      return held.has(name);
    },
    async release(name) {
      held.delete(name);
    },
    async close() {
      held.clear();
    },
  };
}
