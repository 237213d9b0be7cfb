/**
 * A by-id loader for project-scoped items (tasks) that may read the project's list instead of the
 * items one by one. The Wexa API has no batch endpoint, so `n` ids of one project cost `n` calls; one
 * list read costs one, when the list is small enough to come in one page.
 *
 * The choice, per batch and per project:
 * - fewer than `minIds` ids of the project in the batch: one by-id read each (a list read would carry
 *   more data than the reads it saves);
 * - at least `minIds`: one list read of at most `maxItems` items. Ids found there are answered from
 *   it (and every other item of the list primes the cache); ids it does not hold (the list was longer
 *   than `maxItems`, or the item is newer than the list) fall back to their by-id read, which also
 *   gives the upstream's own error for an id that does not exist. A failed list read falls back the
 *   same way, so the choice never changes an answer, only its cost.
 */
import DataLoader from 'dataloader';
import type { Page } from '../wexa/model.js';
import { scopedKey, type Limiter, type ScopedKey } from './batch.js';

/** What {@link listOrIdsLoader} needs. */
export interface ListOrIdsOptions<T> {
  limit: Limiter;
  readOne(key: ScopedKey): Promise<T>;
  /** The first `max` items of a project's list. */
  readList(projectId: string, max: number): Promise<Page<T>>;
  /** The id of an item of the list. */
  idOf(item: T): string;
  /** Called with every item of a list read (to prime this loader and others). */
  prime(items: T[]): void;
  /** Ids of one project in one batch from which a list read is chosen; 0 never chooses it. */
  minIds: number;
  /** Items one list read may bring (the page size asked for). */
  maxItems: number;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Creates the loader (see the module comment for when it reads a list). */
export function listOrIdsLoader<T>(options: ListOrIdsOptions<T>): DataLoader<ScopedKey, T, string> {
  const { limit } = options;
  const byId = (key: ScopedKey) => limit(() => options.readOne(key)).catch(asError);

  const batch = async (keys: readonly ScopedKey[]): Promise<(T | Error)[]> => {
    const perProject = new Map<string, number>();
    for (const key of keys) perProject.set(key.projectId, (perProject.get(key.projectId) ?? 0) + 1);
    const lists = new Map<string, Promise<Map<string, T> | null>>();
    if (options.minIds > 0 && options.maxItems > 0) {
      for (const [projectId, count] of perProject) {
        if (count < options.minIds) continue;
        const read = limit(() => options.readList(projectId, options.maxItems)).then(
          (page) => {
            options.prime(page.items);
            return new Map(page.items.map((item) => [options.idOf(item), item]));
          },
          () => null,
        );
        lists.set(projectId, read);
      }
    }
    return Promise.all(
      keys.map(async (key) => {
        const list = lists.get(key.projectId);
        const found = list ? (await list)?.get(key.id) : undefined;
        return found ?? byId(key);
      }),
    );
  };
  return new DataLoader<ScopedKey, T, string>(batch, { cacheKeyFn: scopedKey });
}
