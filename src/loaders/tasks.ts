/**
 * Loaders of tasks: by project and id (reading the project's task list instead when enough ids of
 * one project are asked at once, see `list-or-ids.ts`), a window of a project's list, and a project's
 * list read whole for filtering.
 */
import type { Page, Task } from '../wexa/model.js';
import { listed, pageKey, perKeyLoader, scanAll, type PageKey, type Scan } from './batch.js';
import { listOrIdsLoader } from './list-or-ids.js';
import { defineLoader, type LoaderRegistry } from './registry.js';

/** Primes {@link taskById} with listed tasks. */
const primeTasks = (loaders: LoaderRegistry) => (items: Task[]) =>
  loaders.prime(taskById, (loader) => items.forEach((t) => loader.prime({ projectId: t.projectId, id: t.id }, t)));

export const taskById = defineLoader('taskById', ({ api, limit, loaders, config }) =>
  listOrIdsLoader<Task>({
    limit,
    readOne: (k) => api.tasks.get(k.projectId, k.id),
    readList: (projectId, max) => api.tasks.list(projectId, { skip: 0, limit: max }),
    idOf: (t) => t.id,
    prime: primeTasks(loaders),
    minIds: config.listReadMinIds,
    maxItems: config.listReadMaxItems,
  }),
);

export const taskPage = defineLoader('taskPage', ({ api, limit, loaders }) =>
  perKeyLoader<PageKey, Page<Task>>(limit, listed((k: PageKey) => api.tasks.list(k.projectId, { skip: k.skip, limit: k.limit }), primeTasks(loaders)), pageKey),
);

/** A project's tasks, up to `maxScanItems`, for filtering in the gateway. */
export const taskScan = defineLoader('taskScan', ({ api, limit, loaders, config }) =>
  perKeyLoader<string, Scan<Task>>(limit, listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.tasks.list(projectId, p)), primeTasks(loaders))),
);
