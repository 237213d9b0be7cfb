/** Loaders of the marketplace: connectors, coworkers (which prime the by-id loader), one coworker, and a coworker's update check. */
import type { LooseItem, Page } from '../wexa/model.js';
import { paramsKey, perKeyLoader } from './batch.js';
import { defineLoader } from './registry.js';

export const marketplaceConnectors = defineLoader('marketplaceConnectors', ({ api, limit }) =>
  perKeyLoader<{ search?: string; projectId?: string; filterType?: string }, Page<LooseItem>>(limit, (k) => api.marketplace.connectors(k), paramsKey),
);

export const marketplaceCoworker = defineLoader('marketplaceCoworker', ({ api, limit }) =>
  perKeyLoader<string, LooseItem>(limit, (id) => api.marketplace.coworker(id)),
);

export const marketplaceCoworkers = defineLoader('marketplaceCoworkers', ({ api, limit, loaders }) =>
  perKeyLoader<{ search?: string; limit?: number }, Page<LooseItem>>(
    limit,
    async (k) => {
      const page = await api.marketplace.coworkers(k);
      loaders.prime(marketplaceCoworker, (loader) => page.items.forEach((c) => c.id !== null && loader.prime(c.id, c)));
      return page;
    },
    paramsKey,
  ),
);

export const coworkerUpdate = defineLoader('coworkerUpdate', ({ api, limit }) =>
  perKeyLoader<string, Record<string, unknown>>(limit, (id) => api.marketplace.checkUpdate(id)),
);
