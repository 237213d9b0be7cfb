/**
 * Errors with stable codes. Every expected failure in the gateway is a {@link GatewayError}; its
 * `code` becomes the GraphQL `extensions.code` a client can branch on. Anything else is a bug and
 * is masked before it reaches a client.
 *
 * Messages never contain an API key, a password or an upstream URL with credentials: they are
 * built from fixed text plus ids and status codes only.
 */

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
  cause?: unknown;
}

/** Base class of every expected error. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number | undefined;
  readonly retryAfter: number | undefined;
  readonly endpoint: string | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = options.statusCode;
    this.retryAfter = options.retryAfter;
    this.endpoint = options.endpoint;
  }

  /** The data a client may see in `extensions`, besides `code`. */
  publicExtensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = { code: this.code };
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

/** 5xx, timeouts, connection failures and an open circuit breaker. */
export class UpstreamUnavailableError extends GatewayError {
  constructor(message = 'The Wexa API is unavailable; retry later.', options?: GatewayErrorOptions) {
    super('UPSTREAM_UNAVAILABLE', message, options);
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

/** True for errors the gateway expects and may show to a client as they are. */
export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof GatewayError;
}
