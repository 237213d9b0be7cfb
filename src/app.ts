/**
 * `createGateway(config, deps)`: the HTTP server of the gateway.
 *
 * - graphql-yoga on `/graphql` (GET and POST per GraphQL-over-HTTP; GraphiQL served offline with its
 *   assets inlined, for browsers);
 * - graphql-ws on the same server and path, executing through `yoga.getEnveloped`, so WebSocket
 *   operations share yoga's plugins (error masking, limits, auth) and context factory;
 * - its own routes before GraphQL (`src/http/`): `/`, `/health` and `/healthz` (liveness),
 *   `/readyz` (readiness), `/metrics` (Prometheus), GraphiQL (`src/graphiql.ts`: rendered once,
 *   compressed, cacheable); other features add theirs through `deps.routes`;
 * - saved dashboards (`src/dashboards/`): the REST API of `docs/dashboards-api.yaml` under `/api/v1/analytics/dashboards`
 *   and `/api/v1/public/dashboards/:slug`, and the public page; its scheduler runs in every replica;
 * - every yoga/envelop plugin and the yoga options that go with them (`src/plugins/`, in the order
 *   `createPlugins` gives them): the operation plugin that feeds metrics, tracing and the log, safe
 *   request parsing and body limit, CSRF, persisted operations, nesting, cost and shape limits,
 *   validation codes, the auth gate, compiled execution; CORS and the parse cache are yoga options;
 * - observability (`src/observability/`): metrics, OpenTelemetry spans and one log line per operation;
 * - subscriptions (graphql-ws on `/graphql`, or GraphQL over SSE with `Accept: text/event-stream`, which
 *   yoga serves itself), fed by the live layer (`src/live/`): in memory, or across replicas through
 *   Redis when `config.redisUrl` is set.
 *
 * Who is calling is decided in `src/auth/` from each transport's credentials; each operation is a
 * plain object from `src/operation.ts` (its caller, API, loaders and `changed`). Without a caller only
 * introspection and key-less fields run.
 *
 * `close()` stops gracefully, through one teardown (`src/teardown.ts`) that closes what was opened in
 * reverse order: WebSockets closed with 1001 (going away), no new connections, requests in flight
 * finish within `config.shutdownTimeoutMs`, then saved dashboards, the live layer, pools and timers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { createCallerFactory } from './auth/caller.js';
import { createKeyAuthenticator, credentialsOfHeaders, credentialsOfWebSocket } from './auth/index.js';
import { createKeyHasher } from './auth/key-hash.js';
import { loadGatewaySecret } from './auth/secret.js';
import { loadTenantKeys } from './auth/tenant-keys.js';
import { createTokenAuthenticator } from './auth/token.js';
import type { Config } from './config.js';
import { createContext, type GraphContext, type ServerContext } from './context.js';
import { openDashboards, type Dashboards } from './dashboards/index.js';
import { toGraphQLError } from './errors.js';
import { graphiqlRoute } from './graphiql.js';
import { restCorsRoute } from './http/cors.js';
import { createDirectPath } from './http/direct-graphql.js';
import { createDrain } from './http/drain.js';
import { createRouter, type RouteHandler } from './http/router.js';
import { startWebSocketServer } from './http/websocket.js';
import { livenessRoutes, metricsRoute, readinessRoute, rootRoute } from './http/routes.js';
import { createIdempotencyStore } from './idempotency.js';
import { createLive, type Live } from './live/index.js';
import { createLogger, type Logger } from './logger.js';
import { breakerTracker, createReadiness, databaseCheck, redisCheck, upstreamCheck, type Readiness } from './observability/health.js';
import { createMetrics, type GatewayMetrics } from './observability/metrics.js';
import { operationLog, yogaLogger } from './observability/operation-log.js';
import { operationCounter } from './observability/operations.js';
import { createTracing } from './observability/tracing.js';
import { createOperations } from './operation.js';
import { openRedis } from './redis.js';
import { createPlugins } from './plugins/index.js';
import { buildSchema } from './schema/index.js';
import { createTeardown } from './teardown.js';
import { createWexaClient } from './wexa/client.js';
import { combineObservers } from './wexa/observer.js';

/** What `createGateway` can be given besides the config. */
export interface GatewayDeps {
  /** Prefilled in GraphiQL's headers (embedded simulator mode). */
  demoKey?: string;
  /** The schema; `buildSchema()` by default. */
  schema?: GraphQLSchema;
  /** The clock of saved dashboards (tests move it to make scheduled refreshes due). */
  now?: () => Date;
  /** Logger for the gateway (never given keys); pino at `config.logLevel` by default. */
  logger?: Logger;
  /** Extra HTTP routes (e.g. REST), tried after the gateway's own and before GraphQL. */
  routes?: RouteHandler[];
}

