/**
 * Loaders for the rest of the Wexa surface (inbox requests by id, skills, schedules, the credit
 * history, project data, tables, files, marketplace). Same rules as `index.ts`: one
 * upstream call per key per operation, list reads prime the by-id loaders.
 */
import type DataLoader from 'dataloader';
import type { Config } from '../config.js';
import type { RecordListParams, ScheduleListParams, WexaApi } from '../wexa/api.js';
import type {
  CoworkerSchedule,
  CreditRow,
  InboxRequest,
  LooseItem,
  Page,
  Project,
  Skill,
  TableRecord,
  TriggerAction,
} from '../wexa/model.js';
import { perKeyLoader, scopedKey, type Limiter, type Scan, type ScopedKey } from './batch.js';

/** A window of a project's schedules. */
export interface SchedulePageKey extends ScheduleListParams {
  projectId: string;
  skip: number;
  limit: number;
}

/** A window of a table's records. */
export interface RecordPageKey extends RecordListParams {
  projectId: string;
  tableId: string;
  skip: number;
  limit: number;
}

/** A skill list of a project: all of them, by name, or by category. */
export interface SkillListKey {
  projectId: string;
  name?: string;
  category?: string;
}

/** A LinkedIn suggestion search of a project. */
export interface LinkedinKey {
  projectId: string;
  searchType: string;
  keyword: string;
  limit?: number;
  connectorId?: string;
}

/** The loaders this file adds to every operation. */
export interface SurfaceLoaders {
  /** One inbox request by project and id (`GET /inbox/{id}`), tied to its project. */
  inboxRequest: DataLoader<ScopedKey, InboxRequest & { projectId: string }, string>;
  skill: DataLoader<string, Skill, string>;
  /** A project's skills (up to `maxScanItems`; the upstream takes only a limit). */
  skillList: DataLoader<SkillListKey, Page<Skill>, string>;
  schedule: DataLoader<string, CoworkerSchedule, string>;
  schedulePage: DataLoader<SchedulePageKey, Page<CoworkerSchedule>, string>;
  /** The caller's organisation's credit history, up to `maxScanItems` rows. */
  creditScan: DataLoader<'self', Scan<CreditRow>, string>;
  projectByName: DataLoader<string, Project, string>;
  /** The projects of one user (`/v1/project/all`). */
  userProjects: DataLoader<string, Page<Project>, string>;
  analytics: DataLoader<string, Record<string, unknown>, string>;
  settings: DataLoader<string, Record<string, unknown>, string>;
  tags: DataLoader<string, Page<LooseItem>, string>;
  tables: DataLoader<string, Page<LooseItem>, string>;
  tableNames: DataLoader<string, string[], string>;
  recordPage: DataLoader<RecordPageKey, Page<TableRecord>, string>;
  file: DataLoader<ScopedKey, LooseItem, string>;
  /** A connector's files, by project and connector id. */
  connectorFiles: DataLoader<ScopedKey, Page<LooseItem>, string>;
  marketplaceConnectors: DataLoader<{ search?: string; projectId?: string; filterType?: string }, Page<LooseItem>, string>;
  marketplaceCoworkers: DataLoader<{ search?: string; limit?: number }, Page<LooseItem>, string>;
  marketplaceCoworker: DataLoader<string, LooseItem, string>;
  coworkerUpdate: DataLoader<string, Record<string, unknown>, string>;
  /** A connector category's configuration, by `{projectId, id: category}`. */
  connectorConfig: DataLoader<ScopedKey, Record<string, unknown>, string>;
  triggerActions: DataLoader<string, Page<TriggerAction>, string>;
  linkedinParams: DataLoader<LinkedinKey, Page<LooseItem>, string>;
  /** An agentflow's monitoring data (`/execute_flow/{agentflow_id}/monitor`). */
  monitor: DataLoader<string, Record<string, unknown>, string>;
}

