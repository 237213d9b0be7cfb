/**
 * `createLoaders(api, config)`: a fresh set of DataLoaders for one GraphQL operation.
 *
 * Resolvers read the upstream only through these, so one operation never fetches the same resource
 * or list twice, and every list read primes the by-id loaders with the items it returned (a task
 * list primes `task`, an agentflow list primes `agentflow`, …).
 */
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Config } from '../config.js';
import type { OffsetParams, WexaApi } from '../wexa/api.js';
import type {
  Agentflow,
  Connector,
  Customer,
  Dashboard,
  Execution,
  InboxRequest,
  Page,
  Project,
  Task,
} from '../wexa/model.js';
import { pageKey, perKeyLoader, scopedKey, type PageKey, type Scan, type ScopedKey } from './batch.js';
import { buildSurfaceLoaders, type SurfaceLoaders } from './surface.js';

export type { PageKey, Scan, ScopedKey } from './batch.js';

/** The loaders of one operation. */
export interface Loaders extends SurfaceLoaders {
  project: DataLoader<string, Project, string>;
  /** A window of the project list (the API maps it onto upstream page numbers). */
  projectPage: DataLoader<Required<OffsetParams>, Page<Project>, string>;
  agentflow: DataLoader<string, Agentflow, string>;
  agentflowPage: DataLoader<PageKey, Page<Agentflow>, string>;
  /** Full executions by project and execution UUID. */
  execution: DataLoader<ScopedKey, Execution, string>;
  executionPage: DataLoader<PageKey, Page<Execution>, string>;
  /** A project's executions, up to `maxScanItems`, for filtering in the gateway. */
  executionScan: DataLoader<string, Scan<Execution>, string>;
  task: DataLoader<ScopedKey, Task, string>;
  taskPage: DataLoader<PageKey, Page<Task>, string>;
  /** A project's tasks, up to `maxScanItems`, for filtering in the gateway. */
  taskScan: DataLoader<string, Scan<Task>, string>;
  /** The dashboard of a project (one per project). */
  dashboard: DataLoader<string, Dashboard, string>;
  connector: DataLoader<string, Connector, string>;
  /** A project's connectors (the upstream list is not paged). */
  connectorList: DataLoader<string, Page<Connector>, string>;
  /** A project's inbox requests, up to `maxScanItems` (the upstream takes only a limit). */
  inboxList: DataLoader<string, Scan<InboxRequest>, string>;
  /** The calling key's organisation and user; the only key is `'self'`. */
  customer: DataLoader<'self', Customer, string>;
}

/**
 * Reads a whole per-project list page by page (skip/limit) until it ends or `max` items are in hand.
 * One upstream call when the list fits in `max` items and the upstream honours the limit.
 */
async function scanAll<T>(
  max: number,
  fetchPage: (params: OffsetParams) => Promise<Page<T>>,
): Promise<Scan<T>> {
  const items: T[] = [];
  for (;;) {
    const want = max - items.length;
    const page = await fetchPage({ skip: items.length, limit: want });
    items.push(...page.items.slice(0, want));
    const total = page.total;
    if (page.items.length === 0) return { items, complete: true };
    if (total !== null && items.length >= total) return { items, complete: true };
    if (total === null && page.items.length < want) return { items, complete: true };
    if (items.length >= max) return { items, complete: total !== null && items.length >= total };
  }
}

/**
 * Creates the loaders of one operation for one caller's API. They are built on first use: a
 * subscription's context lives as long as the subscription (and each event gets fresh loaders), so
 * building them eagerly would cost about 20 KiB per subscriber for nothing. A Proxy keeps this
 * invisible to callers; the context factory copies the context object, so a getter there would not do.
 */
export function createLoaders(api: WexaApi, config: Pick<Config, 'loaderConcurrency' | 'maxScanItems'>): Loaders {
  let built: Loaders | undefined;
  return new Proxy({} as Loaders, {
    get: (_target, name) => {
      built ??= buildLoaders(api, config);
      return built[name as keyof Loaders];
    },
  });
}

function buildLoaders(api: WexaApi, config: Pick<Config, 'loaderConcurrency' | 'maxScanItems'>): Loaders {
  const limit = pLimit(Math.max(1, config.loaderConcurrency));

  const project = perKeyLoader<string, Project>(limit, (id) => api.projects.get(id));
  const agentflow = perKeyLoader<string, Agentflow>(limit, (id) => api.agentflows.get(id));
  const execution = perKeyLoader<ScopedKey, Execution>(
    limit,
    (k) => api.executions.get(k.projectId, k.id),
    scopedKey,
  );
  const task = perKeyLoader<ScopedKey, Task>(limit, (k) => api.tasks.get(k.projectId, k.id), scopedKey);
  const connector = perKeyLoader<string, Connector>(limit, (id) => api.connectors.get(id));

  const primeProjects = (items: Project[]) => items.forEach((p) => project.prime(p.id, p));
  const primeAgentflows = (items: Agentflow[]) => items.forEach((a) => agentflow.prime(a.id, a));
  const primeExecutions = (items: Execution[]) =>
    items.filter((e) => e.complete).forEach((e) => execution.prime({ projectId: e.projectId, id: e.id }, e));
  const primeTasks = (items: Task[]) => items.forEach((t) => task.prime({ projectId: t.projectId, id: t.id }, t));
  const primeConnectors = (items: Connector[]) => items.forEach((c) => connector.prime(c.id, c));

  /** Runs a list read and primes the by-id loader with its items. */
  const listed =
    <K, P extends { items: T[] }, T>(read: (key: K) => Promise<P>, prime: (items: T[]) => void) =>
    async (key: K): Promise<P> => {
      const result = await read(key);
      prime(result.items);
      return result;
    };

  const surface = buildSurfaceLoaders(api, limit, config);
  return {
    ...surface,
    project,
    projectPage: perKeyLoader(
      limit,
      listed((k: Required<OffsetParams>) => api.projects.list({ skip: k.skip, limit: k.limit }), primeProjects),
      (k) => `${k.skip}/${k.limit}`,
    ),
    agentflow,
    agentflowPage: perKeyLoader(
      limit,
      listed((k: PageKey) => api.agentflows.list(k.projectId, { skip: k.skip, limit: k.limit }), primeAgentflows),
      pageKey,
    ),
    execution,
    executionPage: perKeyLoader(
      limit,
      listed((k: PageKey) => api.executions.list(k.projectId, { skip: k.skip, limit: k.limit }), primeExecutions),
      pageKey,
    ),
    executionScan: perKeyLoader(
      limit,
      listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.executions.list(projectId, p)), primeExecutions),
    ),
    task,
    taskPage: perKeyLoader(
      limit,
      listed((k: PageKey) => api.tasks.list(k.projectId, { skip: k.skip, limit: k.limit }), primeTasks),
      pageKey,
    ),
    taskScan: perKeyLoader(
      limit,
      listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.tasks.list(projectId, p)), primeTasks),
    ),
    dashboard: perKeyLoader(limit, (projectId) => api.dashboards.get(projectId)),
    connector,
    connectorList: perKeyLoader(limit, listed((projectId: string) => api.connectors.list(projectId), primeConnectors)),
    inboxList: perKeyLoader(limit, async (projectId) => {
      const page = await api.inbox.list(projectId, { limit: config.maxScanItems });
      page.items.forEach((r) => surface.inboxRequest.prime({ projectId, id: r.id }, r));
      return { items: page.items, complete: page.total === null || page.total <= page.items.length };
    }),
    customer: perKeyLoader(limit, () => api.customer.get()),
  };
}
