/**
 * `createGateway(config, deps)`: the HTTP server of the gateway.
 *
 * - graphql-yoga on `/graphql` (GET and POST per GraphQL-over-HTTP; GraphiQL served offline with its
 *   assets inlined, for browsers);
 * - graphql-ws on the same server and path, executing through `yoga.getEnveloped`, so WebSocket
 *   operations share yoga's plugins (error masking, limits, auth) and context factory;
 * - `GET /health`;
 * - saved dashboards (`src/dashboards/`): the REST API of seed 003 under `/api/v1/analytics/dashboards`
 *   and `/api/v1/public/dashboards/:slug`, and the public page; its scheduler runs in every replica;
 * - subscriptions (graphql-ws on `/graphql`, or GraphQL over SSE with `Accept: text/event-stream`, which
 *   yoga serves itself), fed by the live layer (`src/live/`): in memory, or across replicas through
 *   Redis when `config.redisUrl` is set.
 *
 * The caller's Wexa key comes from the `x-api-key` header (for WebSockets: the `connection_init`
 * payload's `x-api-key`, else the upgrade request's header). Without a key only introspection runs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { createLogger } from './logger.js';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { createContext, normaliseKey, type GraphContext } from './context.js';
import { openDashboards, type Dashboards } from './dashboards/index.js';
import { createLive, type Live } from './live/index.js';
import { buildSchema } from './schema/index.js';
import { createWexaClient } from './wexa/client.js';
import { armorConfig, useAuthGate, useValidationCodes } from './schema/plugins.js';
import { toGraphQLError } from './errors.js';
import { createProtection } from './http/protection.js';
import { createIdempotencyStore } from './schema/idempotency-store.js';

/** What `createGateway` can be given besides the config. */
export interface GatewayDeps {
  /** Prefilled in GraphiQL's headers (embedded simulator mode). */
  demoKey?: string;
  /** The schema; `buildSchema()` by default. */
  schema?: GraphQLSchema;
  /** The clock of saved dashboards (tests move it to make scheduled refreshes due). */
  now?: () => Date;
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
  /** Stops WebSockets, the HTTP server, the live layer, saved dashboards and the upstream client; leaves no handles open. */
  close(): Promise<void>;
}

/** What the transports put into yoga's initial context, besides `request` and `params`. */
export interface ServerContext {
  /** WebSocket only: the `connection_init` payload. */
  connectionParams?: Readonly<Record<string, unknown>>;
  /** WebSocket only: the HTTP upgrade request. */
  upgradeRequest?: IncomingMessage;
}

/** The caller's key, from whichever transport carried the operation. */
function keyOf(initial: Partial<ServerContext> & { request?: Request }): string | null {
  if (initial.upgradeRequest) {
    const header = initial.upgradeRequest.headers['x-api-key'];
    return normaliseKey(initial.connectionParams?.['x-api-key']) ?? normaliseKey(Array.isArray(header) ? header[0] : header);
  }
  return normaliseKey(initial.request?.headers.get('x-api-key'));
}

/** What GraphiQL shows on first open: a whole screen of linked data in one request. */
const FIRST_QUERY = `# Welcome to wexa-graph: one query, the whole screen, the fewest Wexa calls.
# Press the run button (or Ctrl-Enter). Your key goes in the Headers tab below.
{
  projects(first: 3) {
    totalCount
    nodes {
      name
      agentflows(first: 5) {
        nodes {
          name
          agents { title nextAgent { title } }
          executions(first: 3) { nodes { status goal task { name } } }
        }
      }
      dashboard { name components { type title } }
    }
  }
}
`;

/** Starts the gateway on `config.host:config.port` (port 0: any free port). */
export async function createGateway(config: Config, deps: GatewayDeps = {}): Promise<Gateway> {
  const logger = createLogger(config.logLevel);
  const client = createWexaClient(config, { logger });
  const live = createLive(config, { client, logger });
  const headers = JSON.stringify({ 'x-api-key': deps.demoKey ?? '<your Wexa API key>' }, null, 2);
  let ownUrl = '';
  let dashboards: Dashboards;
  try {
    dashboards = await openDashboards(config, { client, logger, now: deps.now, defaultBaseUrl: () => ownUrl });
  } catch (error) {
    await live.close();
    await client.close();
    throw error;
  }

  const protection = createProtection(config);
  const idempotency = createIdempotencyStore(config);
  const yoga = createYoga<ServerContext, GraphContext>({
    ...protection.yogaOptions,
    schema: deps.schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'Wexa Graph',
          defaultQuery: FIRST_QUERY,
          defaultHeaders: headers,
          headers,
          subscriptionsProtocol: 'WS',
          shouldPersistHeaders: false,
        }
      : false,
    renderGraphiQL,
    maskedErrors: { maskError: toGraphQLError, isDev: false },
    logging: {
      debug: (...args: unknown[]) => logger.debug({ args }, 'yoga'),
      info: (...args: unknown[]) => logger.info({ args }, 'yoga'),
      warn: (...args: unknown[]) => logger.warn({ args }, 'yoga'),
      error: (...args: unknown[]) => logger.error({ args }, 'yoga'),
    },
    context: (initial) => createContext({ apiKey: keyOf(initial), client, live, idempotency, config, dashboards: dashboards.service }),
    plugins: [...protection.plugins, EnvelopArmorPlugin(armorConfig), useValidationCodes(), useAuthGate()],
  });

  const server = createServer((req, res) => {
    if (req.url === '/health' || req.url?.startsWith('/health?')) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 200 : 405, { 'content-type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'ok' }));
      return;
    }
    dashboards.handle(req, res).then(
      (handled) => {
        if (!handled) void yoga(req, res);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'dashboards: unhandled error');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end();
      },
    );
  });

  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const wsHandle = useServer<Record<string, unknown>, { upgradeRequest?: IncomingMessage }>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          connectionParams: ctx.connectionParams ?? {},
          upgradeRequest: ctx.extra.request,
          params,
        } as never);
        const source = protection.wsDocument(params);
        if ('error' in source) return [toGraphQLError(source.error) as never];
        let document;
        try {
          document = enveloped.parse(source.query);
        } catch (error) {
          return [toGraphQLError(error) as never];
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          operationName: params.operationName ?? null,
          document,
          variableValues: params.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wsServer,
  );

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await wsHandle.dispose();
    await dashboards.close();
    await live.close();
    await idempotency.close();
    await client.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;
  ownUrl = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await wsHandle.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // After the sockets: clients see their connection drop (and may reconnect elsewhere) rather than a
      // completion that would look like the end of the resource. Then every watch and timer stops.
      await live.close();
      await dashboards.close();
      await idempotency.close();
      await client.close();
    })());

  return { server, url, live, dashboards, close };
}

/** The enveloped execute/subscribe a WebSocket operation carries in its rootValue. */
interface Enveloped {
  execute: (args: unknown) => never;
  subscribe: (args: unknown) => never;
}
