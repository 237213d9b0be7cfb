/**
 * Per-key rate limiting in front of the upstream, so one caller cannot spend the quota everyone
 * shares: each upstream call of a key takes one point from a bucket that refills at
 * `rateLimitPerSecond`, with `rateLimitBurstPerMinute` extra points for bursts (rate-limiter-flexible's
 * `BurstyRateLimiter`). Buckets live in memory, or in Redis when `redisUrl` is set so every replica
 * draws from the same one; if Redis is unreachable the limit falls back to memory rather than failing
 * calls. A call over the limit is refused before it is sent, with `RATE_LIMITED` and `retryAfter`.
 *
 * The layer sits just below the in-flight sharing (see `client.ts`): only calls really sent take a
 * point, so the readers of one screen sharing one call spend one point, not one each. A retry is a
 * call and takes one too. A refusal is cheap: nothing is sent, it is never retried (see
 * {@link KeyOverLimitError}), and its error carries no stack trace.
 *
 * Buckets are named by the key's hash, never by the key.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { RateLimitedError } from '../errors.js';
import type { Send } from './transport.js';

/**
 * Wraps `next` in the per-key limit, in Redis when given a connection (its owner closes it; while it
 * is away the in-memory insurance limiter takes over); without a limit (`rateLimitPerSecond` 0) it
 * is `next` itself.
 */
export function withRateLimit(next: Send, config: Config, redis: Redis | null): Send {
  if (config.rateLimitPerSecond === 0) return next;
  const prefix = `${config.redisPrefix}ratelimit:`;
  const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}${name}`, points, duration });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}${name}`,
      points,
      duration,
      insuranceLimiter: memory,
    });
  };
  const steady = make('steady', config.rateLimitPerSecond, 1);
  const limiter =
    config.rateLimitBurstPerMinute > 0 ? new BurstyRateLimiter(steady, make('burst', config.rateLimitBurstPerMinute, 60)) : steady;

  return async (req) => {
    try {
      await limiter.consume(req.keyHash);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw overLimit(config.rateLimitPerSecond, req.endpoint, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
    return next(req);
  };
}

/** The gateway's own refusal of a key over its limit: never retried (a retry would only be refused again). */
export class KeyOverLimitError extends RateLimitedError {}

/** The refusal, built without a stack trace: it is an expected answer, not a fault to trace. */
function overLimit(perSecond: number, endpoint: string, retryAfter: number): KeyOverLimitError {
  const depth = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new KeyOverLimitError(`This API key is over the gateway's limit of ${perSecond} upstream calls a second (${endpoint}); retry in ${retryAfter} s.`, {
      retryAfter,
      endpoint,
    });
  } finally {
    Error.stackTraceLimit = depth;
  }
}
