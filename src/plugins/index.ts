/**
 * Every limit and protection of the gateway, assembled once for `app.ts`: the yoga options (no
 * uploads, CORS, a parse cache bounded by size) and the plugins (request parsing with the body size limit, CSRF, persisted operations,
 * document nesting and upstream cost limits). See README "Limits and protection".
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import { corsOption } from '../http/cors.js';
import { boundedParserCache } from '../http/document-cache.js';
import { useUpstreamCostLimit } from './cost-limit.js';
import { useCsrfCheck } from './csrf.js';
import { useNestingLimit } from './nesting-limit.js';
import { createPersistedOperations, type OperationParams } from './persisted-operations.js';
import { useSafeRequestParsing } from './request-parsing.js';

export interface Protection {
  /** Spread into `createYoga`'s options. */
  yogaOptions: {
    multipart: false;
    /** Off in yoga: the request parsers limit the body themselves (`request-parsing.ts`). */
    maxRequestBodySize: false;
    cors: ReturnType<typeof corsOption>;
    parserAndValidationCache: ReturnType<typeof boundedParserCache>;
  };
  /** Put in yoga's plugins (they run for HTTP; the envelop ones for WebSocket too). */
  plugins: Plugin[];
  /** The document a WebSocket operation may run (persisted operations apply there too), or the error refusing it. */
  wsDocument(params: OperationParams): { query: string } | { error: Error };
}

export function createProtection(config: Config): Protection {
  const persisted = createPersistedOperations(config);
  return {
    yogaOptions: {
      multipart: false,
      maxRequestBodySize: false,
      cors: corsOption(config),
      parserAndValidationCache: boundedParserCache(),
    },
    plugins: [
      useSafeRequestParsing(config.maxRequestBodyBytes),
      useCsrfCheck(),
      ...(persisted ? [persisted.plugin] : []),
      useNestingLimit(),
      useUpstreamCostLimit({
        maxCost: config.maxQueryCost,
        maxNodeIds: config.maxNodeIds,
        defaultPageSize: config.defaultPageSize,
        maxPageSize: config.maxPageSize,
      }),
    ],
    wsDocument: (params) => (persisted ? persisted.resolve(params) : { query: params.query ?? '' }),
  };
}
