/**
 * `startWebSocketServer(...)`: graphql-ws on the gateway's HTTP server, executing through yoga's
 * envelop (`yoga.getEnveloped`), so WebSocket operations get the same plugins (limits, auth gate,
 * persisted operations, observability) and context as HTTP ones.
 *
 * What a stranger can open here is bounded, each with a documented setting and a coded refusal:
 * - a message is at most `MAX_REQUEST_BODY_BYTES` (ws's `maxPayload`: a larger frame closes the
 *   socket with 1009 before it is buffered whole), and its `variables`/`extensions` nest at most as
 *   deep as over HTTP;
 * - a socket holds at most `MAX_SUBSCRIPTIONS_PER_SOCKET` operations at once (more: an error
 *   `TOO_MANY_SUBSCRIPTIONS` for that one; the socket stays);
 * - a key holds at most `MAX_SOCKETS_PER_KEY` sockets on this replica (sockets without credentials
 *   count per client address): more are closed with 4429 at `connection_init`;
 * - subscriptions per key, over every transport, are capped by the live layer (`MAX_SUBSCRIPTIONS_PER_KEY`).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { credentialsOfWebSocket, type Authenticator } from '../auth/index.js';
import type { Config } from '../config.js';
import type { GraphContext, ServerContext } from '../context.js';
import { BadUserInputError, toGraphQLError, TooManySubscriptionsError } from '../errors.js';
import type { GatewayPlugins } from '../plugins/index.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../plugins/request-parsing.js';

/** Close code of a socket over `MAX_SOCKETS_PER_KEY` (4xxx: the application's own). */
export const TOO_MANY_SOCKETS = 4429;

/** The enveloped execute/subscribe a WebSocket operation carries in its rootValue. */
interface Enveloped {
  execute: (args: unknown) => never;
  subscribe: (args: unknown) => never;
}

export interface WebSocketOptions {
  server: Server;
  /** Operations run through its envelop (plugins and context factory). */
  yoga: Pick<YogaServerInstance<ServerContext, GraphContext>, 'getEnveloped'>;
  plugins: Pick<GatewayPlugins, 'wsDocument'>;
  authenticator: Authenticator;
  config: Pick<Config, 'maxRequestBodyBytes' | 'maxSubscriptionsPerSocket' | 'maxSocketsPerKey'>;
  logger: Logger;
}

/** Starts graphql-ws on `server` at `/graphql`; `close()` ends every socket with 1001 (going away). */
export function startWebSocketServer({ server, yoga, plugins, authenticator, config, logger }: WebSocketOptions): { close(): Promise<void> } {
  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: Math.max(1024, config.maxRequestBodyBytes) });
  /** Open sockets per key hash (or per client address, without credentials). */
  const sockets = new Map<string, number>();
  const refuse = (message: string, limit: number): GraphQLError[] => [
    toGraphQLError(new TooManySubscriptionsError(message, { extensions: { limit } })) as GraphQLError,
  ];

  const handle = useServer<Record<string, unknown>, { request: IncomingMessage }>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: async (ctx) => {
        const max = config.maxSocketsPerKey;
        if (max === 0) return true;
        const identity = await authenticator.identify(credentialsOfWebSocket(ctx.connectionParams, ctx.extra.request.headers, undefined));
        const owner = identity.caller?.keyHash ?? `address:${ctx.extra.request.socket.remoteAddress ?? 'unknown'}`;
        const open = sockets.get(owner) ?? 0;
        if (open >= max) {
          ctx.extra.socket.close(TOO_MANY_SOCKETS, `Too many WebSockets for this key (at most ${max})`);
          return false;
        }
        sockets.set(owner, open + 1);
        ctx.extra.socket.once('close', () => {
          const left = (sockets.get(owner) ?? 1) - 1;
          if (left <= 0) sockets.delete(owner);
          else sockets.set(owner, left);
        });
        return true;
      },
      onSubscribe: async (ctx, _id, params) => {
        const perSocket = config.maxSubscriptionsPerSocket;
        // graphql-ws has already reserved this operation's place in `ctx.subscriptions`.
        if (perSocket > 0 && Object.keys(ctx.subscriptions).length > perSocket) {
          return refuse(`This WebSocket already has ${perSocket} operations open; end some first.`, perSocket);
        }
        for (const [name, value] of [['variables', params.variables], ['extensions', params.extensions]] as const) {
          if (value && jsonDepthExceeds(value, MAX_JSON_DEPTH)) {
            return [toGraphQLError(new BadUserInputError(`"${name}" is nested deeper than ${MAX_JSON_DEPTH} levels.`)) as GraphQLError];
          }
        }
        const enveloped = yoga.getEnveloped({ connectionParams: ctx.connectionParams ?? {}, upgradeRequest: ctx.extra.request, params } as ServerContext & { params: typeof params });
        const source = plugins.wsDocument(params);
        if ('error' in source) return [toGraphQLError(source.error) as GraphQLError];
        let document;
        try {
          document = enveloped.parse(source.query);
        } catch (error) {
          return [toGraphQLError(error) as GraphQLError];
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
  // A client that breaks the protocol (a frame over maxPayload, bad UTF-8, a bad close code) makes ws
  // emit an error and close the socket itself with the right code. graphql-ws would log each one as an
  // internal error: it is the client's mistake, so it is logged at info with its code, and only other
  // socket errors reach graphql-ws's handler. (Registered after graphql-ws's own connection listener.)
  wsServer.on('connection', (socket) => {
    const theirs = socket.listeners('error') as ((error: Error) => void)[];
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => {
      if (typeof error.code === 'string' && error.code.startsWith('WS_ERR_')) {
        logger.info({ code: error.code }, 'websocket: a client broke the protocol; closed');
        return;
      }
      for (const listener of theirs) listener.call(socket, error);
    });
  });
  return {
    close: async () => {
      await handle.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
