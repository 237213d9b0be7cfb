/**
 * Windows over lists the upstream pages by 1-based page number and page size (schedules, table
 * records): the same mapping as the project list, at most two calls per window.
 */
import type { Page } from '../model.js';
import { coveringPages } from './projects.js';

/** Reads `[skip, skip + limit)` through `readPage(page, size)`; without a limit, the upstream's default page cut at `skip`. */
export async function windowOverPages<T>(
  readPage: (page?: number, size?: number) => Promise<Page<T>>,
  skip: number,
  limit: number | undefined,
): Promise<Page<T>> {
  if (limit === undefined) {
    const all = await readPage();
    return { items: all.items.slice(skip), total: all.total };
  }
  const { pages, start } = coveringPages(skip, limit);
  const results = await Promise.all(pages.map((p) => readPage(p.page, p.limit)));
  return { items: results.flatMap((r) => r.items).slice(start, start + limit), total: results[0]?.total ?? null };
}
