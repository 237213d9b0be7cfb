/**
 * The per-operation context: the caller's key, their typed upstream API, fresh loaders, the caller's
 * live session and the config. Built once per HTTP request or WebSocket operation by `app.ts`.
 *
 * The key is held here only to bind the upstream API to it; it is never logged or returned.
 */
import type { Config } from './config.js';
import type { DashboardCaller, DashboardsService } from './dashboards/index.js';
import { UnauthenticatedError } from './errors.js';
import type { Live, LiveSession } from './live/index.js';
import { createRenewableLoaders, type Loaders } from './loaders/index.js';
import { newOperationScope, type OperationScope } from './observability/operations.js';
import type { IdempotencyStore } from './schema/idempotency-store.js';
import type { WexaApi } from './wexa/api.js';
import { keyHash } from './wexa/key-hash.js';

/** What every resolver receives as its context. */
export interface GraphContext {
  /** The caller's Wexa API key, or null when the request carried none (only introspection works then). */
  apiKey: string | null;
  /** The upstream API bound to the caller's key. */
  wexa: WexaApi;
  /** DataLoaders fresh for this operation, and in a subscription fresh again for every event. */
  loaders: Loaders;
  /** The caller's live session: subscriptions open through it, mutations tell it what they changed. */
  live: LiveSession;
  /** Remembers `startExecution` idempotency keys (shared by every operation of the gateway). */
  idempotency: IdempotencyStore;
  config: Config;
  /** Saved dashboards (gateway-owned). */
  dashboards: DashboardsService;
  /** The caller as the dashboards service sees them; UNAUTHENTICATED without a key. */
  dashboardCaller(): DashboardCaller;
  /** This operation as metrics, tracing and the operation log follow it; its upstream calls count here. */
  operation: OperationScope;
}

/** Hands out a caller's upstream API (the shared client's `forKey`). */
export interface ApiForKey {
  forKey(apiKey: string, origin?: OperationScope): WexaApi;
}

/** An API whose every call fails with `error`: what a caller without a usable key gets. */
function failingApi(error: Error): WexaApi {
  const fail = (): Promise<never> => Promise.reject(error);
  const group = new Proxy({}, { get: () => fail });
  return new Proxy({}, { get: () => group }) as WexaApi;
}

/** Normalises a key from a header or a connection_init payload: trimmed, non-empty, or null. */
export function normaliseKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.trim();
  return key === '' ? null : key;
}

/** Builds the context of one operation. */
export function createContext(options: {
  apiKey: string | null;
  client: ApiForKey;
  live: Pick<Live, 'session'>;
  idempotency: IdempotencyStore;
  config: Config;
  dashboards: DashboardsService;
}): GraphContext {
  const { apiKey, client, config, idempotency, dashboards } = options;
  const operation = newOperationScope();
  let wexa: WexaApi;
  if (apiKey === null) {
    wexa = failingApi(new UnauthenticatedError());
  } else {
    try {
      wexa = client.forKey(apiKey, operation);
    } catch (error) {
      // A key that cannot be a Wexa key (e.g. not printable ASCII): every read fails with that error.
      wexa = failingApi(error instanceof Error ? error : new UnauthenticatedError());
    }
  }
  // Yoga copies the context object, so a subscription cannot swap `ctx.loaders` for each event: the
  // live layer renews them behind the same object instead.
  const { loaders, renew } = createRenewableLoaders(wexa, config);
  const dashboardCaller = (): DashboardCaller => {
    if (apiKey === null) throw new UnauthenticatedError();
    return { apiKey, keyHash: keyHash(apiKey), api: wexa, loaders };
  };
  return { apiKey, wexa, loaders, live: options.live.session(apiKey, renew), idempotency, config, dashboards, dashboardCaller, operation };
}
