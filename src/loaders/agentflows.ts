/**
 * Loaders of agentflows (coworkers): by id; by project and id (reading the project's agentflow list
 * instead when enough of one project are asked at once, as tasks do, see `list-or-ids.ts`); a window
 * of a project's list; and an agentflow's monitoring data.
 */
import type { Agentflow, Page } from '../wexa/model.js';
import { listed, pageKey, perKeyLoader, type PageKey } from './batch.js';
import { listOrIdsLoader } from './list-or-ids.js';
import { defineLoader, type LoaderRegistry } from './registry.js';

export const agentflowById = defineLoader('agentflowById', ({ api, limit }) =>
  perKeyLoader<string, Agentflow>(limit, (id) => api.agentflows.get(id)),
);

/**
 * Primes both by-id loaders with agentflows read another way (`projectId`: the project whose list
 * they came from, when the items may not say).
 */
const primeAgentflows = (loaders: LoaderRegistry, projectId?: string) => (items: Agentflow[]) => {
  loaders.prime(agentflowById, (loader) => items.forEach((a) => loader.prime(a.id, a)));
  loaders.prime(agentflowInProject, (loader) =>
    items.forEach((a) => {
      const project = projectId ?? a.projectId;
      if (project) loader.prime({ projectId: project, id: a.id }, a);
    }),
  );
};

/**
 * An agentflow whose project is known (an execution's): `LIST_READ_MIN_IDS` or more of one project in
 * one batch cost one read of the project's agentflow list instead of one read each. List items and
 * by-id reads go through the same parser, and every item read primes {@link agentflowById}.
 */
export const agentflowInProject = defineLoader('agentflowInProject', ({ api, limit, loaders, config }) => {
  const prime = primeAgentflows(loaders);
  return listOrIdsLoader<Agentflow>({
    limit,
    readOne: async (k) => {
      const agentflow = await api.agentflows.get(k.id);
      prime([agentflow]);
      return agentflow;
    },
    readList: (projectId, max) => api.agentflows.list(projectId, { skip: 0, limit: max }),
    idOf: (a) => a.id,
    prime,
    minIds: config.listReadMinIds,
    maxItems: config.listReadMaxItems,
  });
});

export const agentflowPage = defineLoader('agentflowPage', ({ api, limit, loaders }) =>
  perKeyLoader<PageKey, Page<Agentflow>>(
    limit,
    listed(
      (k: PageKey) => api.agentflows.list(k.projectId, { skip: k.skip, limit: k.limit }),
      (items: Agentflow[], k: PageKey) => primeAgentflows(loaders, k.projectId)(items),
    ),
    pageKey,
  ),
);

/** An agentflow's monitoring data (`/execute_flow/{agentflow_id}/monitor`). */
export const agentflowMonitor = defineLoader('agentflowMonitor', ({ api, limit }) =>
  perKeyLoader<string, Record<string, unknown>>(limit, (agentflowId) => api.executions.monitor(agentflowId)),
);
