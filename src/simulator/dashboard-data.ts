/**
 * Project dashboards: building a new one (task manager plus charts) and recomputing
 * `components[].data` from the current tasks and executions.
 */
import { makeObjectId, type Rng } from './prng.js';
import type { SimState } from './store.js';
import type { DashboardComponentRec, DashboardRec, ExecStatus, Json, ProjectRec } from './types.js';

/** The buckets of the task manager, in the documented order. */
const BUCKETS: ExecStatus[] = ['running', 'completed', 'ready', 'failed', 'paused'];

/** The documented task-manager query: match the project, then one facet per status bucket. */
export function taskManagerQuery(projectId: string): Json {
  const facet: Json = {};
  for (const status of BUCKETS) {
    facet[status] = [{ $match: { status } }, { $project: { _id: 1, name: 1, created_at: 1, status: 1 } }];
  }
  return { aggregation_code: [{ $match: { projectID: projectId } }, { $facet: facet }] };
}

function component(tabId: string, id: string, type: string, title: string, icon: string, query: Json | null): DashboardComponentRec {
  return {
    tab_id: tabId,
    component_type: type,
    user_query: null,
    title,
    subTitle: '',
    component_id: id,
    resource: 'default',
    table_id: null,
    process_buttons: [],
    button_title: null,
    coworker_id: null,
    column_keys: [],
    columns: [],
    icon,
    query,
    data: [],
  };
}

/** Chart components every generated dashboard carries (and the Pulse one, on its Analytics tab). */
export function chartComponents(rng: Rng, at: number, tabId: string): DashboardComponentRec[] {
  const id = (): string => makeObjectId(rng, at);
  return [
    component(tabId, id(), 'kpi', 'Executions', 'activity', null),
    component(tabId, id(), 'barChart', 'Tasks by status', 'bar-chart', null),
    component(tabId, id(), 'pieChart', 'Executions by coworker', 'pie-chart', null),
    component(tabId, id(), 'lineChart', 'Executions per day', 'line-chart', null),
  ];
}

/** A grid position for a component. */
export function positionOf(c: DashboardComponentRec, index: number): Json {
  return { tab_id: c.tab_id, x: (index % 2) * 6, y: Math.floor(index / 2) * 8, h: 8, w: 6, i: c.component_id, minW: 4, minH: 4 };
}

/** A fresh dashboard for a project: an Overview tab with the task manager, an Analytics tab with charts. */
export function buildDashboard(state: SimState, project: ProjectRec, rng: Rng, at: number): DashboardRec {
  const tabs = [
    { name: 'Overview', id: makeObjectId(rng, at) },
    { name: 'Analytics', id: makeObjectId(rng, at) },
    { name: 'Reports', id: makeObjectId(rng, at) },
  ];
  const [overview, analytics] = tabs as [{ id: string }, { id: string }, unknown];
  const tm = component(overview.id, makeObjectId(rng, at), 'taskManager', 'My Tasks', 'clipboard-list', taskManagerQuery(project._id));
  const components = [tm, ...chartComponents(rng, at, analytics.id)];
  const dash: DashboardRec = {
    _id: makeObjectId(rng, at),
    name: project.projectName,
    position: [{ tab_id: overview.id, x: 0, y: 0, h: 25, w: 7, i: tm.component_id, minW: 4, minH: 4 }],
    tabs,
    project_id: project._id,
    components,
    description: 'Drag and drop widgets to customize your dashboard',
    coworker_id: null,
  };
  components.slice(1).forEach((c, i) => dash.position.push(positionOf(c, i)));
  refreshDashboardData(state, dash);
  return dash;
}

/** Recomputes every component's `data` from the project's current tasks and executions. */
export function refreshDashboardData(state: SimState, dash: DashboardRec, only?: ReadonlySet<string>): void {
  const tasks = [...state.tasks.values()].filter((t) => t.projectID === dash.project_id).sort((a, b) => a.created_at - b.created_at);
  const execs = [...state.executions.values()].filter((e) => e.projectID === dash.project_id);
  for (const c of dash.components) {
    if (only && !only.has(c.component_type)) continue;
    switch (c.component_type) {
      case 'taskManager':
        c.data = BUCKETS.map((status) => ({
          status,
          data: tasks.filter((t) => t.status === status).map((t) => ({ _id: t._id, created_at: t.created_at, status: t.status, name: t.name })),
        }));
        break;
      case 'kpi': {
        const done = execs.filter((e) => e.status === 'completed').length;
        c.data = [
          { label: 'Total executions', value: execs.length },
          { label: 'Completed', value: done },
          { label: 'Success rate %', value: execs.length ? Math.round((done / execs.length) * 1000) / 10 : 0 },
        ];
        break;
      }
      case 'barChart':
        c.data = ['ready', 'running', 'paused', 'completed', 'failed', 'cancelled'].map((s) => ({
          label: s,
          value: tasks.filter((t) => t.status === s).length,
        }));
        break;
      case 'pieChart': {
        const byFlow = new Map<string, number>();
        for (const e of execs) byFlow.set(e.agentflow.name, (byFlow.get(e.agentflow.name) ?? 0) + 1);
        c.data = [...byFlow].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value }));
        break;
      }
      case 'lineChart': {
        const byDay = new Map<string, number>();
        for (const e of execs) {
          const day = new Date(e.created_at * 1000).toISOString().slice(0, 10);
          byDay.set(day, (byDay.get(day) ?? 0) + 1);
        }
        c.data = [...byDay].sort((a, b) => a[0].localeCompare(b[0])).slice(-14).map(([label, value]) => ({ label, value }));
        break;
      }
      default:
        break;
    }
  }
}
