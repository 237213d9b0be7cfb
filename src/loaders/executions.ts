/** Loaders of executions: by project and UUID, a window of a project's list, and a project's list read whole for filtering. */
import type { Execution, Page } from '../wexa/model.js';
import { listed, pageKey, perKeyLoader, scanAll, scopedKey, type PageKey, type Scan, type ScopedKey } from './batch.js';
import { defineLoader, type LoaderRegistry } from './registry.js';

/** Full executions by project and execution UUID. */
export const executionById = defineLoader('executionById', ({ api, limit }) =>
  perKeyLoader<ScopedKey, Execution>(limit, (k) => api.executions.get(k.projectId, k.id), scopedKey),
);

/** Primes {@link executionById} with the complete executions of a list (summaries lack fields). */
const primeExecutions = (loaders: LoaderRegistry) => (items: Execution[]) =>
  loaders.prime(executionById, (loader) => items.forEach((e) => e.complete && loader.prime({ projectId: e.projectId, id: e.id }, e)));

export const executionPage = defineLoader('executionPage', ({ api, limit, loaders }) =>
  perKeyLoader<PageKey, Page<Execution>>(
    limit,
    listed((k: PageKey) => api.executions.list(k.projectId, { skip: k.skip, limit: k.limit }), primeExecutions(loaders)),
    pageKey,
  ),
);

/** A project's executions, up to `maxScanItems`, for filtering in the gateway. */
export const executionScan = defineLoader('executionScan', ({ api, limit, loaders, config }) =>
  perKeyLoader<string, Scan<Execution>>(
    limit,
    listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.executions.list(projectId, p)), primeExecutions(loaders)),
  ),
);
