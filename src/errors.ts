/**
 * Errors with stable codes. Every expected failure in the gateway is a {@link GatewayError}; its
 * `code` becomes the GraphQL `extensions.code` a client can branch on. Anything else is a bug and
 * is masked before it reaches a client.
 *
 * Messages never contain an API key, a password or an upstream URL with credentials: they are
 * built from fixed text plus ids and status codes only.
 */
import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';

/** Code of a request refused before anything runs: too deep, too many aliases, directives or tokens, or too costly. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_REQUIRED',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'INVALID_TRANSITION',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_CONTRACT',
  QUERY_TOO_COMPLEX,
  'TOO_MANY_SUBSCRIPTIONS',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface GatewayErrorOptions {
  /** HTTP status the upstream answered, when there was an answer. */
  statusCode?: number;
  /** Seconds the upstream asked us to wait (`Retry-After`). */
  retryAfter?: number;
  /** Which upstream endpoint failed, e.g. `GET /task/{id}`. Never a full URL. */
  endpoint?: string;
  /** A GET that failed this way may be tried again (502/503/504, reset, timeout). Default false. */
  retryable?: boolean;
  /** The upstream itself is unwell (5xx, timeout, connection failure): counts for the circuit breaker. Default false. */
  upstreamFailure?: boolean;
  /** Extra public extensions (e.g. `cost` and `limit` of a refused query). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** Base class of every expected error. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number | undefined;
  readonly retryAfter: number | undefined;
  readonly endpoint: string | undefined;
  /** Whether a GET that failed this way may be tried again. */
  readonly retryable: boolean;
  /** Whether this failure says the upstream is unwell (it counts for the circuit breaker). */
  readonly upstreamFailure: boolean;
  private readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = options.statusCode;
    this.retryAfter = options.retryAfter;
    this.endpoint = options.endpoint;
    this.retryable = options.retryable ?? false;
    this.upstreamFailure = options.upstreamFailure ?? false;
    this.extra = options.extensions;
  }

  /** The data a client may see in `extensions`, besides `code`. */
  publicExtensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = { ...this.extra, code: this.code };
    if (this.retryAfter !== undefined) ext.retryAfter = this.retryAfter;
    if (this.statusCode !== undefined) ext.upstreamStatus = this.statusCode;
    return ext;
  }
}

export class UnauthenticatedError extends GatewayError {
  constructor(message = 'A Wexa API key is required: send it in the x-api-key header.', options?: GatewayErrorOptions) {
    super('UNAUTHENTICATED', message, options);
  }
}

export class ForbiddenError extends GatewayError {
  constructor(message = 'This API key may not access that resource.', options?: GatewayErrorOptions) {
    super('FORBIDDEN', message, options);
  }
}

/** A published dashboard needs a password and none was given. */
export class PasswordRequiredError extends GatewayError {
  constructor(message = 'This dashboard needs a password.', options?: GatewayErrorOptions) {
    super('PASSWORD_REQUIRED', message, options);
  }
}

export class NotFoundError extends GatewayError {
  constructor(message = 'Not found.', options?: GatewayErrorOptions) {
    super('NOT_FOUND', message, options);
  }
}

export class BadUserInputError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('BAD_USER_INPUT', message, options);
  }
}

/** A state change the resource's current state does not allow (e.g. resuming a cancelled execution). */
export class InvalidTransitionError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('INVALID_TRANSITION', message, options);
  }
}

export class RateLimitedError extends GatewayError {
  constructor(message = 'The Wexa API is rate limiting this key; retry later.', options?: GatewayErrorOptions) {
    super('RATE_LIMITED', message, options);
  }
}

/**
 * 5xx, timeouts, connection failures and an open circuit breaker. Counts for the breaker unless the
 * options say otherwise (an open breaker's own error does not).
 */
export class UpstreamUnavailableError extends GatewayError {
  constructor(message = 'The Wexa API is unavailable; retry later.', options?: GatewayErrorOptions) {
    super('UPSTREAM_UNAVAILABLE', message, { upstreamFailure: true, ...options });
  }
}

/** A subscription (or WebSocket) over a cap: per socket, per key, or sockets per key (`extensions.limit`). */
export class TooManySubscriptionsError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super('TOO_MANY_SUBSCRIPTIONS', message, options);
  }
}

