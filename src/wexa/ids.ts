/**
 * Id validation for everything the client puts into an upstream path, query or body.
 *
 * Ids are checked before any request is built, so a hostile value (`../x`, `%2F`, `a?b`, `#`) can
 * never steer a request; paths are additionally built with `encodeURIComponent` (see `transport.ts`).
 * Error messages name the argument and never echo a long input.
 */
import { randomBytes } from 'node:crypto';
import { BadUserInputError, UnauthenticatedError } from '../errors.js';
import { isRecord } from './parse/common.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How a rejected value is described: its type and length only. The value itself is never echoed,
 * so neither a huge input nor a key pasted into the wrong argument can end up in an error message.
 */
function preview(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  return value === '' ? 'an empty string' : `a ${value.length}-character string that is not one`;
}

/** Throws `BAD_USER_INPUT` unless `value` is a 24-hex MongoDB ObjectId. Returns it lower-cased. */
export function assertObjectId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) {
    throw new BadUserInputError(`${argument} must be a 24-character hexadecimal id, got ${preview(value)}.`);
  }
  return value.toLowerCase();
}

/** Throws `BAD_USER_INPUT` unless `value` is a UUID (the shape of every Wexa `execution_id`). */
export function assertExecutionId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new BadUserInputError(`${argument} must be a UUID, got ${preview(value)}.`);
  }
  return value.toLowerCase();
}

/** A fresh 24-hex ObjectId-shaped id (4-byte time prefix like MongoDB, then random bytes). */
export function newObjectId(now: number = Date.now()): string {
  const time = Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8);
  return time + randomBytes(8).toString('hex');
}

/** Throws `BAD_USER_INPUT` unless `value` is undefined or a whole number in [min, 100000]. */
export function assertCount(argument: string, value: number | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > 100_000) {
    throw new BadUserInputError(`${argument} must be a whole number between ${min} and 100000.`);
  }
  return value;
}

/**
 * Returns `value` as a JSON object: `{}` when it is undefined or null, else it must be an object
 * (not an array or a scalar), or `BAD_USER_INPUT` is thrown.
 */
export function assertJsonObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new BadUserInputError(`${argument} must be a JSON object.`);
  return value;
}

/** Throws `BAD_USER_INPUT` unless `value` is a non-empty string of at most `max` characters. */
export function assertText(argument: string, value: unknown, max = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BadUserInputError(`${argument} must be a non-empty string.`);
  if (value.length > max) throw new BadUserInputError(`${argument} must be at most ${max} characters.`);
  return value;
}

/** Printable ASCII without spaces, as an HTTP header value must be; anything else cannot be a Wexa key. */
const API_KEY = /^[\x21-\x7e]{1,512}$/;

/** Throws UNAUTHENTICATED (without echoing it) unless `value` can be sent as a Wexa key. */
export function assertApiKey(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !API_KEY.test(value)) {
    throw new UnauthenticatedError('A valid Wexa API key is required: send it in the x-api-key header.');
  }
}
