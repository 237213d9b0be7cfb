/**
 * Shares one upstream call, and its parsed result, between identical GETs in flight at the same
 * moment for the same key.
 *
 * The map key is `keyHash(apiKey) + path`, so two keys never share a response and the plain key is
 * never held outside the request itself. What is shared is the normalised model the endpoint's
 * parser made of the response (every GET path has exactly one parser), so the JSON is parsed and
 * normalised once however many requests wait on it; the result is read-only for all of them.
 * Entries live only while the call is in flight: this is not a cache. Switched by
 * `config.dedupeInflightGets`.
 */

/** Runs `run` for a key unless a run for the same key is in flight, whose promise is returned instead. */
export type Inflight = <T>(key: string, run: () => Promise<T>) => Promise<T>;

/** Creates an empty in-flight map. */
export function createInflight(): Inflight {
  const inflight = new Map<string, Promise<unknown>>();
  return <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const pending = inflight.get(key);
    if (pending) return pending as Promise<T>;
    const call = run().finally(() => inflight.delete(key));
    inflight.set(key, call);
    return call;
  };
}
