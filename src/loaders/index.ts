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
import { pageKey, perKeyLoader, scopedKey, type Limiter, type PageKey, type Scan, type ScopedKey } from './batch.js';
import { listOrIdsLoader } from './list-or-ids.js';
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

/** The settings the loaders read. */
export type LoaderConfig = Pick<Config, 'loaderConcurrency' | 'maxScanItems' | 'listReadMinIds' | 'listReadMaxItems'>;

/** Builders of the loaders that are not part of the surface group, one per name. */
type CoreLoaders = Omit<Loaders, keyof SurfaceLoaders>;

/**
 * Creates the loaders of one operation for one caller's API. Each is built on first use (and the
 * rarely used surface loaders together, on the first use of one of them): a query touches a few of
 * some twenty loaders, and a subscription's context lives as long as the subscription (each event
 * gets fresh loaders), so building them all eagerly cost both CPU per request and memory per
 * subscriber. Items a list read primes into a loader nobody has built yet are kept and primed when it
 * is built, so a screen that reads a task list but never a task by id never builds the task loader.
 * One Proxy keeps this invisible to callers; the context factory copies the context object, so a
 * getter there would not do.
 */
export function createLoaders(api: WexaApi, config: LoaderConfig): Loaders {
  const get = loaderSet(api, config);
  return new Proxy({} as Loaders, { get: (_target, name) => get(name) });
}

/**
 * Loaders that can be replaced by a fresh set behind the same object (a subscription renews them for
 * every event, so each event shows the state at that event). One Proxy in front of the current set.
 */
export function createRenewableLoaders(api: WexaApi, config: LoaderConfig): { loaders: Loaders; renew(): void } {
  let get = loaderSet(api, config);
  return {
    loaders: new Proxy({} as Loaders, { get: (_target, name) => get(name) }),
    renew: () => {
      get = loaderSet(api, config);
    },
  };
}

/** Primes the loader `name` with `apply` now if it is built, else when it is first built. */
type PrimeInto = <N extends keyof CoreLoaders>(name: N, apply: (loader: CoreLoaders[N]) => void) => void;

/** One set of an operation's loaders, each built on first use; returns the lookup by name. */
function loaderSet(api: WexaApi, config: LoaderConfig): (name: string | symbol) => unknown {
  let limiter: ReturnType<typeof pLimit> | undefined;
  // Made on the first upstream read: an operation answered from what its id gives needs none.
  const limit: Limiter = (fn) => (limiter ??= pLimit(Math.max(1, config.loaderConcurrency)))(fn);
  let surface: SurfaceLoaders | undefined;
  const surfaceLoaders = () => (surface ??= buildSurfaceLoaders(api, limit, config));

  const built: Partial<CoreLoaders> = {};
  const waiting = new Map<keyof CoreLoaders, ((loader: never) => void)[]>();
  const core = <N extends keyof CoreLoaders>(name: N): CoreLoaders[N] => {
    const existing = built[name];
    if (existing !== undefined) return existing as CoreLoaders[N];
    const loader = factories[name]();
    built[name] = loader;
    const queued = waiting.get(name);
    if (queued) {
      waiting.delete(name);
      for (const apply of queued) apply(loader as never);
    }
    return loader;
  };
  const primeInto: PrimeInto = (name, apply) => {
    const existing = built[name];
    if (existing !== undefined) apply(existing as CoreLoaders[typeof name]);
    else waiting.set(name, [...(waiting.get(name) ?? []), apply as (loader: never) => void]);
  };
  const factories = coreFactories(api, config, limit, primeInto, surfaceLoaders);
  return (name) => (Object.hasOwn(factories, name) ? core(name as keyof CoreLoaders) : surfaceLoaders()[name as keyof SurfaceLoaders]);
}

