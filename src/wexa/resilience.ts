/**
 * Resilience layers built on cockatiel:
 *
 * - {@link withBreaker}: circuit breakers, one per scope (`breakers.ts`: per API key by default, so one
 *   tenant's failing calls pause that tenant only), each opening on a failure *rate*
 *   (`SamplingBreaker`: `breakerFailureRate` of the calls over `breakerWindowMs`, once there are at
 *   least `breakerMinimumRps` calls a second), so a partly failing upstream stays usable and only one
 *   that mostly fails is paused. Only upstream failures count (an error's `upstreamFailure`: 5xx,
 *   timeouts, connection failures); an answered 4xx counts as a success, the upstream is clearly alive.
 *   While open, calls fail fast with UPSTREAM_UNAVAILABLE (with `retryAfter`) and send nothing; after
 *   `breakerHalfOpenAfterMs` one probe goes through.
 * - {@link withRetry}: GET only, per caller. Sits *above* the in-flight de-duplication, so requests that
 *   shared a failed attempt each retry on their own instead of inheriting its fate. Retryable failures
 *   (an error's `retryable`: 500/502/503/504, reset, attempt timeout) are retried up to `upstreamRetries`
 *   times with full-jitter exponential backoff from `upstreamRetryBaseMs`; a 429 waits out its
 *   `Retry-After` when that is at most `upstreamMaxRetryAfterS`. The whole read, retries included, is
 *   bounded by `upstreamDeadlineMs`. POST, PUT, PATCH and DELETE are never retried: once sent they may
 *   have had an effect upstream.
 */
import {
  BrokenCircuitError,
  DelegateBackoff,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  fullJitterGenerator,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { GatewayError, RateLimitedError, UpstreamUnavailableError } from '../errors.js';
import { createBreakers } from './breakers.js';
import { errorForOpenCircuit } from './errors-map.js';
import type { BreakerState } from './observer.js';
import { KeyOverLimitError } from './rate-limit.js';
import type { Send, WexaRequest, WexaResponse } from './transport.js';

/** The longest backoff between two retries, ms. */
const MAX_BACKOFF_MS = 10_000;

/** An answered error that must pass the breaker as a success and be rethrown outside it. */
interface Answered {
  answered: unknown;
}

const isUpstreamFailure = (error: unknown): boolean => error instanceof GatewayError && error.upstreamFailure;

/**
 * Wraps `next` in the circuit breakers of `breakers.ts` (one per scope: per API key by default). While
 * a caller's breaker is open its calls fail fast with UPSTREAM_UNAVAILABLE and `retryAfter`, sending
 * nothing; `onState` hears the upstream-wide state.
 */
export function withBreaker(next: Send, config: Config, logger: Logger, onState?: (state: BreakerState) => void): Send {
  const breakers = createBreakers(config, logger, isUpstreamFailure, onState);
  const retryAfter = Math.max(1, Math.ceil(config.breakerHalfOpenAfterMs / 1000));

  return async (req) => {
    let outcome: WexaResponse | Answered;
    try {
      outcome = await breakers.for(req).execute(async (): Promise<WexaResponse | Answered> => {
        try {
          return await next(req);
        } catch (error) {
          if (isUpstreamFailure(error)) throw error;
          return { answered: error };
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw errorForOpenCircuit(req.endpoint, retryAfter, config.breakerScope);
      throw error;
    }
    if ('answered' in outcome) throw outcome.answered;
    return outcome;
  };
}

/**
 * Whether a failed GET may be tried again, given the longest `Retry-After` we are willing to wait. The
 * gateway's own per-key refusal never is: it sent nothing, and waiting would only hold the caller.
 */
export function isRetryableForGet(error: unknown, maxRetryAfterS: number): boolean {
  if (error instanceof KeyOverLimitError) return false;
  if (error instanceof RateLimitedError) return error.retryAfter === undefined || error.retryAfter <= maxRetryAfterS;
  return error instanceof GatewayError && error.retryable;
}

/** Wraps `next` so that GETs are retried as described above; other methods pass straight through. */
export function withRetry(next: Send, config: Config, logger: Logger): Send {
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
  const retries = retry(
    handleWhen((error) => isRetryableForGet(error, config.upstreamMaxRetryAfterS)),
    { maxAttempts: config.upstreamRetries, backoff },
  );
  const deadlineError = (req: { endpoint: string }) =>
    new UpstreamUnavailableError(`The Wexa API did not answer in time (${req.endpoint}); retry later.`, {
      endpoint: req.endpoint,
      upstreamFailure: false,
    });
  /**
   * The retry policy for one read, `elapsedMs` into its deadline. Aggressive: the caller gets its
   * answer at the deadline; an attempt still in flight ends on its own (its attempt timeout), and may
   * still serve other callers sharing it.
   */
  const policyFor = (elapsedMs: number) =>
    config.upstreamDeadlineMs > 0 ? wrap(timeout(Math.max(1, config.upstreamDeadlineMs - elapsedMs), TimeoutStrategy.Aggressive), retries) : retries;
  /** Runs the policy; `first` is the failure of an attempt already made outside it (it counts as the first try). */
  const withPolicy = async (req: WexaRequest, first: { error: unknown; elapsedMs: number } | null): Promise<WexaResponse> => {
    try {
      return await policyFor(first?.elapsedMs ?? 0).execute(({ attempt }: { attempt?: number }) => {
        if (attempt === 0 && first) return Promise.reject(first.error);
        if (attempt) logger.debug({ endpoint: req.endpoint, attempt }, 'wexa request retry');
        return next(req);
      });
    } catch (error) {
      if (error instanceof TaskCancelledError) throw deadlineError(req);
      throw error;
    }
  };
  // When an attempt's own timeout ends it within the read's deadline, the first attempt needs no
  // policy around it: most reads succeed at once, and the policy (a timer, an AbortController and
  // several promises per read) is then paid only by reads that failed once.
  const firstAttemptBounded =
    config.upstreamDeadlineMs <= 0 || (config.upstreamAttemptTimeoutMs > 0 && config.upstreamAttemptTimeoutMs <= config.upstreamDeadlineMs);

  return async (req) => {
    if (req.method !== 'GET') return next(req);
    if (!firstAttemptBounded) return withPolicy(req, null);
    const started = performance.now();
    try {
      return await next(req);
    } catch (error) {
      if (config.upstreamRetries <= 0 || !isRetryableForGet(error, config.upstreamMaxRetryAfterS)) throw error;
      const elapsedMs = performance.now() - started;
      if (config.upstreamDeadlineMs > 0 && elapsedMs >= config.upstreamDeadlineMs) throw deadlineError(req);
      return withPolicy(req, { error, elapsedMs });
    }
  };
}
