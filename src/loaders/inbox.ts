/**
 * Loaders of inbox requests (what executions ask a person for): one by project and id
 * (`GET /inbox/{id}`), and a project's inbox, which primes the by-id loader.
 */
import type { InboxRequest } from '../wexa/model.js';
import { perKeyLoader, scopedKey, type Scan, type ScopedKey } from './batch.js';
import { defineLoader } from './registry.js';

/** One inbox request by project and id. */
export const inboxRequestById = defineLoader('inboxRequestById', ({ api, limit }) =>
  perKeyLoader<ScopedKey, InboxRequest>(limit, (k) => api.inbox.get(k.projectId, k.id), scopedKey),
);

/** A project's inbox requests, up to `maxScanItems` (the upstream takes only a limit). */
export const inboxList = defineLoader('inboxList', ({ api, limit, loaders, config }) =>
  perKeyLoader<string, Scan<InboxRequest>>(limit, async (projectId) => {
    const page = await api.inbox.list(projectId, { limit: config.maxScanItems });
    loaders.prime(inboxRequestById, (loader) => page.items.forEach((r) => loader.prime({ projectId, id: r.id }, r)));
    return { items: page.items, complete: page.total === null || page.total <= page.items.length };
  }),
);
