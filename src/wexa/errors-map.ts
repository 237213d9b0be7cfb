/**
 * Maps what the upstream did (an HTTP status, a transport failure) to the gateway's error classes.
 *
 * Messages are fixed text plus the endpoint pattern (`GET /task/{id}`) and the status code; the
 * upstream's own `detail` text is included for 400/422/409 (truncated, with any occurrence of the
 * caller's key removed). Nothing here ever sees a URL with query values.
 */
import {
  BadUserInputError,
  ForbiddenError,
  type GatewayError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamUnavailableError,
} from '../errors.js';
import type { Config } from '../config.js';

/**
 * Statuses a read may be tried again after. 500 is among them: a FastAPI backend answers 500 for any
 * unhandled exception, most often a passing one (a lost database connection), and a GET has no effect
 * to repeat. Writes are never retried, whatever the status.
 */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  'ATTEMPT_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

const TRANSPORT_REASONS: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  UND_ERR_SOCKET: 'connection closed by the upstream',
  ATTEMPT_TIMEOUT: 'no whole answer within the attempt deadline',
  WRITE_TIMEOUT: 'no whole answer within the write deadline; the change may or may not have been made',
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
};

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into whole seconds, or undefined when absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

const MAX_DETAIL = 200;

/** The upstream's human-readable error text (`detail`, FastAPI's `detail[].msg`, or `message`), truncated. */
export function upstreamDetail(bodyText: string, secret?: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const body = parsed as Record<string, unknown>;
  let text: string | undefined;
  if (typeof body.detail === 'string') text = body.detail;
  else if (Array.isArray(body.detail)) {
    text = body.detail
      .map((d) => (d && typeof d === 'object' && typeof (d as { msg?: unknown }).msg === 'string' ? (d as { msg: string }).msg : ''))
      .filter(Boolean)
      .join('; ');
  } else if (typeof body.message === 'string') text = body.message;
  if (!text) return undefined;
  if (secret) text = text.split(secret).join('[redacted]');
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f]+/g, ' ');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

export interface ResponseFacts {
  status: number;
  endpoint: string;
  bodyText: string;
  retryAfterHeader?: string | string[] | undefined;
  /** The caller's key, only so that it can be removed from any echoed upstream text. */
  secret?: string;
}

/** The gateway error for a non-2xx upstream answer. */
export function errorForStatus(facts: ResponseFacts): GatewayError {
  const { status, endpoint } = facts;
  const opts = { statusCode: status, endpoint };
  const detail = () => upstreamDetail(facts.bodyText, facts.secret);
  const withDetail = (base: string) => {
    const d = detail();
    return d ? `${base}: ${d}` : `${base}.`;
  };
  if (status === 401) return new UnauthenticatedError(`The Wexa API did not accept the API key (${endpoint}).`, opts);
  if (status === 403) return new ForbiddenError(`This API key may not access that resource (${endpoint}).`, opts);
  if (status === 404) return new NotFoundError(`Not found (${endpoint}).`, opts);
  if (status === 400 || status === 422) return new BadUserInputError(withDetail(`The Wexa API rejected the request (${endpoint}, ${status})`), opts);
  // 409 is how the simulator reports a state change the resource does not allow; the real API's
  // code for this case is undocumented, so this mapping is our best guess until it is observed.
  if (status === 409) return new InvalidTransitionError(withDetail(`Invalid state change (${endpoint})`), opts);
  if (status === 429) {
    const retryAfter = parseRetryAfter(facts.retryAfterHeader);
    return new RateLimitedError(`The Wexa API is rate limiting this key (${endpoint}); retry later.`, { ...opts, retryAfter });
  }
  if (status >= 500) {
    return new UpstreamUnavailableError(`The Wexa API answered ${status} (${endpoint}); retry later.`, {
      ...opts,
      retryable: TRANSIENT_STATUSES.has(status),
    });
  }
  // Any other 4xx (402 out of credits, 405, 413, …): the request itself was not acceptable.
  return new BadUserInputError(withDetail(`The Wexa API refused the request (${endpoint}, ${status})`), opts);
}

/** The gateway error for a request that got no usable answer (timeout, reset, refused, …). */
export function errorForTransport(cause: unknown, endpoint: string): UpstreamUnavailableError {
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : 'UNKNOWN';
  const reason = TRANSPORT_REASONS[code] ?? 'connection failure';
  return new UpstreamUnavailableError(`The Wexa API could not be reached (${endpoint}: ${reason}); retry later.`, {
    endpoint,
    cause,
    retryable: TRANSIENT_CODES.has(code),
  });
}

/** What an open breaker paused, per breaker scope (see `breakers.ts`). */
const PAUSED: Record<Config['breakerScope'], string> = {
  upstream: 'requests are paused for a moment',
  route: 'requests to this endpoint are paused for a moment',
  key: "this API key's requests are paused for a moment",
  'key-route': "this API key's requests to this endpoint are paused for a moment",
};

/** The error callers get while the breaker that judges their call is open. */
export function errorForOpenCircuit(endpoint: string, retryAfter: number, scope: Config['breakerScope'] = 'upstream'): UpstreamUnavailableError {
  return new UpstreamUnavailableError(
    `The Wexa API is failing; ${PAUSED[scope]} (${endpoint}); retry later.`,
    // The breaker's own refusal is not news about the upstream: it must not count again.
    { endpoint, retryAfter, upstreamFailure: false },
  );
}
