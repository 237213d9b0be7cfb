/**
 * The simulator's in-memory state and the bookkeeping that keeps a task in step with its
 * executions (status, ids, node tree, summaries, status counts, `updated_at`).
 */
import type { Rng } from './prng.js';
import { nowSeconds } from './time.js';
import type {
  AgentflowRec,
  ConnectorRec,
  CreditRec,
  DashboardRec,
  ExecStatus,
  ExecutionRec,
  ExecutionSummaryRec,
  InboxRec,
  Json,
  Org,
  ProjectRec,
  SkillRec,
  TableRec,
  TaskRec,
} from './types.js';

/** Everything the simulator serves; rebuilt from the seed on reset. */
export interface SimState {
  /** API key → organisation id. */
  keys: Map<string, string>;
  orgs: Map<string, Org>;
  projects: Map<string, ProjectRec>;
  agentflows: Map<string, AgentflowRec>;
  /** Keyed by `execution_id` (the UUID). */
  executions: Map<string, ExecutionRec>;
  tasks: Map<string, TaskRec>;
  /** Keyed by project id (one dashboard per project). */
  dashboards: Map<string, DashboardRec>;
  connectors: Map<string, ConnectorRec>;
  skills: Map<string, SkillRec>;
  inbox: Map<string, InboxRec>;
  /** Oldest first, as the upstream lists them. */
  credits: CreditRec[];
  /** Keyed by organisation id. */
  customers: Map<string, Json>;
  /** Coworker schedules by id. */
  schedules: Map<string, Json>;
  /** Project tables by id (records embedded). */
  tables: Map<string, TableRec>;
  /** Files by id. */
  files: Map<string, Json>;
  /** Tags by project id. */
  tags: Map<string, Json[]>;
  /** Connector configurations by `projectId/category`. */
  configs: Map<string, Json>;
  /** The public marketplace (the same for every organisation). */
  marketplace: { coworkers: Json[]; connectors: Json[] };
  /** The seeded generator that also makes runtime ids. */
  rng: Rng;
}

/** Creates an empty state around a generator. */
export function emptyState(rng: Rng): SimState {
  return {
    keys: new Map(),
    orgs: new Map(),
    projects: new Map(),
    agentflows: new Map(),
    executions: new Map(),
    tasks: new Map(),
    dashboards: new Map(),
    connectors: new Map(),
    skills: new Map(),
    inbox: new Map(),
    credits: [],
    customers: new Map(),
    schedules: new Map(),
    tables: new Map(),
    files: new Map(),
    tags: new Map(),
    configs: new Map(),
    marketplace: { coworkers: [], connectors: [] },
    rng,
  };
}

/** The summary of an execution as embedded in its task. */
export function summarize(exec: ExecutionRec): ExecutionSummaryRec {
  return {
    agentflow_id: exec.agentflow_id,
    conclusion: exec.conclusion,
    execution_id: exec.execution_id,
    files: exec.files,
    goal: exec.goal,
    projectID: exec.projectID,
    start_from_agent_id: exec.start_from_agent_id,
    status: exec.status,
    task_id: exec.task_id,
  };
}

/** How many of `items` are in each status (statuses in order of first appearance). */
export function countByStatus(items: readonly { status: ExecStatus }[]): Partial<Record<ExecStatus, number>> {
  const counts: Partial<Record<ExecStatus, number>> = {};
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

/**
 * Recomputes a task's derived fields from its executions: status (the newest execution's),
 * summaries and status counts. `execution_ids` and `execution_nodes` are kept as they are, since
 * they only change when an execution is added (see {@link addExecutionToTask}).
 */
export function syncTask(state: SimState, task: TaskRec, at: number = nowSeconds()): void {
  const execs = task.execution_ids
    .map((id) => state.executions.get(id))
    .filter((e): e is ExecutionRec => e !== undefined);
  const newest = execs[execs.length - 1];
  if (newest) task.status = newest.status;
  task.executions = execs.map(summarize);
  task.executions_status_count = countByStatus(execs);
  task.updated_at = at;
}

/** Records an execution on its task: id list, node tree (a re-run hangs under the first run), then syncs. */
export function addExecutionToTask(state: SimState, task: TaskRec, exec: ExecutionRec, at?: number): void {
  task.execution_ids.push(exec.execution_id);
  const node = { execution_id: exec.execution_id, _id: exec._id, execution_type: 'execution' as const, children: [] };
  const root = task.execution_nodes[0];
  if (root) root.children.push(node);
  else task.execution_nodes.push(node);
  syncTask(state, task, at);
}

/** Removes a project and everything that hangs off it. */
export function deleteProjectCascade(state: SimState, projectId: string): void {
  state.projects.delete(projectId);
  state.dashboards.delete(projectId);
  for (const [id, af] of state.agentflows) if (af.projectID === projectId) state.agentflows.delete(id);
  for (const [id, t] of state.tasks) if (t.projectID === projectId) state.tasks.delete(id);
  for (const [id, e] of state.executions) if (e.projectID === projectId) state.executions.delete(id);
  for (const [id, c] of state.connectors) if (c.projectID === projectId) state.connectors.delete(id);
  for (const [id, s] of state.skills) if (s.projectID === projectId) state.skills.delete(id);
  for (const [id, i] of state.inbox) if (i.projectID === projectId) state.inbox.delete(id);
  for (const [id, x] of state.schedules) if (x['projectID'] === projectId) state.schedules.delete(id);
  for (const [id, x] of state.tables) if (x.projectID === projectId) state.tables.delete(id);
  for (const [id, x] of state.files) if (x['projectID'] === projectId) state.files.delete(id);
  state.tags.delete(projectId);
}