/** A running gateway. */
export interface Gateway {
  server: Server;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** The live layer (its `stats()` count watches, pollers, subscribers and upstream reads). */
  live: Live;
  /** Saved dashboards: the service, the scheduler and the store. */
  dashboards: Dashboards;
  /** Prometheus metrics (null with `config.metrics` off). */
  metrics: GatewayMetrics | null;
  readiness: Readiness;
  /** Reads what an operator may change without a restart again (SIGHUP): the Wexa keys file of token authentication. */
  reload(): void;
  /** Stops gracefully (see the file comment); leaves no handles open. */
  close(): Promise<void>;
}


/** What yoga hands the context factory: the transport's initial context. */
type InitialContext = Partial<ServerContext> & { request?: Request; params?: { extensions?: Record<string, unknown> } };

/**
 * The W3C trace context a request came with: the `traceparent` header (HTTP, SSE, the WebSocket's
 * upgrade request), or for a WebSocket operation the `traceparent` of GraphiQL-style per-operation
 * headers or of the `connection_init` payload.
 */
function traceparentOf(initial: InitialContext): string | null {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  if (initial.upgradeRequest) {
    const headers = initial.params?.extensions?.['headers'];
    return (
      text(headers !== null && typeof headers === 'object' ? (headers as Record<string, unknown>)['traceparent'] : undefined) ??
      text(initial.connectionParams?.['traceparent']) ??
      text(initial.upgradeRequest.headers.traceparent)
    );
  }
  if (initial.nodeRequest) return text(initial.nodeRequest.headers.traceparent);
  return text(initial.request?.headers.get('traceparent'));
}

