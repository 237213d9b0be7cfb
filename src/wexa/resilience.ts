/**
 * Resilience layers built on cockatiel:
 *
 * - {@link withBreaker}: one circuit breaker per origin (`ConsecutiveBreaker(breakerThreshold)`).
 *   Only upstream failures count (5xx, timeouts, connection failures); any answered 4xx counts as a
 *   success, because the upstream is clearly alive. While open, calls fail fast with
 *   UPSTREAM_UNAVAILABLE and send nothing; after `breakerHalfOpenAfterMs` one probe goes through.
 * - {@link withRetry}: GET only. Transient failures (502/503/504, reset, timeout) are retried up to
 *   `upstreamRetries` times with full-jitter exponential backoff from `upstreamRetryBaseMs`; a 429
 *   waits out its `Retry-After` when that is at most `upstreamMaxRetryAfterS`. POST, PUT, PATCH and
 *   DELETE are never retried: once sent they may have had an effect upstream.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  IsolatedCircuitError,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  retry,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { errorForOpenCircuit, isTransientFailure, isUpstreamFailure } from './errors-map.js';
import type { BreakerState } from './observer.js';
import type { Send, WexaResponse } from './transport.js';

/** The longest backoff between two retries, ms. */
const MAX_BACKOFF_MS = 10_000;

/** An answered error that must pass the breaker as a success and be rethrown outside it. */
interface Answered {
  answered: unknown;
}

/** Wraps `next` in a circuit breaker shared by every call through the returned function. */
export function withBreaker(next: Send, config: Config, logger: Logger, onState?: (state: BreakerState) => void): Send {
  const breaker = circuitBreaker(handleWhen(isUpstreamFailure), {
    halfOpenAfter: config.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(Math.max(1, config.breakerThreshold)),
  });
  breaker.onBreak(() => logger.warn({ halfOpenAfterMs: config.breakerHalfOpenAfterMs }, 'wexa circuit opened'));
  breaker.onHalfOpen(() => logger.info('wexa circuit half-open: sending a probe'));
  breaker.onReset(() => logger.info('wexa circuit closed'));
  if (onState) {
    breaker.onBreak(() => onState('open'));
    breaker.onHalfOpen(() => onState('half-open'));
    breaker.onReset(() => onState('closed'));
  }

  return async (req) => {
    let outcome: WexaResponse | Answered;
    try {
      outcome = await breaker.execute(async (): Promise<WexaResponse | Answered> => {
        try {
          return await next(req);
        } catch (error) {
          if (isUpstreamFailure(error)) throw error;
          return { answered: error };
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw errorForOpenCircuit(req.endpoint);
      throw error;
    }
    if ('answered' in outcome) throw outcome.answered;
    return outcome;
  };
}

/** Whether a failed GET may be tried again, given the longest `Retry-After` we are willing to wait. */
export function isRetryableForGet(error: unknown, maxRetryAfterS: number): boolean {
  if (error instanceof RateLimitedError) return error.retryAfter === undefined || error.retryAfter <= maxRetryAfterS;
  return isTransientFailure(error);
}

/** Wraps `next` so that GETs are retried as described above; other methods pass straight through. */
export function withRetry(next: Send, config: Config, logger: Logger): Send {
  if (config.upstreamRetries === 0) return next;
  const exponential = new ExponentialBackoff({
    initialDelay: Math.max(1, config.upstreamRetryBaseMs),
    maxDelay: MAX_BACKOFF_MS,
    generator: fullJitterGenerator,
  });
  // Backoff from the exponential schedule, except that a 429's Retry-After sets the wait.
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown> | undefined>((context, previous) => {
    const step = previous ? previous.next(context) : exponential.next();
    const error = 'error' in context.result ? context.result.error : undefined;
    if (error instanceof RateLimitedError && error.retryAfter !== undefined) return { delay: error.retryAfter * 1000, state: step };
    return { delay: step.duration, state: step };
  });
  const policy = retry(
    handleWhen((error) => isRetryableForGet(error, config.upstreamMaxRetryAfterS)),
    { maxAttempts: config.upstreamRetries, backoff },
  );

  return (req) => {
    if (req.method !== 'GET') return next(req);
    return policy.execute(({ attempt }) => {
      if (attempt > 0) logger.debug({ endpoint: req.endpoint, attempt }, 'wexa request retry');
      return next(req);
    });
  };
}
