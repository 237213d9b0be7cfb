/**
 * The one name a caller's key goes by wherever it must be held beyond the request itself: the
 * in-flight GET sharing and rate-limit maps of `src/wexa/`, watch names, bus channels and leases of
 * `src/live/`, idempotency entries, and the dashboards' access cache. No map key, channel, Redis
 * key or row ever holds the key itself.
 *
 * The name is an HMAC of the key under a key derived from the gateway secret, so someone who can read
 * Redis cannot confirm a guessed key by hashing it: they would need the secret too. Every replica
 * must therefore run with the same secret (as it must to read the keys stored for scheduled refresh).
 */
import { createHmac, hkdfSync } from 'node:crypto';

/** Names a key: 32 hex characters, the same for the same key and secret on every replica. */
export type KeyHasher = (apiKey: string) => string;

/** A hasher for keys under `secret` (the gateway secret; a sub-key is derived for this one purpose). */
export function createKeyHasher(secret: string): KeyHasher {
  const hmacKey = Buffer.from(hkdfSync('sha256', secret, 'wexa-graph', 'api key names', 32));
  return (apiKey) => createHmac('sha256', hmacKey).update(apiKey).digest('hex').slice(0, 32);
}