/** Starts the gateway on `config.host:config.port` (port 0: any free port). */
export async function createGateway(config: Config, deps: GatewayDeps = {}): Promise<Gateway> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  // Everything opened below registers its close here at once: a start that fails halfway closes what it opened.
  const teardown = createTeardown();
  try {
    return await start(config, deps, logger, teardown);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

async function start(config: Config, deps: GatewayDeps, logger: Logger, teardown: ReturnType<typeof createTeardown>): Promise<Gateway> {
  const secret = loadGatewaySecret(config);
  // The port first: a port in use fails the start before any store, pool or timer is opened. Until
  // everything is ready the server answers 503.
  const drain = createDrain();
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
    res.end('Starting.\n');
  };
  const server = createServer(drain.track((req, res) => handle(req, res)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let draining = false;
  // After a failed start (the drain below takes over once everything is open).
  teardown.add(async () => {
    if (draining) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const metrics = config.metrics ? createMetrics() : null;
  const tracing = createTracing({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint });
  if (tracing) teardown.add(() => tracing.close());
  const breaker = breakerTracker(config.breakerHalfOpenAfterMs);
  const observer = combineObservers([operationCounter, metrics?.upstream, tracing?.upstream, breaker]);
  // Redis, when set, is opened once here and shared (rate limits, idempotency, live bus and leases,
  // readiness); it closes after everything that uses it.
  const redis = config.redisUrl ? openRedis(config.redisUrl, { onError: (error) => logger.debug({ err: error }, 'redis connection error') }) : null;
  if (redis) teardown.add(() => redis.close());
  const client = createWexaClient(config, { logger, observer, redis: redis?.commands ?? null });
  teardown.add(() => client.close());
  const callers = createCallerFactory(client, createKeyHasher(secret));
  // Token mode: the Wexa keys are the gateway's; `reload()` (SIGHUP) reads the keys file again.
  const tenantKeys =
    config.authMode === 'jwt'
      ? loadTenantKeys(
          { keysFile: config.wexaKeysFile, apiKey: config.wexaApiKey },
          { onLooseFile: (file) => logger.warn({ file }, 'WEXA_KEYS_FILE can be read by other users of this machine; chmod 600 it') },
        )
      : null;
  const authenticator = tenantKeys ? await createTokenAuthenticator(config, tenantKeys, callers) : createKeyAuthenticator(callers);

  const live = createLive(config, { logger, redis });
  teardown.add(() => live.close());
  metrics?.watchLive(() => live.stats());
  const operations = createOperations({ live, config });
  const idempotency = createIdempotencyStore(config, redis?.commands ?? null);
  teardown.add(() => idempotency.close());
  let ownUrl = '';
  const dashboards = await openDashboards(config, {
    authenticator,
    callers,
    operations,
    secret,
    redis: redis?.commands ?? null,
    logger,
    now: deps.now,
    defaultBaseUrl: () => ownUrl,
  });
  teardown.add(() => dashboards.close());
  const readiness = createReadiness(
    [
      upstreamCheck(config.wexaApiUrl, breaker),
      ...(redis ? [redisCheck(redis.commands)] : []),
      ...(config.databaseUrl ? [databaseCheck(config.databaseUrl)] : []),
    ],
    logger,
    config.readinessIntervalMs,
  );
  teardown.add(() => readiness.close());

  const services = { config, live, idempotency, dashboards: dashboards.service };
  const operationSinks = [operationLog(logger), ...(metrics ? [metrics.operations] : []), ...(tracing ? [tracing.operations] : [])];
  const gatewayPlugins = createPlugins(config, operationSinks);
  const yoga = createYoga<ServerContext, GraphContext>({
    ...gatewayPlugins.yogaOptions,
    schema: deps.schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Served by the graphiql route below: rendered once, compressed and cacheable.
    graphiql: false,
    maskedErrors: { maskError: toGraphQLError, isDev: false },
    logging: yogaLogger(logger),
    context: (initial: InitialContext) => {
      const credentials = initial.upgradeRequest
        ? credentialsOfWebSocket(initial.connectionParams, initial.upgradeRequest.headers, initial.params?.extensions)
        : credentialsOfHeaders(initial.nodeRequest?.headers ?? initial.request?.headers ?? new Headers());
      const traceparent = traceparentOf(initial);
      const identity = authenticator.identify(credentials);
      // Token verification is asynchronous; a key is not, and needs no extra promise per request.
      return identity instanceof Promise
        ? identity.then((i) => createContext(operations, services, i, traceparent))
        : createContext(operations, services, identity, traceparent);
    },
    // In the order written (and explained) in src/plugins/index.ts.
    plugins: gatewayPlugins.plugins,
  });

  const routes: RouteHandler[] = [
    rootRoute({ graphiql: config.graphiql }),
    ...livenessRoutes(),
    readinessRoute(readiness),
    ...(metrics ? [metricsRoute(metrics)] : []),
    ...(config.graphiql ? [graphiqlRoute('/graphql', { demoKey: deps.demoKey })] : []),
    // Browsers call the saved-dashboards REST routes too: the same CORS as /graphql (preflights answered here).
    restCorsRoute(config),
    (req, res) => dashboards.handle(req, res),
    ...(deps.routes ?? []),
  ];
  // A plain JSON POST takes the direct path unless GRAPHQL_FETCH_PATH says otherwise; the rest goes to yoga.
  const direct = config.graphqlFetchPath
    ? null
    : createDirectPath({
        yoga,
        endpoint: '/graphql',
        maxBodyBytes: config.maxRequestBodyBytes,
        cors: gatewayPlugins.yogaOptions.cors !== false,
        persisted: gatewayPlugins.persisted,
      });
  // The direct path is tried first: no other route answers a POST to /graphql.
  const router = createRouter(routes, (req, res) => void yoga(req, res), logger);
  handle = direct ? (req, res) => direct(req, res) || router(req, res) : router;
  // HTTP requests in flight finish (up to the bound) while no new connection is accepted.
  teardown.add(async () => {
    draining = true;
    await drain.close(server, config.shutdownTimeoutMs);
  });

  // Only once the port is ours: a WebSocket server on a server that failed to listen reports the failure again.
  const webSockets = startWebSocketServer({ server, yoga, plugins: gatewayPlugins, authenticator, config, logger });
  // WebSocket clients get 1001 (going away) and may reconnect to another replica; runs first of all.
  teardown.add(() => webSockets.close());

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;
  ownUrl = `http://${host}:${address.port}`;

  const reload = () => tenantKeys?.reload();
  return { server, url, live, dashboards, metrics, readiness, reload, close: () => teardown.run() };
}