/** A request refused before any upstream call because it would cost too much (`extensions.cost`, `limit`). */
export class QueryTooComplexError extends GatewayError {
  constructor(message: string, options?: GatewayErrorOptions) {
    super(QUERY_TOO_COMPLEX, message, options);
  }
}

/** The upstream answered, but not in a shape we can use. `path` is the JSON path that was wrong. */
export class UpstreamContractError extends GatewayError {
  readonly path: string;
  constructor(endpoint: string, path: string, detail: string, options?: GatewayErrorOptions) {
    super('UPSTREAM_CONTRACT', `Unexpected response from the Wexa API at ${endpoint}: ${path} ${detail}`, {
      ...options,
      endpoint,
    });
    this.path = path;
  }
}

/** Longest message a client gets back: errors quote at most a short excerpt of what was sent. */
const MAX_MESSAGE = 500;

/** Code of an HTTP request the gateway cannot read (broken JSON, wrong content type, too large…). */
export const BAD_REQUEST = 'BAD_REQUEST';
/** Code of any GraphQL document or variables that fail validation without a more specific code. */
export const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';

/**
 * Duck-typed GraphQLError check. Errors are created with yoga's `createGraphQLError` and recognised
 * by shape, so they work whichever copy of `graphql` (CommonJS or ESM build) a runner loaded.
 */
export function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof Error && 'extensions' in error && 'originalError' in error && 'path' in error;
}

/** The code for an error GraphQL or yoga raised without one. */
function defaultCode(error: GraphQLError): string {
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (error.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  if (status !== undefined && status >= 400 && status < 500 && !error.nodes?.length) return BAD_REQUEST;
  return GRAPHQL_VALIDATION_FAILED;
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The one place where any error becomes what a client sees (yoga's `maskError`, also used by the auth
 * gate and the subscription layer):
 *
 * - a {@link GatewayError} (itself, or as a GraphQLError's `originalError`) keeps its message and gains
 *   its public extensions (`code`, `retryAfter`, `upstreamStatus`, …);
 * - errors GraphQL or yoga raised themselves (syntax, validation, variable coercion, HTTP parsing) stay,
 *   gain a code when they have none, lose any `originalError` extension and are cut to a short message,
 *   so a client never gets its whole request echoed back;
 * - anything else becomes `Unexpected error.` with code `INTERNAL_SERVER_ERROR`.
 *
 * A GraphQLError is amended in place rather than replaced where it can be, because yoga logs every
 * error it sees replaced, and expected errors are not worth an error-level log line.
 */
export function toGraphQLError(error: unknown, message = 'Unexpected error.'): Error {
  const original = isGraphQLErrorLike(error) ? error.originalError : error;
  if (original instanceof GatewayError) {
    if (isGraphQLErrorLike(error) && isPlainRecord(error.extensions)) {
      Object.assign(error.extensions, original.publicExtensions());
      return error;
    }
    if (isGraphQLErrorLike(error)) {
      // Compiled execution (graphql-jit) raises errors whose extensions cannot be amended: a copy
      // with the same message, path and locations carries them instead.
      const copy = createGraphQLError(original.message, { path: error.path ?? null, originalError: original, extensions: original.publicExtensions() });
      if (error.locations) Object.defineProperty(copy, 'locations', { value: error.locations, enumerable: true });
      return copy;
    }
    return createGraphQLError(original.message, { extensions: original.publicExtensions() });
  }
  if (isGraphQLErrorLike(error) && (error.originalError === undefined || error.originalError === null || isGraphQLErrorLike(error.originalError))) {
    const extensions = { ...(error.extensions as Record<string, unknown>) };
    delete extensions.originalError;
    extensions.code ??= defaultCode(error);
    if (error.message.length <= MAX_MESSAGE && isPlainRecord(error.extensions) && !('originalError' in error.extensions)) {
      Object.assign(error.extensions as Record<string, unknown>, extensions);
      return error;
    }
    const text = error.message.length > MAX_MESSAGE ? `${error.message.slice(0, MAX_MESSAGE)}…` : error.message;
    return createGraphQLError(text, {
      nodes: error.nodes ?? null,
      source: error.source ?? null,
      positions: error.positions ?? null,
      path: error.path ?? null,
      extensions,
    });
  }
  return yogaMaskError(error, message, false);
}
