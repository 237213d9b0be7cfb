/**
 * Small checks shared by mutations. Ids are validated again by the upstream client before any
 * request is sent; these cover what only the gateway knows (non-empty text, object-shaped JSON).
 */
import { BadUserInputError } from '../../errors.js';

/** Returns `value` trimmed, or throws `BAD_USER_INPUT` when it is empty. */
export function requireText(field: string, value: string): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty.`);
  return text;
}

/** Returns `value` as a JSON object, or throws `BAD_USER_INPUT` (arrays and scalars are not variables). */
export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BadUserInputError(`${field} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}
