/**
 * The one name a caller's key goes by anywhere it must be held beyond the request itself: the
 * in-flight GET dedupe map here, and watch names, bus channels and Redis lease names in `src/live/`.
 * No map key, channel or Redis key ever holds the key itself.
 */
import { createHash } from 'node:crypto';

/** Put in front of the key before hashing, so the digest is not a plain SHA-256 of the key. */
const SALT = 'wexa-graph:key:';

/** A stable, short (32 hex characters) salted SHA-256 digest of an API key; the same on every replica. */
export function keyHash(apiKey: string): string {
  return createHash('sha256').update(`${SALT}${apiKey}`).digest('hex').slice(0, 32);
}
