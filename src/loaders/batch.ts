/**
 * Building blocks for the per-request loaders: a DataLoader whose batch function issues one upstream
 * request per key (the Wexa API has no batch endpoints), in parallel, under a shared concurrency cap.
 */
import DataLoader from 'dataloader';
import type { OffsetParams } from '../wexa/api.js';
import type { Page } from '../wexa/model.js';

/** Runs `fn` under the operation's concurrency cap (`limiter.ts`); one is shared by every loader of one operation. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * A DataLoader that fetches each key of a batch with its own upstream call, at most `limit`
 * concurrent calls at a time. A failed key rejects only that key (the error is cached for the request,
 * so a second read of the same missing resource costs nothing either).
 */
export function perKeyLoader<K, V>(
  limit: Limiter,
  fetchOne: (key: K) => Promise<V>,
  cacheKeyFn?: (key: K) => string,
): DataLoader<K, V, string> {
  const batch = async (keys: readonly K[]): Promise<(V | Error)[]> =>
    Promise.all(
      keys.map((key) =>
        limit(() => fetchOne(key)).catch((error: unknown) =>
          error instanceof Error ? error : new Error(String(error)),
        ),
      ),
    );
  return new DataLoader<K, V, string>(batch, {
    cacheKeyFn: cacheKeyFn ?? ((key: K) => String(key)),
  });
}

/** A project-scoped resource address, e.g. a task or an execution. */
export interface ScopedKey {
  projectId: string;
  id: string;
}

/** Cache key of a {@link ScopedKey}. */
export const scopedKey = (key: ScopedKey): string => `${key.projectId}/${key.id}`;

/** One upstream page of a per-project list. */
export interface PageKey {
  projectId: string;
  skip: number;
  limit: number;
}

/** Cache key of a {@link PageKey}. */
export const pageKey = (key: PageKey): string => `${key.projectId}/${key.skip}/${key.limit}`;

/**
 * Everything the gateway could read of a list it filters itself: the items (newest first, as the
 * upstream sends them) and whether they are the whole list (false when `maxScanItems` cut it short).
 */
export interface Scan<T> {
  items: T[];
  complete: boolean;
}

/**
 * Reads a whole per-project list page by page (skip/limit) until it ends or `max` items are in hand.
 * One upstream call when the list fits in `max` items and the upstream honours the limit.
 */
export async function scanAll<T>(max: number, fetchPage: (params: OffsetParams) => Promise<Page<T>>): Promise<Scan<T>> {
  const items: T[] = [];
  for (;;) {
    const want = max - items.length;
    const page = await fetchPage({ skip: items.length, limit: want });
    items.push(...page.items.slice(0, want));
    const total = page.total;
    if (page.items.length === 0) return { items, complete: true };
    if (total !== null && items.length >= total) return { items, complete: true };
    if (total === null && page.items.length < want) return { items, complete: true };
    if (items.length >= max) return { items, complete: total !== null && items.length >= total };
  }
}

/** A cache key for small parameter objects: their JSON with sorted keys. */
export const paramsKey = (value: object): string =>
  JSON.stringify(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Runs a list read, then hands its items to `prime` (which primes the by-id loader). */
export const listed =
  <K, P extends { items: T[] }, T>(read: (key: K) => Promise<P>, prime: (items: T[], key: K) => void) =>
  async (key: K): Promise<P> => {
    const result = await read(key);
    prime(result.items, key);
    return result;
  };
