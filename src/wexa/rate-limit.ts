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
 * For an upstream whose per-key quota is known, two more settings keep the gateway inside it rather
 * than passing its 429s on: `rateLimitConcurrency` caps the calls one key has in flight, and
 * `rateLimitMaxWaitMs` lets a call wait that long for its turn (a point of the bucket, a slot, the end
 * of the pause an upstream 429's `Retry-After` asked of the key) instead of being refused at once.
 * The slot is taken before the point, so a point is spent only when the call is sent.
 *
 * Buckets and slots are named by the key's hash, never by the key.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { RateLimitedError } from '../errors.js';
import type { Send, WexaRequest } from './transport.js';

/**
 * Wraps `next` in the per-key limits: the rate (in Redis when given a connection; its owner closes it;
 * while it is away the in-memory insurance limiter takes over) and, when set, the concurrency and the
 * upstream's pauses. Without any limit (`rateLimitPerSecond` and `rateLimitConcurrency` 0) and no
 * waiting, it is `next` itself.
 */
export function withRateLimit(next: Send, config: Config, redis: Redis | null): Send {
  let send = config.rateLimitPerSecond > 0 ? withKeyRate(next, config, redis) : next;
  if (config.rateLimitConcurrency > 0 || config.rateLimitMaxWaitMs > 0) send = withKeyGate(send, config);
  return send;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When a call that starts now must have been let through, or be refused (ms on `performance.now()`). */
const waitDeadline = (config: Config) => performance.now() + config.rateLimitMaxWaitMs;

/** The per-key rate: one point per call sent; over it, wait for the next point (within the deadline) or be refused. */
function withKeyRate(next: Send, config: Config, redis: Redis | null): Send {
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
    const deadline = waitDeadline(config);
    for (;;) {
      try {
        await limiter.consume(req.keyHash);
        break;
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const waitMs = Math.max(1, rejection.msBeforeNext);
        if (performance.now() + waitMs > deadline) throw overLimit(limitText(config), req.endpoint, Math.max(1, Math.ceil(waitMs / 1000)));
        await sleep(waitMs);
      }
    }
    return next(req);
  };
}

const limitText = (config: Config) => `over the gateway's limit of ${config.rateLimitPerSecond} upstream calls a second`;

/** One key's slots and pause. */
interface KeyGate {
  active: number;
  /** Calls waiting for a slot, first come first served; each is handed a slot directly. */
  waiting: Array<() => void>;
  /** Until when (`performance.now()`) the upstream asked this key to wait (its last 429's Retry-After). */
  pausedUntil: number;
}

/**
 * The per-key concurrency and the upstream's pauses: a call waits for a slot (at most
 * `rateLimitConcurrency` in flight per key; any number when 0) and for the end of a pause the upstream
 * asked for with a 429's `Retry-After`, within `rateLimitMaxWaitMs`, else it is refused unsent.
 */
function withKeyGate(next: Send, config: Config): Send {
  const gates = new Map<string, KeyGate>();
  const limit = config.rateLimitConcurrency;

  const refuse = (req: WexaRequest, why: string, retryAfterMs: number) =>
    overLimit(why, req.endpoint, Math.max(1, Math.ceil(retryAfterMs / 1000)));

  const acquire = async (req: WexaRequest, gate: KeyGate, deadline: number): Promise<void> => {
    for (let now = performance.now(); now < gate.pausedUntil; now = performance.now()) {
      if (gate.pausedUntil > deadline) throw refuse(req, 'paused: the Wexa API asked it to wait', gate.pausedUntil - now);
      await sleep(gate.pausedUntil - now);
    }
    if (limit === 0 || gate.active < limit) {
      gate.active += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const handOver = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = gate.waiting.indexOf(handOver);
        if (at >= 0) gate.waiting.splice(at, 1);
        reject(refuse(req, `over the gateway's limit of ${limit} upstream calls in flight`, 1000));
      }, Math.max(0, deadline - performance.now()));
      gate.waiting.push(handOver);
    });
  };

  const release = (keyHash: string, gate: KeyGate) => {
    const waiter = gate.waiting.shift();
    if (waiter) {
      waiter(); // the slot passes straight to the next caller
      return;
    }
    gate.active -= 1;
    if (gate.active === 0 && gate.pausedUntil <= performance.now()) gates.delete(keyHash);
  };

  return async (req) => {
    let gate = gates.get(req.keyHash);
    if (!gate) {
      gate = { active: 0, waiting: [], pausedUntil: 0 };
      gates.set(req.keyHash, gate);
    }
    await acquire(req, gate, waitDeadline(config));
    try {
      return await next(req);
    } catch (error) {
      // The upstream's own 429 pauses the whole key for its Retry-After, not only this call.
      if (error instanceof RateLimitedError && !(error instanceof KeyOverLimitError) && error.retryAfter !== undefined) {
        gate.pausedUntil = Math.max(gate.pausedUntil, performance.now() + error.retryAfter * 1000);
      }
      throw error;
    } finally {
      release(req.keyHash, gate);
    }
  };
}

/** The gateway's own refusal of a key over its limit: never retried (a retry would only be refused again). */
export class KeyOverLimitError extends RateLimitedError {}

/** The refusal, built without a stack trace: it is an expected answer, not a fault to trace. */
function overLimit(reason: string, endpoint: string, retryAfter: number): KeyOverLimitError {
  const depth = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new KeyOverLimitError(`This API key is ${reason} (${endpoint}); retry in ${retryAfter} s.`, {
      retryAfter,
      endpoint,
    });
  } finally {
    Error.stackTraceLimit = depth;
  }
}
