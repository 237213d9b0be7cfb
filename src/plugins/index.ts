/**
 * Every yoga/envelop plugin of the gateway, one a file in this folder, assembled once for `app.ts`:
 * the ordered plugin list, the yoga options that go with it (no uploads, CORS, a parse cache bounded
 * by size) and the document check of WebSocket operations (persisted operations apply there too).
 * Results go out as JSON, SSE, multipart for `@defer`/`@stream` (yoga's own result processors) or
 * multipart for subscriptions (Apollo's protocol, `multipart-subscriptions.ts`).
 * The envelop plugins run for HTTP, SSE and WebSocket alike (graphql-ws executes through
 * `yoga.getEnveloped`); the request ones (`onRequestParse`, `onParams`) for HTTP only.
 * Limits and protection are described in docs/limits.md.
 */
import type { YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { GraphContext } from '../context.js';
import { corsOption } from '../http/cors.js';
import { boundedParserCache } from '../http/document-cache.js';
import type { OperationSink } from '../observability/operations.js';
import { useAuthGate } from './auth-gate.js';
import { useCompiledQueries } from './compiled-queries.js';
import { useUpstreamCostLimit } from './cost-limit.js';
import { useCsrfCheck } from './csrf.js';
import { useIncrementalDelivery } from './incremental-delivery.js';
import { useMultipartSubscriptions } from './multipart-subscriptions.js';
import { useNestingLimit } from './nesting-limit.js';
import { useNoIntrospection } from './no-introspection.js';
import { useOperations } from './operations.js';
import { createPersistedOperations, PERSISTED_ID_PARAMS, type OperationParams, type PersistedOperations } from './persisted-operations.js';
import { useQueryLimits } from './query-limits.js';
import { useSafeRequestParsing } from './request-parsing.js';
import { useValidationCodes } from './validation-codes.js';

export interface GatewayPlugins {
  /** Spread into `createYoga`'s options. */
  yogaOptions: {
    multipart: false;
    /** Request params besides GraphQL's own: persisted document ids (`persisted-operations.ts`). */
    extraParamNames: string[];
    /** Off in yoga: the request parsers limit the body themselves (`request-parsing.ts`). */
    maxRequestBodySize: false;
    cors: ReturnType<typeof corsOption>;
    parserAndValidationCache: ReturnType<typeof boundedParserCache>;
  };
  /** Yoga's `plugins`, in order. */
  plugins: NonNullable<YogaServerOptions<object, GraphContext>['plugins']>;
  /** Persisted operations (null without a file): the direct HTTP path resolves documents with the same rule. */
  persisted: Pick<PersistedOperations, 'resolve'> | null;
  /** The document a WebSocket operation may run (persisted operations apply there too), or the error refusing it. */
  wsDocument(params: OperationParams): { query: string } | { error: Error };
}

/** The plugins for `config`; `sinks` hear of every operation (metrics, tracing, the operation log). */
export function createPlugins(config: Config, sinks: readonly OperationSink[]): GatewayPlugins {
  const persisted = createPersistedOperations(config);
  return {
    yogaOptions: {
      multipart: false,
      extraParamNames: [...PERSISTED_ID_PARAMS],
      maxRequestBodySize: false,
      cors: corsOption(config),
      parserAndValidationCache: boundedParserCache(),
    },
    // The order is the order envelop and yoga call each hook in. It matters where a plugin stops an
    // operation (setResultAndStopExecution skips the execute hooks after it) and for which of two
    // refusals a client gets; elsewhere it is kept as it was to keep error order and codes stable.
    plugins: [
      // First, so its execute and subscribe hooks run before anything below can stop an operation:
      // refusals of the cost limit and the auth gate are counted and logged with their code.
      useOperations(sinks),
      // How a subscription's result is written: Apollo's multipart HTTP protocol when asked for. Its
      // subscribe hook comes before anything that can stop an operation, so it knows every subscription.
      useMultipartSubscriptions({ heartbeatMs: config.multipartHeartbeatMs }),
      // HTTP only, before any GraphQL: a malformed or too large Content-Length is refused (400/413)
      // before the CSRF check (403); the persisted document then replaces the query (onParams).
      useSafeRequestParsing(config.maxRequestBodyBytes),
      useCsrfCheck(),
      ...(persisted ? [persisted.plugin] : []),
      // Parse: the bracket scan, before the recursive parser runs (every parse hook runs before it).
      useNestingLimit(),
      // `@defer` / `@stream`: the directives and their validation rules, and codes on later parts' errors.
      ...useIncrementalDelivery(),
      // Execute: the cost limit comes before the auth gate, so a key-less operation over the limit
      // gets QUERY_TOO_COMPLEX, and before compiled execution, so a refused document is not compiled.
      useUpstreamCostLimit({
        maxCost: config.maxQueryCost,
        maxNodeIds: config.maxNodeIds,
        defaultPageSize: config.defaultPageSize,
        maxPageSize: config.maxPageSize,
      }),
      // Parse and validate: depth, aliases, directives, tokens; introspection off; then every
      // validation error still without a code gets GRAPHQL_VALIDATION_FAILED.
      useQueryLimits({ production: config.production }),
      ...(config.introspection ? [] : [useNoIntrospection()]),
      useValidationCodes(),
      // Execute: without a caller only introspection runs; compiled execution last, since it
      // replaces the executor for whatever the plugins above let through.
      useAuthGate(),
      useCompiledQueries(),
    ],
    persisted,
    wsDocument: (params) => (persisted ? persisted.resolve(params) : { query: params.query ?? '' }),
  };
}
