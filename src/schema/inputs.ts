/**
 * What arguments and mutation inputs go through before they reach a loader key or a write. The
 * upstream client validates everything it sends (ids, JSON objects, text lengths) before any
 * request; this trims text a client typed, which only the GraphQL layer cares about, and leaves out
 * what a client did not give.
 */
import { BadUserInputError } from '../errors.js';

/** Returns `value` trimmed, or throws `BAD_USER_INPUT` when it is empty. */
export function requireText(field: string, value: string): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty.`);
  return text;
}

/** {@link requireText} for an optional input: undefined when the client gave none. */
export function optionalText(field: string, value: string | null | undefined): string | undefined {
  return value == null ? undefined : requireText(field, value);
}

/** Keys of `T` whose value may be null or undefined. */
type MaybeKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : undefined extends T[K] ? K : never }[keyof T];

/** `T` with the keys that may be null or undefined made optional and non-null: what {@link definedOnly} returns. */
export type DefinedOnly<T> = Omit<T, MaybeKeys<T>> & { [K in MaybeKeys<T>]?: NonNullable<T[K]> };

/**
 * `fields` without its null and undefined entries: an argument or input field a client left out
 * is not sent upstream (nor put in a loader key) at all.
 */
export function definedOnly<T extends object>(fields: T): DefinedOnly<T> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value != null) kept[key] = value;
  return kept as DefinedOnly<T>;
}