/** A cache key for small parameter objects: their JSON with sorted keys. */
const paramsKey = (value: object): string =>
  JSON.stringify(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Builds the surface loaders of one operation. */
export function buildSurfaceLoaders(api: WexaApi, limit: Limiter, config: Pick<Config, 'maxScanItems'>): SurfaceLoaders {
  const skill = perKeyLoader<string, Skill>(limit, (id) => api.skills.get(id));
  const schedule = perKeyLoader<string, CoworkerSchedule>(limit, (id) => api.schedules.get(id));
  const marketplaceCoworker = perKeyLoader<string, LooseItem>(limit, (id) => api.marketplace.coworker(id));
  const primeSkills = (page: Page<Skill>) => {
    for (const s of page.items) if (s.actions !== undefined) skill.prime(s.id, s);
    return page;
  };
  return {
    inboxRequest: perKeyLoader(
      limit,
      async (k: ScopedKey) => {
        const request = await api.inbox.get(k.projectId, k.id);
        return { ...request, projectId: request.projectId ?? k.projectId };
      },
      scopedKey,
    ),
    skill,
    skillList: perKeyLoader(
      limit,
      async (k: SkillListKey) =>
        primeSkills(
          k.category !== undefined
            ? await api.skills.byCategory(k.projectId, k.category, { limit: config.maxScanItems })
            : await api.skills.list(k.projectId, { limit: config.maxScanItems, ...(k.name === undefined ? {} : { name: k.name }) }),
        ),
      paramsKey,
    ),
    schedule,
    schedulePage: perKeyLoader(
      limit,
      async ({ projectId, ...params }: SchedulePageKey) => {
        const page = await api.schedules.list(projectId, params);
        page.items.forEach((s) => schedule.prime(s.id, s));
        return page;
      },
      paramsKey,
    ),
    creditScan: perKeyLoader(limit, async () => {
      const page = await api.customer.creditHistory({ limit: config.maxScanItems });
      return { items: page.items, complete: page.total === null ? page.items.length < config.maxScanItems : page.total <= page.items.length };
    }),
    projectByName: perKeyLoader(limit, (name) => api.projects.getByName(name)),
    userProjects: perKeyLoader(limit, (userId) => api.projects.listForUser(userId)),
    analytics: perKeyLoader(limit, (projectId) => api.projectData.analytics(projectId)),
    settings: perKeyLoader(limit, (projectId) => api.projectData.settings(projectId)),
    tags: perKeyLoader(limit, (projectId) => api.projectData.tags(projectId)),
    tables: perKeyLoader(limit, (projectId) => api.tables.list(projectId)),
    tableNames: perKeyLoader(limit, (projectId) => api.tables.names(projectId)),
    recordPage: perKeyLoader(limit, ({ projectId, tableId, ...params }: RecordPageKey) => api.tables.records(projectId, tableId, params), (k) =>
      paramsKey(k),
    ),
    file: perKeyLoader(limit, (k: ScopedKey) => api.files.get(k.projectId, k.id), scopedKey),
    connectorFiles: perKeyLoader(limit, (k: ScopedKey) => api.files.byConnector(k.projectId, k.id), scopedKey),
    marketplaceConnectors: perKeyLoader(limit, (k) => api.marketplace.connectors(k), paramsKey),
    marketplaceCoworkers: perKeyLoader(
      limit,
      async (k: { search?: string; limit?: number }) => {
        const page = await api.marketplace.coworkers(k);
        page.items.forEach((c) => c.id !== null && marketplaceCoworker.prime(c.id, c));
        return page;
      },
      paramsKey,
    ),
    marketplaceCoworker,
    coworkerUpdate: perKeyLoader(limit, (id) => api.marketplace.checkUpdate(id)),
    connectorConfig: perKeyLoader(limit, (k: ScopedKey) => api.connectorConfig.get(k.projectId, k.id), scopedKey),
    triggerActions: perKeyLoader(limit, (projectId) => api.connectors.triggerActions(projectId)),
    linkedinParams: perKeyLoader(limit, ({ projectId, ...params }: LinkedinKey) => api.connectorConfig.linkedinParams(projectId, params), paramsKey),
    monitor: perKeyLoader(limit, (agentflowId) => api.executions.monitor(agentflowId)),
  };
}
