/**
 * What the upstream client tells observers (metrics, tracing, the per-operation log) about its calls,
 * without knowing who listens. The client composes these wrappers around its layers:
 *
 * ```
 * observeSharing(dedupe(markSent(retry(breaker(observeAttempts(http))))))
 * ```
 *
 * - {@link observeAttempts} sees every HTTP exchange (one per attempt): its endpoint template, its
 *   status (null when nothing came back), its duration and its attempt number. An observer may add
 *   headers to the attempt (the W3C `traceparent` of a span).
 * - {@link observeSharing} reports a GET that was answered by an identical call already in flight.
 * - Breaker state changes come from `withBreaker`'s optional listener.
 *
 * Events carry endpoint templates (`GET /task/{id}`), never paths with ids, and never the key.
 */
import { GatewayError } from '../errors.js';
import type { CallOrigin, HttpMethod, Send, WexaRequest } from './transport.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One finished HTTP exchange with the upstream. */
export interface UpstreamAttempt {
  /** `METHOD /route/{pattern}`. */
  endpoint: string;
  method: HttpMethod;
  /** The HTTP status the upstream answered; null on a connection failure, timeout or open breaker. */
  status: number | null;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** The gateway error code when the exchange failed. */
  errorCode?: string;
}

/** What an observer may do when an attempt starts. */
export interface AttemptHandle {
  /** Extra request headers for this attempt (e.g. `traceparent`). */
  headers?: Record<string, string>;
  end(attempt: UpstreamAttempt): void;
}

export interface UpstreamObserver {
  /** An attempt is about to be sent. */
  onAttemptStart?(start: { endpoint: string; method: HttpMethod; attempt: number; origin?: CallOrigin }): AttemptHandle | void;
  /** A GET joined an identical call already in flight instead of sending its own. */
  onShared?(endpoint: string, origin?: CallOrigin): void;
  /** The circuit breaker changed state. */
  onBreakerState?(state: BreakerState): void;
}

/** Fans events out to several observers. */
export function combineObservers(observers: readonly (UpstreamObserver | undefined)[]): UpstreamObserver {
  const list = observers.filter((o): o is UpstreamObserver => o !== undefined);
  return {
    // Called for every upstream attempt: plain loops, and one handle passed through as it is.
    onAttemptStart(start) {
      let handles: AttemptHandle[] | undefined;
      for (const observer of list) {
        const handle = observer.onAttemptStart?.(start);
        if (handle) (handles ??= []).push(handle);
      }
      if (handles === undefined) return;
      if (handles.length === 1) return handles[0];
      const all = handles;
      let headers: Record<string, string> | undefined;
      for (const handle of all) if (handle.headers) headers = { ...headers, ...handle.headers };
      return {
        ...(headers ? { headers } : {}),
        end: (attempt) => {
          for (const handle of all) handle.end(attempt);
        },
      };
    },
    onShared: (endpoint, origin) => list.forEach((o) => o.onShared?.(endpoint, origin)),
    onBreakerState: (state) => list.forEach((o) => o.onBreakerState?.(state)),
  };
}

/** Attempts made so far for one logical request (the same object travels through every layer). */
const attempts = new WeakMap<WexaRequest, number>();
/** Requests that went past the in-flight sharing layer, i.e. were not answered by another call. */
const sent = new WeakSet<WexaRequest>();

/** Innermost wrapper, around the HTTP layer: reports each exchange. */
export function observeAttempts(next: Send, observer: UpstreamObserver): Send {
  return async (req) => {
    const attempt = (attempts.get(req) ?? 0) + 1;
    attempts.set(req, attempt);
    const handle = observer.onAttemptStart?.({ endpoint: req.endpoint, method: req.method, attempt, ...(req.origin ? { origin: req.origin } : {}) });
    const started = performance.now();
    const finish = (status: number | null, errorCode?: string) =>
      handle?.end({
        endpoint: req.endpoint,
        method: req.method,
        status,
        durationMs: performance.now() - started,
        attempt,
        ...(errorCode ? { errorCode } : {}),
      });
    const outgoing = handle?.headers && Object.keys(handle.headers).length > 0 ? { ...req, headers: { ...req.headers, ...handle.headers } } : req;
    try {
      const response = await next(outgoing);
      finish(response.status);
      return response;
    } catch (error) {
      const gatewayError = error instanceof GatewayError ? error : undefined;
      finish(gatewayError?.statusCode ?? null, gatewayError?.code ?? 'INTERNAL_SERVER_ERROR');
      throw error;
    }
  };
}

/** Just inside the in-flight sharing layer: marks requests that were really sent. */
export function markSent(next: Send): Send {
  return (req) => {
    sent.add(req);
    return next(req);
  };
}

/** Just outside the in-flight sharing layer: reports requests answered by someone else's call. */
export function observeSharing(next: Send, observer: UpstreamObserver): Send {
  return async (req) => {
    try {
      return await next(req);
    } finally {
      if (req.method === 'GET' && !sent.has(req)) observer.onShared?.(req.endpoint, req.origin);
    }
  };
}
