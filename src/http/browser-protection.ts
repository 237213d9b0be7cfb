/**
 * What protects the gateway from browsers on other sites:
 *
 * - CORS is off unless `corsOrigins` lists the origins allowed to call the gateway from a page;
 * - CSRF prevention (yoga's plugin): a request a browser may send without a CORS preflight (a GET
 *   with no custom header, a form or `text/plain` POST) must carry `x-api-key` or
 *   `x-graphql-yoga-csrf`, so another site cannot make a visitor's browser run operations.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import { BAD_REQUEST } from '../errors.js';

/** Headers whose presence proves the request was not a "simple" cross-site one. */
export const CSRF_HEADERS = ['x-api-key', 'x-graphql-yoga-csrf'];

/** Yoga's `cors` option from the config: `false` (off) unless origins are listed. */
export function corsOption(config: Config): YogaServerOptions<object, object>['cors'] {
  const origins = config.corsOrigins
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) return false;
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', ...CSRF_HEADERS],
    credentials: false,
    maxAge: 600,
  };
}

/** The CSRF check, with an error that says what to send. */
export function useCsrfCheck(): Plugin {
  const check = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      try {
        return check.onRequestParse?.(payload as never);
      } catch {
        throw createGraphQLError(
          'This request needs an x-api-key or x-graphql-yoga-csrf header (cross-site request protection).',
          { extensions: { code: BAD_REQUEST, http: { status: 403 } } },
        );
      }
    },
  };
}
