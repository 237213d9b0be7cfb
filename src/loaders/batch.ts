/**
 * Building blocks for the per-request loaders: a DataLoader whose batch function issues one upstream
 * request per key (the Wexa API has no batch endpoints), in parallel, under a shared concurrency cap.
 */
import DataLoader from 'dataloader';

/** Runs `fn` under the operation's concurrency cap (a `p-limit` limiter); one is shared by every loader of one operation. */
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
