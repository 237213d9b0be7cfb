/**
 * CORS, off unless `corsOrigins` lists the origins allowed to call the gateway from a page, with the
 * same rules wherever browsers call: `/graphql` (yoga's `cors` option) and the saved-dashboards REST
 * routes under `/api/v1/` ({@link restCorsRoute}, a route of the HTTP layer in front of them).
 *
 * Pages may send the headers the clients send: `content-type` and `accept`, the credentials of both
 * auth modes (`x-api-key`, `authorization`) and the CSRF header (`src/plugins/csrf.ts`), W3C trace
 * context (`traceparent`, `tracestate`, `baggage`) and Apollo Client's client awareness
 * (`apollographql-client-name`, `apollographql-client-version`). No cookies are involved, so
 * credentials are not allowed; a preflight is cached for ten minutes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import { CSRF_HEADERS } from '../plugins/csrf.js';
import { pathOf, type RouteHandler } from './router.js';

/** Request headers pages may send. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'accept',
  ...CSRF_HEADERS,
  'traceparent',
  'tracestate',
  'baggage',
  'apollographql-client-name',
  'apollographql-client-version',
];

/** How long a browser may reuse a preflight answer, seconds. */
const MAX_AGE_S = 600;

/** The allowed origins from the config: `*`, a list, or null (CORS off). */
function allowedOrigins(config: Config): '*' | string[] | null {
  const origins = config.corsOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) return null;
  return origins.includes('*') ? '*' : origins;
}

/** Yoga's `cors` option from the config: `false` (off) unless origins are listed. */
export function corsOption(config: Config): YogaServerOptions<object, object>['cors'] {
  const origin = allowedOrigins(config);
  if (origin === null) return false;
  return { origin, methods: ['GET', 'POST'], allowedHeaders: CORS_ALLOWED_HEADERS, credentials: false, maxAge: MAX_AGE_S };
}

/**
 * The CORS headers of an answer to a request from `origin`, as yoga writes them for `/graphql`: the
 * request's origin when it is allowed (with `Vary: Origin`), the one allowed origin when only one is
 * listed, else `null` (the browser refuses).
 */
function corsHeaders(allowed: '*' | string[], origin: string, methods: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  if (allowed === '*' || (allowed.length > 1 && allowed.includes(origin))) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
  } else {
    headers['access-control-allow-origin'] = allowed.length === 1 ? allowed[0]! : 'null';
  }
  headers['access-control-allow-methods'] = methods.join(', ');
  headers['access-control-allow-headers'] = CORS_ALLOWED_HEADERS.join(', ');
  headers['access-control-max-age'] = String(MAX_AGE_S);
  return headers;
}

/** The methods of the saved-dashboards REST routes (docs/dashboards-api.yaml). */
const REST_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/**
 * The route in front of the REST routes under `prefix`: a preflight (`OPTIONS`) from a page is
 * answered here (204), and every other request from a page passes on with the CORS headers already
 * set on its answer. Without `corsOrigins`, or without an `Origin` header, it does nothing.
 */
export function restCorsRoute(config: Config, prefix = '/api/v1/'): RouteHandler {
  const allowed = allowedOrigins(config);
  return (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (allowed === null || origin === undefined || !pathOf(req).startsWith(prefix)) return false;
    const headers = corsHeaders(allowed, origin, REST_METHODS);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...headers, 'content-length': '0' });
      res.end();
      return true;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    return false;
  };
}
