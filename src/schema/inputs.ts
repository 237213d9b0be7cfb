/**
 * Small checks shared by mutations. The upstream client validates everything it sends (ids, JSON
 * objects, text lengths) before any request; this trims text a client typed, which only the
 * GraphQL layer cares about.
 */
import { BadUserInputError } from '../errors.js';

/** Returns `value` trimmed, or throws `BAD_USER_INPUT` when it is empty. */
export function requireText(field: string, value: string): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty.`);
  return text;
}