function coreFactories(
  api: WexaApi,
  config: LoaderConfig,
  limit: Limiter,
  primeInto: PrimeInto,
  surface: () => SurfaceLoaders,
): { [N in keyof CoreLoaders]: () => CoreLoaders[N] } {
  const primeProjects = (items: Project[]) => primeInto('project', (loader) => items.forEach((p) => loader.prime(p.id, p)));
  const primeAgentflows = (items: Agentflow[]) => primeInto('agentflow', (loader) => items.forEach((a) => loader.prime(a.id, a)));
  const primeExecutions = (items: Execution[]) =>
    primeInto('execution', (loader) => items.forEach((e) => e.complete && loader.prime({ projectId: e.projectId, id: e.id }, e)));
  const primeTasks = (items: Task[]) => primeInto('task', (loader) => items.forEach((t) => loader.prime({ projectId: t.projectId, id: t.id }, t)));
  const primeConnectors = (items: Connector[]) => primeInto('connector', (loader) => items.forEach((c) => loader.prime(c.id, c)));

  /** Runs a list read and primes the by-id loader with its items. */
  const listed =
    <K, P extends { items: T[] }, T>(read: (key: K) => Promise<P>, prime: (items: T[]) => void) =>
    async (key: K): Promise<P> => {
      const result = await read(key);
      prime(result.items);
      return result;
    };

  return {
    project: () => perKeyLoader<string, Project>(limit, (id) => api.projects.get(id)),
    projectPage: () =>
      perKeyLoader(
        limit,
        listed((k: Required<OffsetParams>) => api.projects.list({ skip: k.skip, limit: k.limit }), primeProjects),
        (k) => `${k.skip}/${k.limit}`,
      ),
    agentflow: () => perKeyLoader<string, Agentflow>(limit, (id) => api.agentflows.get(id)),
    agentflowPage: () =>
      perKeyLoader(limit, listed((k: PageKey) => api.agentflows.list(k.projectId, { skip: k.skip, limit: k.limit }), primeAgentflows), pageKey),
    execution: () => perKeyLoader<ScopedKey, Execution>(limit, (k) => api.executions.get(k.projectId, k.id), scopedKey),
    executionPage: () =>
      perKeyLoader(limit, listed((k: PageKey) => api.executions.list(k.projectId, { skip: k.skip, limit: k.limit }), primeExecutions), pageKey),
    executionScan: () =>
      perKeyLoader(
        limit,
        listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.executions.list(projectId, p)), primeExecutions),
      ),
    task: () =>
      listOrIdsLoader<Task>({
        limit,
        readOne: (k) => api.tasks.get(k.projectId, k.id),
        readList: (projectId, max) => api.tasks.list(projectId, { skip: 0, limit: max }),
        idOf: (t) => t.id,
        prime: (items) => primeTasks(items),
        minIds: config.listReadMinIds,
        maxItems: config.listReadMaxItems,
      }),
    taskPage: () =>
      perKeyLoader(limit, listed((k: PageKey) => api.tasks.list(k.projectId, { skip: k.skip, limit: k.limit }), primeTasks), pageKey),
    taskScan: () =>
      perKeyLoader(limit, listed((projectId: string) => scanAll(config.maxScanItems, (p) => api.tasks.list(projectId, p)), primeTasks)),
    dashboard: () => perKeyLoader(limit, (projectId: string) => api.dashboards.get(projectId)),
    connector: () => perKeyLoader<string, Connector>(limit, (id) => api.connectors.get(id)),
    connectorList: () => perKeyLoader(limit, listed((projectId: string) => api.connectors.list(projectId), primeConnectors)),
    inboxList: () =>
      perKeyLoader(limit, async (projectId: string) => {
        const page = await api.inbox.list(projectId, { limit: config.maxScanItems });
        const requests = surface().inboxRequest;
        page.items.forEach((r) => requests.prime({ projectId, id: r.id }, r));
        return { items: page.items, complete: page.total === null || page.total <= page.items.length };
      }),
    customer: () => perKeyLoader(limit, (_self: 'self') => api.customer.get()),
  };
}
