/**
 * `Caller`: who an operation acts for, decided once at the edge (`src/auth/index.ts`) and handed to
 * everything that acts for someone: the operation's upstream API and loaders, live watches, saved
 * dashboards, idempotency keys and the per-key rate limit (through the key hash on each request).
 *
 * The key itself stays in this object's closure: it is not a property, so no log line, JSON dump or
 * error can pick it up by accident. It leaves only in the `x-api-key` header (through `api()`) and,
 * sealed, when its owner turns scheduled refresh on (`revealKey()`).
 */
import type { WexaApi } from '../wexa/api.js';
import type { WexaClient } from '../wexa/client.js';
import { assertApiKey } from '../wexa/ids.js';
import type { CallOrigin } from '../wexa/transport.js';
import type { KeyHasher } from './key-hash.js';

export interface Caller {
  /** The HMAC of the caller's key: the one name it goes by in maps, channels, Redis keys and rows. */
  readonly keyHash: string;
  /** Token authentication: the tenant whose key the gateway holds (null with the caller's own key). */
  readonly tenant: string | null;
  /** Token authentication: when the token expires, ms since the epoch (null: never). Subscriptions end then. */
  readonly expiresAt: number | null;
  /**
   * The upstream API bound to the key. With `origin` (an operation's scope) every call is counted and
   * traced for that operation; without, for nobody (background work such as a watch's polls).
   */
  api(origin?: CallOrigin): WexaApi;
  /** The key itself, only to seal it for scheduled refresh. */
  revealKey(): string;
}

/** Makes callers from Wexa keys (with a token's tenant and expiry, in token authentication). */
export type CallerFactory = (apiKey: string, token?: { tenant: string | null; expiresAt: number | null }) => Caller;

/**
 * Callers over one client and one key hasher. A key that cannot be a Wexa key (empty, spaces,
 * control characters, too long) is refused with UNAUTHENTICATED here, before anything else sees it.
 */
export function createCallerFactory(client: Pick<WexaClient, 'forKey'>, hashKey: KeyHasher): CallerFactory {
  return (apiKey, token) => {
    assertApiKey(apiKey);
    const keyHash = hashKey(apiKey);
    return {
      keyHash,
      tenant: token?.tenant ?? null,
      expiresAt: token?.expiresAt ?? null,
      api: (origin) => client.forKey(apiKey, keyHash, origin),
      revealKey: () => apiKey,
    };
  };
}
