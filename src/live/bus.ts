/**
 * The two seams that let the live layer run in one process or across replicas:
 * a message bus (events and "poll now" pokes) and a lease (which replica polls a watch).
 * In one process both are in memory; with `REDIS_URL` they are Redis pub/sub and `SET NX PX` leases.
 *
 * Channel and lease names are built from a hash of the caller's key and resource ids only
 * (see `watchName`), never from the key itself.
 */

/** A JSON-serialisable message on a channel. */
export type BusMessage = Record<string, unknown>;

export interface LiveBus {
  /** Delivers `message` to every subscriber of `channel`, on this replica and (with Redis) all others. */
  publish(channel: string, message: BusMessage): Promise<void>;
  /** Registers a handler; resolves once the subscription is active. Returns the function that removes it. */
  subscribe(channel: string, handler: (message: BusMessage) => void): Promise<() => Promise<void>>;
  /** Closes connections; further calls fail. */
  close(): Promise<void>;
}

export interface LeaseManager {
  /** Tries to take `name` for `ttlMs`; true when this owner now holds it (also when it already did). */
  acquire(name: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this owner holds; false when it was lost (expired and taken by another owner). */
  renew(name: string, ttlMs: number): Promise<boolean>;
  /** Gives up a lease this owner holds (no-op otherwise). */
  release(name: string): Promise<void>;
  /** Closes connections. */
  close(): Promise<void>;
}

/** The stable name of a watch: kind, key hash and resource ids, e.g. `execution:3fa9…:67fd…:8ffc…`. */
export function watchName(kind: string, keyHash: string, ...ids: string[]): string {
  return [kind, keyHash, ...ids].join(':');
}
