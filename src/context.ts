/**
 * The per-operation context: the caller's key, their typed upstream API, fresh loaders, the live
 * notifier and the config. Built once per HTTP request or WebSocket operation by `app.ts`.
 *
 * The key is held here only to bind the upstream API to it; it is never logged or returned.
 */
import type { Config } from './config.js';
import type { DashboardCaller, DashboardsService } from './dashboards/index.js';
import { UnauthenticatedError } from './errors.js';
import type { LiveNotifier } from './live/notifier.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { WexaApi } from './wexa/api.js';
import { keyHash } from './wexa/key-hash.js';

/** What every resolver receives as its context. */
export interface GraphContext {
  /** The caller's Wexa API key, or null when the request carried none (only introspection works then). */
  apiKey: string | null;
  /** The upstream API bound to the caller's key. */
  wexa: WexaApi;
  /** DataLoaders fresh for this operation. */
  loaders: Loaders;
  /** Tells subscribers about changes a mutation made. */
  live: LiveNotifier;
  config: Config;
  /** Saved dashboards (gateway-owned). */
  dashboards: DashboardsService;
  /** The caller as the dashboards service sees them; UNAUTHENTICATED without a key. */
  dashboardCaller(): DashboardCaller;
}

/** Hands out a caller's upstream API (the shared client's `forKey`). */
export interface ApiForKey {
  forKey(apiKey: string): WexaApi;
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

/**
 * Where the live notifier of an operation comes from: one shared notifier, or a factory that binds
 * one to the caller (the subscriptions layer polls with the caller's key).
 */
export type LiveSource = LiveNotifier | ((caller: { apiKey: string | null; wexa: WexaApi }) => LiveNotifier);

/** Builds the context of one operation. */
export function createContext(options: {
  apiKey: string | null;
  client: ApiForKey;
  live: LiveSource;
  config: Config;
  dashboards: DashboardsService;
}): GraphContext {
  const { apiKey, client, config, dashboards } = options;
  let wexa: WexaApi;
  if (apiKey === null) {
    wexa = failingApi(new UnauthenticatedError());
  } else {
    try {
      wexa = client.forKey(apiKey);
    } catch (error) {
      // A key that cannot be a Wexa key (e.g. not printable ASCII): every read fails with that error.
      wexa = failingApi(error instanceof Error ? error : new UnauthenticatedError());
    }
  }
  const live = typeof options.live === 'function' ? options.live({ apiKey, wexa }) : options.live;
  const loaders = createLoaders(wexa, config);
  const dashboardCaller = (): DashboardCaller => {
    if (apiKey === null) throw new UnauthenticatedError();
    return { apiKey, keyHash: keyHash(apiKey), api: wexa, loaders };
  };
  return { apiKey, wexa, loaders, live, config, dashboards, dashboardCaller };
}
