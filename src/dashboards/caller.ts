/** Who is asking: the caller's key with the upstream API and loaders bound to it. */
import type { Loaders } from '../loaders/index.js';
import type { WexaApi } from '../wexa/api.js';

export interface DashboardCaller {
  /** The caller's key. Held only for this request; sealed into the store only when they turn scheduled refresh on. */
  apiKey: string;
  /** `keyHash(apiKey)`: the only name the key goes by in caches. */
  keyHash: string;
  api: WexaApi;
  loaders: Loaders;
}
