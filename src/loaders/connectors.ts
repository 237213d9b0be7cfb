/** Loaders of connectors: by id, a project's list, a category's configuration, trigger actions and LinkedIn search parameters. */
import type { Connector, LooseItem, Page, TriggerAction } from '../wexa/model.js';
import { listed, paramsKey, perKeyLoader, scopedKey, type ScopedKey } from './batch.js';
import { defineLoader } from './registry.js';

export const connectorById = defineLoader('connectorById', ({ api, limit }) =>
  perKeyLoader<string, Connector>(limit, (id) => api.connectors.get(id)),
);

/** A project's connectors (the upstream list is not paged). */
export const connectorList = defineLoader('connectorList', ({ api, limit, loaders }) =>
  perKeyLoader<string, Page<Connector>>(
    limit,
    listed(
      (projectId: string) => api.connectors.list(projectId),
      (items: Connector[]) => loaders.prime(connectorById, (loader) => items.forEach((c) => loader.prime(c.id, c))),
    ),
  ),
);

/** A connector category's configuration, by `{projectId, id: category}`. */
export const connectorConfig = defineLoader('connectorConfig', ({ api, limit }) =>
  perKeyLoader<ScopedKey, Record<string, unknown>>(limit, (k) => api.connectorConfig.get(k.projectId, k.id), scopedKey),
);

export const triggerActions = defineLoader('triggerActions', ({ api, limit }) =>
  perKeyLoader<string, Page<TriggerAction>>(limit, (projectId) => api.connectors.triggerActions(projectId)),
);

/** A LinkedIn suggestion search of a project. */
export interface LinkedinKey {
  projectId: string;
  searchType: string;
  keyword: string;
  limit?: number;
  connectorId?: string;
}

export const linkedinParams = defineLoader('linkedinParams', ({ api, limit }) =>
  perKeyLoader<LinkedinKey, Page<LooseItem>>(limit, ({ projectId, ...params }) => api.connectorConfig.linkedinParams(projectId, params), paramsKey),
);
