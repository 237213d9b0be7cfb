/** Loaders of agentflows (coworkers): by id, a window of a project's list, and an agentflow's monitoring data. */
import type { Agentflow, Page } from '../wexa/model.js';
import { listed, pageKey, perKeyLoader, type PageKey } from './batch.js';
import { defineLoader } from './registry.js';

export const agentflowById = defineLoader('agentflowById', ({ api, limit }) =>
  perKeyLoader<string, Agentflow>(limit, (id) => api.agentflows.get(id)),
);

export const agentflowPage = defineLoader('agentflowPage', ({ api, limit, loaders }) =>
  perKeyLoader<PageKey, Page<Agentflow>>(
    limit,
    listed(
      (k: PageKey) => api.agentflows.list(k.projectId, { skip: k.skip, limit: k.limit }),
      (items: Agentflow[]) => loaders.prime(agentflowById, (loader) => items.forEach((a) => loader.prime(a.id, a))),
    ),
    pageKey,
  ),
);

/** An agentflow's monitoring data (`/execute_flow/{agentflow_id}/monitor`). */
export const agentflowMonitor = defineLoader('agentflowMonitor', ({ api, limit }) =>
  perKeyLoader<string, Record<string, unknown>>(limit, (agentflowId) => api.executions.monitor(agentflowId)),
);
