/**
 * `GraphContext`: what every resolver receives. It is the operation itself (`src/operation.ts`: the
 * caller, its upstream API, the loader registry, `fresh()`, `changed`) plus the gateway's services
 * resolvers call into. `app.ts` builds one per HTTP request or WebSocket operation with
 * {@link createContext}.
 */
import type { IncomingMessage } from 'node:http';
import type { Identity } from './auth/index.js';
import type { Config } from './config.js';
import type { DashboardsService } from './dashboards/index.js';
import type { IdempotencyStore } from './idempotency.js';
import type { Live } from './live/index.js';
import type { Operation, Operations } from './operation.js';

/** The gateway's services a resolver may call. */
export interface Services {
  config: Config;
  /** Subscriptions open here (with the operation's caller). */
  live: Live;
  /** Remembers `startExecution` idempotency keys (shared by every operation of the gateway). */
  idempotency: IdempotencyStore;
  /** Saved dashboards (gateway-owned). */
  dashboards: DashboardsService;
}

export interface GraphContext extends Operation, Services {}

/** The context of one operation of `identity`, in the trace `traceparent` names (if any). */
export function createContext(operations: Operations, services: Services, identity: Identity, traceparent: string | null): GraphContext {
  return Object.assign(operations.start(identity, traceparent), services);
}

/** What the transports put into yoga's initial context, besides `request` and `params` (WebSocket only). */
export interface ServerContext {
  /** WebSocket only: the `connection_init` payload. */
  connectionParams?: Readonly<Record<string, unknown>>;
  /** WebSocket only: the HTTP upgrade request. */
  upgradeRequest?: IncomingMessage;
  /** The direct path of `POST /graphql` only (`src/http/direct-graphql.ts`): node's request, in place of a Fetch `Request`. */
  nodeRequest?: IncomingMessage;
}
