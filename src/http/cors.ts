/**
 * CORS, yoga's `cors` option: off unless `corsOrigins` lists the origins allowed to call the gateway
 * from a page. Pages may send the headers the CSRF check asks for (`src/plugins/csrf.ts`).
 */
import type { YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import { CSRF_HEADERS } from '../plugins/csrf.js';

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
