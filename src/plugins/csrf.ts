/**
 * CSRF prevention (yoga's plugin): a request a browser may send without a CORS preflight (a GET with
 * no custom header, a form or `text/plain` POST) must carry `x-api-key`, `authorization` or
 * `x-graphql-yoga-csrf`, so another site cannot make a visitor's browser run operations. A browser
 * never sends any of them cross-site without a preflight, so each proves the request is not a
 * "simple" one: `authorization` is what token mode's clients send (urql, for one, sends queries as
 * GET by default). CORS itself is in `src/http/cors.ts`.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { BAD_REQUEST } from '../errors.js';

/** Headers whose presence proves the request was not a "simple" cross-site one. */
export const CSRF_HEADERS = ['x-api-key', 'authorization', 'x-graphql-yoga-csrf'];

/** The CSRF check, with an error that says what to send. */
export function useCsrfCheck(): Plugin {
  const check = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      try {
        return check.onRequestParse?.(payload as never);
      } catch {
        throw createGraphQLError(
          'This request needs an x-api-key, authorization or x-graphql-yoga-csrf header (cross-site request protection).',
          { extensions: { code: BAD_REQUEST, http: { status: 403 } } },
        );
      }
    },
  };
}
