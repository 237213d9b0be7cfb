/**
 * The two seams that let the live layer run in one process or across replicas, and what travels
 * through them: a message bus (watch events and "poll now" pokes) and a lease (which replica polls a
 * watch). In one process both are in memory; with `REDIS_URL` they are Redis pub/sub and leases
 * taken, renewed and released by Lua scripts that check the holder.
 *
 * Every replica with subscribers to a watch listens on its event channel; the replica that polls
 * publishes there and receives its own publications like everyone else, so events reach clients by
 * one path. Channel and lease names are built from a hash of the caller's key and resource ids only
 * (see `watchName`), never from the key itself. Values are normalised model objects (plain JSON).
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

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

const changeSchema = z.object({
  type: z.literal('change'),
  /** When the read that saw this began (ms since the epoch); subscribers drop what is older than their own first state. */
  polledAt: z.number(),
  /** The changed resources: id, fingerprint and the normalised value. */
  entries: z.array(z.object({ id: z.string(), fp: z.string(), value: z.unknown() })),
  /** The watched resource reached a state it never leaves: subscribers complete after it. */
  terminal: z.boolean(),
});

const endSchema = z.object({
  type: z.literal('end'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

const eventSchema = z.discriminatedUnion('type', [changeSchema, endSchema]);
const pokeSchema = z.object({ type: z.enum(['poke', 'replay']) });

/** A change seen by a read of the watched resource. */
export type ChangeEvent = z.infer<typeof changeSchema>;
/** A message on a watch's event channel: a change, or the end every subscriber receives (with its code). */
export type WatchEvent = z.infer<typeof eventSchema>;
/** `poke`: poll now. `replay`: publish the last state again (for a replica that just joined). */
type PokeMessage = z.infer<typeof pokeSchema>;

/** Validates a bus message as a watch event; null when it is not one. */
export function parseWatchEvent(message: unknown): WatchEvent | null {
  const result = eventSchema.safeParse(message);
  return result.success ? result.data : null;
}

/** Validates a bus message as a poke; null when it is not one. */
export function parsePoke(message: unknown): PokeMessage | null {
  const result = pokeSchema.safeParse(message);
  return result.success ? result.data : null;
}

/** The event channel of a watch. */
export const eventChannel = (watch: string): string => `ev:${watch}`;
/** The poke channel of one watch (one key's view of a resource). */
export const watchPokeChannel = (watch: string): string => `poke:${watch}`;
/** The poke channel of a resource, shared by the watches of every key (carries ids only). */
export const resourcePokeChannel = (kind: string, ...ids: string[]): string => `poke-any:${[kind, ...ids].join(':')}`;
