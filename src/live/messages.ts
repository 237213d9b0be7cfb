/**
 * What travels on the live bus. Every replica with subscribers to a watch listens on its event
 * channel; the replica that polls publishes there, and receives its own publications like everyone
 * else, so events reach clients by one path. Pokes ("poll now", "publish your last state again") go
 * to poke channels. Values are normalised model objects, which are plain JSON.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

const changeSchema = z.object({
  type: z.literal('change'),
  /** When the poll that saw this began (ms since the epoch); subscribers drop what is older than their own read. */
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

/** A change seen by the poller. */
export type ChangeEvent = z.infer<typeof changeSchema>;
/** The watch ended with an error every subscriber receives (with its code). */
export type EndEvent = z.infer<typeof endSchema>;
/** A message on a watch's event channel. */
export type WatchEvent = z.infer<typeof eventSchema>;
/** `poke`: poll now. `replay`: publish the last state again (for a replica that just joined). */
export type PokeMessage = z.infer<typeof pokeSchema>;

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
