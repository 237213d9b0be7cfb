/**
 * Where the caller's identity is decided, for every transport alike (HTTP, SSE, graphql-ws, the
 * dashboards REST routes): the credentials a request carries become an {@link Identity}, a
 * {@link Caller} or the reason there is none.
 *
 * Two modes (`AUTH_MODE`):
 * - `api-key` (the default): the caller's own Wexa key in `x-api-key` (for WebSockets: GraphiQL's
 *   per-operation headers, the `connection_init` payload, or the upgrade request's header);
 * - `jwt` (`token.ts`): a bearer token from the app's identity provider; the gateway holds the Wexa
 *   key of the token's tenant, so browsers never carry one.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError, UnauthenticatedError } from '../errors.js';
import type { Caller, CallerFactory } from './caller.js';

export type { Caller, CallerFactory } from './caller.js';

/** What a request presented, as received (untrimmed, possibly not strings). */
export interface Credentials {
  /** The `x-api-key` value. */
  apiKey: unknown;
  /** The `Authorization` value. */
  authorization: unknown;
}

/** Who is calling: a caller, or none (with the reason when credentials were presented but refused). */
export type Identity = { caller: Caller; refusal: null } | { caller: null; refusal: GatewayError | null };

/** Turns credentials into an identity. */
export interface Authenticator {
  identify(credentials: Credentials): Identity | Promise<Identity>;
}

/** Nobody: no credentials at all (only introspection and key-less fields run). */
export const ANONYMOUS: Identity = { caller: null, refusal: null };

/** A header value or payload field as a key: trimmed and non-empty, or null. */
function presented(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** Pass-through mode: the caller's own Wexa key is their identity. */
export function createKeyAuthenticator(callers: CallerFactory): Authenticator {
  return {
    identify({ apiKey }) {
      const key = presented(apiKey);
      if (key === null) return ANONYMOUS;
      try {
        return { caller: callers(key), refusal: null };
      } catch (error) {
        return { caller: null, refusal: error instanceof GatewayError ? error : new UnauthenticatedError() };
      }
    },
  };
}

/** A Fetch `Headers` (yoga's own implementation is not the global class, so it is recognised by shape). */
type FetchHeaders = Pick<Headers, 'get'>;

/** The credentials of an HTTP request (a Fetch `Headers`, or node's header object). */
export function credentialsOfHeaders(headers: FetchHeaders | IncomingHttpHeaders): Credentials {
  if (typeof headers.get === 'function') {
    const fetchHeaders = headers as FetchHeaders;
    return { apiKey: fetchHeaders.get('x-api-key'), authorization: fetchHeaders.get('authorization') };
  }
  const node = headers as IncomingHttpHeaders;
  const value = node['x-api-key'];
  return { apiKey: Array.isArray(value) ? value[0] : value, authorization: node.authorization };
}

/**
 * The credentials of a WebSocket operation. GraphiQL (and other graphql-tools clients) send their
 * Headers tab with each operation as `extensions.headers`; that wins over the `connection_init`
 * payload, which wins over the upgrade request's headers.
 */
export function credentialsOfWebSocket(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  upgradeHeaders: IncomingHttpHeaders,
  extensions: Readonly<Record<string, unknown>> | undefined,
): Credentials {
  const perOperation = extensions?.['headers'];
  const operationHeaders = perOperation !== null && typeof perOperation === 'object' ? (perOperation as Record<string, unknown>) : {};
  const upgrade = credentialsOfHeaders(upgradeHeaders);
  return {
    apiKey: presented(operationHeaders['x-api-key']) ?? presented(connectionParams?.['x-api-key']) ?? upgrade.apiKey,
    authorization:
      presented(operationHeaders['authorization'] ?? operationHeaders['Authorization']) ??
      presented(connectionParams?.['authorization'] ?? connectionParams?.['Authorization']) ??
      upgrade.authorization,
  };
}
