/**
 * Shares one upstream call between identical GETs in flight at the same moment for the same key.
 *
 * The map key is `keyHash(apiKey) + path`, so two keys never share a response and the plain key is
 * never held outside the request itself. Entries live only while the call is in flight: this is
 * not a cache. Switched by `config.dedupeInflightGets`.
 */
import type { Send, WexaResponse } from './transport.js';

/** Wraps `next` so concurrent identical GETs of one key share a single call. */
export function withDedupe(next: Send): Send {
  const inflight = new Map<string, Promise<WexaResponse>>();
  return (req) => {
    if (req.method !== 'GET') return next(req);
    const mapKey = `${req.keyHash} ${req.path}`;
    const pending = inflight.get(mapKey);
    if (pending) return pending;
    const call = next(req).finally(() => inflight.delete(mapKey));
    inflight.set(mapKey, call);
    return call;
  };
}
