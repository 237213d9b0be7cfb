/**
 * The idempotency keys of `startExecution`: the same key (per caller, by the caller's key hash) within
 * `idempotencyTtlS` returns the first request's result and starts nothing new, also when the two
 * requests arrive at the same moment. Held in memory, or in Redis when `redisUrl` is set so that
 * replicas agree. A first request that fails frees its key, so the client can try again.
 *
 * What is stored is the result (ids only) and a fingerprint of the input; reusing a key with a
 * different input is refused rather than answered with the wrong execution.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { BadUserInputError, UpstreamUnavailableError } from './errors.js';

/** A JSON-serialisable result. */
export type Remembered = Record<string, string>;

export interface IdempotencyStore {
  /**
   * Runs `start` once for `(keyHash, key)` within the TTL and returns its result; a later (or
   * concurrent) call with the same key returns that same result. `keyHash` is the caller's (see
   * `src/auth/key-hash.ts`); `fingerprint` identifies the input.
   */
  once<T extends Remembered>(keyHash: string, key: string, fingerprint: string, start: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Longest idempotency key a client may send. */
export const MAX_IDEMPOTENCY_KEY = 200;

/** A client's idempotency key as a name of fixed length (it may be 200 characters of anything printable). */
const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Validates a client's key (printable, at most {@link MAX_IDEMPOTENCY_KEY} characters). */
export function checkIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x20-\x7e]+$/.test(key)) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters.`);
  }
  return key;
}

const reused = () => new BadUserInputError('This idempotencyKey was already used with a different input.');

interface Entry {
  fingerprint: string;
  result: Promise<Remembered>;
  expires: number;
}

/** In one process: a map of results (and of starts still running), swept as entries expire. */
export function createMemoryIdempotencyStore(ttlMs: number, maxEntries = 100_000): IdempotencyStore {
  const entries = new Map<string, Entry>();
  const sweep = (now: number) => {
    for (const [name, entry] of entries) {
      if (entry.expires > now && entries.size <= maxEntries) break;
      entries.delete(name);
    }
  };
  return {
    async once(keyHash, key, fingerprint, start) {
      const now = Date.now();
      sweep(now);
      const name = `${keyHash}:${digest(key)}`;
      const known = entries.get(name);
      if (known && known.expires > now) {
        if (known.fingerprint !== fingerprint) throw reused();
        return (await known.result) as never;
      }
      const result = start();
      entries.set(name, { fingerprint, result, expires: now + ttlMs });
      result.catch(() => entries.delete(name));
      return result;
    },
    close: async () => entries.clear(),
  };
}

interface Stored {
  fingerprint: string;
  result?: Remembered;
}

/**
 * Across replicas: `SET NX` claims a key, the result replaces the claim, waiters poll for it
 * (bounded). Redis trouble fails the call with UPSTREAM_UNAVAILABLE; the connection's owner closes it.
 */
export function createRedisIdempotencyStore(redis: Redis, prefix: string, ttlMs: number, waitMs = 30_000): IdempotencyStore {
  const local = createMemoryIdempotencyStore(ttlMs);
  const unavailable = () => new UpstreamUnavailableError('The idempotency store is unavailable; retry later.', { upstreamFailure: false });

  const claimOrRead = async <T extends Remembered>(name: string, fingerprint: string, start: () => Promise<T>): Promise<T> => {
    const claim = JSON.stringify({ fingerprint } satisfies Stored);
    const claimed = await redis.set(name, claim, 'PX', ttlMs, 'NX').catch(() => {
      throw unavailable();
    });
    if (claimed === 'OK') {
      try {
        const result = await start();
        await redis.set(name, JSON.stringify({ fingerprint, result } satisfies Stored), 'PX', ttlMs).catch(() => undefined);
        return result;
      } catch (error) {
        await redis.del(name).catch(() => undefined);
        throw error;
      }
    }
    const deadline = Date.now() + waitMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      const text = await redis.get(name).catch(() => {
        throw unavailable();
      });
      // The first request failed and freed the key: this one becomes the first.
      if (text === null) return claimOrRead(name, fingerprint, start);
      const stored = JSON.parse(text) as Stored;
      if (stored.fingerprint !== fingerprint) throw reused();
      if (stored.result) return stored.result as T;
      if (Date.now() > deadline) throw new UpstreamUnavailableError('The first request with this idempotencyKey is still running; retry later.', { upstreamFailure: false });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  return {
    // Concurrent requests on this replica share one claim; other replicas go through Redis.
    once: (keyHash, key, fingerprint, start) =>
      local.once(keyHash, key, fingerprint, () => claimOrRead(`${prefix}idempotency:${keyHash}:${digest(key)}`, fingerprint, start)),
    close: () => local.close(),
  };
}

/** The store the config asks for: in Redis when given a connection, else in memory. */
export function createIdempotencyStore(config: Config, redis: Redis | null): IdempotencyStore {
  const ttlMs = Math.max(1, config.idempotencyTtlS) * 1000;
  return redis ? createRedisIdempotencyStore(redis, config.redisPrefix, ttlMs) : createMemoryIdempotencyStore(ttlMs);
}
