/** Snapshots of a project's Wexa dashboard and of an execution's report (pure builders). */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDashboardSnapshot } from '../src/dashboards/from-dashboard.js';
import { buildExecutionReportSnapshot } from '../src/dashboards/from-execution.js';
import type { ComponentView } from '../src/dashboards/snapshot.js';
import { GatewayError } from '../src/errors.js';
import type { Dashboard, DashboardComponent } from '../src/wexa/model.js';
import { taskGroupsOf } from '../src/wexa/parse/task-groups.js';
import { parseRoot } from '../src/wexa/parse/common.js';
import { dashboardParser } from '../src/wexa/parse/dashboards.js';
import { anExecution } from './utils/model.js';
import { DOC_DASHBOARD, DOC_TASK, PULSE } from './utils/ids.js';

const TAKEN_AT = '2026-01-15T10:00:00.000Z';
const documented = (): Dashboard =>
  parseRoot(
    JSON.parse(fs.readFileSync(new URL('./wexa-examples/dashboard_refresh-dashboard.response.json', import.meta.url), 'utf8')),
    { endpoint: 'POST /dashboard/refresh/{projectID}' },
    dashboardParser(),
  );

/** A parsed component; a task manager's groups are read from its data as the dashboard parser does. */
function component(over: Partial<DashboardComponent>): DashboardComponent {
  const c = { id: 'c', tabId: 'analytics', type: 'barChart', title: null, subtitle: null, icon: null, agentflowId: null, layout: null, data: [], query: null, extra: {}, ...over };
  return { ...c, taskGroups: over.taskGroups ?? (c.type === 'taskManager' ? taskGroupsOf(c.data) : null) };
}

const labelled = (pairs: [string, number][]) => pairs.map(([label, value]) => ({ label, value }));

describe('buildDashboardSnapshot', () => {
  it("turns the documented dashboard's task manager into task lists by status, in Wexa's order", () => {
    const snapshot = buildDashboardSnapshot({ dashboard: documented(), tabId: null, takenAt: TAKEN_AT });
    expect(snapshot.source).toEqual({ kind: 'projectDashboard', projectId: PULSE, dashboardId: DOC_DASHBOARD, tabId: null });
    expect(snapshot.name).toBe('Pulse');
    expect(snapshot.takenAt).toBe(TAKEN_AT);
    expect(snapshot.tabs.map((t) => [t.name, t.components.length])).toEqual([['Overview', 1], ['Analytics', 0], ['Reports', 0]]);
    const [tm] = snapshot.tabs[0]?.components ?? [];
    expect(tm).toMatchObject({ id: '67e1367cf4f366b0cff3c3d5', type: 'taskManager', title: 'My Tasks', subtitle: null, layout: { x: 0, y: 0, w: 7, h: 25 } });
    const view = tm?.view as Extract<ComponentView, { kind: 'tasks' }>;
    expect(view.kind).toBe('tasks');
    expect(view.groups.map((g) => [g.status, g.tasks.length])).toEqual([['running', 0], ['completed', 10], ['ready', 3], ['failed', 0], ['paused', 0]]);
    expect(view.groups[1]?.tasks).toContainEqual({ id: DOC_TASK, name: 'new platform' });
  });

  it('keeps one tab only when asked, and refuses a tab the dashboard does not have', () => {
    const snapshot = buildDashboardSnapshot({ dashboard: documented(), tabId: '67e1367cf4f366b0cff3c3d1', takenAt: TAKEN_AT });
    expect(snapshot.source).toMatchObject({ tabId: '67e1367cf4f366b0cff3c3d1' });
    expect(snapshot.tabs.map((t) => t.name)).toEqual(['Analytics']);
    let error: unknown;
    try {
      buildDashboardSnapshot({ dashboard: documented(), tabId: 'nope', takenAt: TAKEN_AT });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('NOT_FOUND');
  });

  it('draws chart components with the kind their type names, or that their data suits', () => {
    const dashboard: Dashboard = {
      ...documented(),
      tabs: [{ id: 'analytics', name: 'Analytics' }],
      components: [
        component({ id: 'bar', type: 'barChart', title: 'Tasks by status', layout: { x: 0, y: 0, w: 6, h: 8, minW: null, minH: null }, data: labelled([['ready', 2], ['completed', 5]]) }),
        component({ id: 'pie', type: 'pieChart', layout: { x: 6, y: 0, w: 6, h: 8, minW: null, minH: null }, data: labelled([['Flow A', 3], ['Flow B', 1]]) }),
        component({ id: 'line', type: 'lineChart', layout: { x: 0, y: 8, w: 6, h: 8, minW: null, minH: null }, data: labelled([['2026-01-01', 1], ['2026-01-02', 4]]) }),
        component({ id: 'graph', type: 'graph', data: [{ day: '2026-01-01', count: 1 }, { day: '2026-01-02', count: 2 }, { day: '2026-01-03', count: 5 }] }),
        component({ id: 'empty', type: 'lineChart', data: [] }),
      ],
    };
    const views = Object.fromEntries(buildDashboardSnapshot({ dashboard, tabId: null, takenAt: TAKEN_AT }).tabs[0]?.components.map((c) => [c.id, c.view]) ?? []);
    expect(views.bar).toEqual({ kind: 'chart', chart: 'bar', labels: ['ready', 'completed'], series: [{ name: 'Value', values: [2, 5] }] });
    expect(views.pie).toMatchObject({ kind: 'chart', chart: 'pie', labels: ['Flow A', 'Flow B'] });
    expect(views.line).toMatchObject({ kind: 'chart', chart: 'line' });
    expect(views.graph).toEqual({ kind: 'chart', chart: 'line', labels: ['2026-01-01', '2026-01-02', '2026-01-03'], series: [{ name: 'Count', values: [1, 2, 5] }] });
    expect(views.empty).toEqual({ kind: 'chart', chart: 'line', labels: [], series: [] });
  });

  it('keeps other components as raw data, and a pie of negative numbers becomes bars', () => {
    const dashboard: Dashboard = {
      ...documented(),
      tabs: [{ id: 'analytics', name: 'Analytics' }],
      components: [
        component({ id: 'kpi', type: 'kpi', data: labelled([['Total executions', 40]]) }),
        component({ id: 'table', type: 'table', data: { rows: [['a', 1]] } }),
        component({ id: 'pie', type: 'pieChart', data: labelled([['up', 3], ['down', -2]]) }),
        component({ id: 'tm', type: 'taskManager', data: 'not tasks' }),
      ],
    };
    const views = Object.fromEntries(buildDashboardSnapshot({ dashboard, tabId: null, takenAt: TAKEN_AT }).tabs[0]?.components.map((c) => [c.id, c.view]) ?? []);
    expect(views.kpi).toEqual({ kind: 'raw', data: labelled([['Total executions', 40]]) });
    expect(views.table).toEqual({ kind: 'raw', data: { rows: [['a', 1]] } });
    expect(views.pie).toMatchObject({ kind: 'chart', chart: 'bar' });
    expect(views.tm).toEqual({ kind: 'raw', data: 'not tasks' });
  });

  it('orders components by their grid position and never drops one whose tab is unknown', () => {
    const at = (x: number, y: number) => ({ x, y, w: 1, h: 1, minW: null, minH: null });
    const dashboard: Dashboard = {
      ...documented(),
      tabs: [{ id: 'one', name: 'One' }, { id: 'two', name: 'Two' }],
      components: [
        component({ id: 'loose', tabId: null }),
        component({ id: 'lower', tabId: 'one', layout: at(0, 5) }),
        component({ id: 'right', tabId: 'one', layout: at(3, 0) }),
        component({ id: 'left', tabId: 'one', layout: at(0, 0) }),
        component({ id: 'elsewhere', tabId: 'gone' }),
        component({ id: 'second', tabId: 'two' }),
      ],
    };
    const tabs = buildDashboardSnapshot({ dashboard, tabId: null, takenAt: TAKEN_AT }).tabs;
    expect(tabs.map((t) => t.components.map((c) => c.id))).toEqual([['left', 'right', 'lower', 'loose', 'elsewhere'], ['second']]);
  });

  it('task manager data as a raw facet result reads the same', () => {
    const data = [{ running: [{ _id: 't1', name: 'Ship it', status: 'running' }], failed: [] }];
    const dashboard: Dashboard = { ...documented(), components: [component({ id: 'tm', tabId: '67e1367cf4f366b0cff3c3d0', type: 'taskManager', data })] };
    const view = buildDashboardSnapshot({ dashboard, tabId: '67e1367cf4f366b0cff3c3d0', takenAt: TAKEN_AT }).tabs[0]?.components[0]?.view;
    expect(view).toEqual({ kind: 'tasks', groups: [{ status: 'running', tasks: [{ id: 't1', name: 'Ship it' }] }, { status: 'failed', tasks: [] }] });
  });
});

describe('buildExecutionReportSnapshot', () => {
  const output = (title: string, text: string | null) => ({ agentId: null, title, status: 'completed', output: text, createdAt: null, extra: {} });

  it('has one Report tab: the conclusion, then each output as markdown followed by a chart of each data set in it', () => {
    const execution = anExecution({
      id: 'e-1',
      projectId: 'p-1',
      goal: 'Quarterly revenue review',
      status: 'completed',
      conclusion: { markdown: '# Done\n\nRevenue grew.', links: [], createdAt: null },
      agentOutputs: [
        output('Analyst', '## Revenue by quarter\n\n| Quarter | Revenue |\n|---|---|\n| Q1 | 10 |\n| Q2 | 12 |\n| Q3 | 15 |\n\nBrowser share: [{"label": "Chrome", "value": 60}, {"label": "Safari", "value": 40}]'),
        output('Silent', null),
        output('Writer', '[1, 2, 3, 5, 8]'),
      ],
    });
    const snapshot = buildExecutionReportSnapshot({ execution, takenAt: TAKEN_AT });
    expect(snapshot.source).toEqual({ kind: 'executionReport', projectId: 'p-1', executionId: 'e-1' });
    expect(snapshot.name).toBe('Quarterly revenue review');
    expect(snapshot.tabs).toHaveLength(1);
    const [tab] = snapshot.tabs;
    expect(tab?.name).toBe('Report');
    expect(tab?.components.map((c) => [c.id, c.type, c.title, c.view.kind])).toEqual([
      ['conclusion', 'conclusion', 'Conclusion', 'markdown'],
      ['agent-1', 'agentOutput', 'Analyst', 'markdown'],
      ['agent-1-chart-1', 'numericData', 'Revenue by quarter', 'chart'],
      ['agent-1-chart-2', 'numericData', 'Browser share', 'chart'],
      ['agent-3', 'agentOutput', 'Writer', 'markdown'],
      ['agent-3-chart-1', 'numericData', 'Writer: data 1', 'chart'],
    ]);
    const views = tab?.components.map((c) => c.view) ?? [];
    expect(views[0]).toEqual({ kind: 'markdown', markdown: '# Done\n\nRevenue grew.' });
    expect(views[2]).toEqual({ kind: 'chart', chart: 'line', labels: ['Q1', 'Q2', 'Q3'], series: [{ name: 'Revenue', values: [10, 12, 15] }] });
    expect(views[3]).toEqual({ kind: 'chart', chart: 'pie', labels: ['Chrome', 'Safari'], series: [{ name: 'Value', values: [60, 40] }] });
    expect(views[4]).toEqual({ kind: 'markdown', markdown: '```json\n[1,2,3,5,8]\n```\n' });
    expect(views[5]).toMatchObject({ kind: 'chart', chart: 'line', series: [{ values: [1, 2, 3, 5, 8] }] });
  });

  it('draws each series once: the same numbers as a table in the conclusion and as JSON and a table in an output make one chart', () => {
    const table = '| Month | Signups |\n|---|---|\n| Jan | 120 |\n| Feb | 180 |\n| Mar | 240 |';
    const execution = anExecution({
      status: 'completed',
      conclusion: { markdown: `## Signups\n\n${table}`, links: [], createdAt: null },
      agentOutputs: [
        output('Analyst', `{"Jan": 120, "Feb": 180, "Mar": 240}\n\n${table}`),
        output('Writer', 'Churn: [{"label": "Jan", "value": 5}, {"label": "Feb", "value": 4}]'),
      ],
    });
    const components = buildExecutionReportSnapshot({ execution, takenAt: TAKEN_AT }).tabs[0]?.components ?? [];
    const charts = components.filter((c) => c.view.kind === 'chart');
    expect(charts.map((c) => c.id)).toEqual(['conclusion-chart-1', 'agent-2-chart-1']);
    expect(charts[0]?.view).toMatchObject({ labels: ['Jan', 'Feb', 'Mar'], series: [{ values: [120, 180, 240] }] });
    // The outputs' text is all still there.
    expect(components.filter((c) => c.view.kind === 'markdown')).toHaveLength(3);
  });

  it('reports a failed execution with its error and falls back to the agentflow name for a title', () => {
    const execution = anExecution({ goal: '  ', status: 'failed', error: 'Tool timed out', agentflowSnapshot: { id: 'f', name: 'Researcher', role: null, image: null, initialAgentId: null, agents: [] } });
    const snapshot = buildExecutionReportSnapshot({ execution, takenAt: TAKEN_AT });
    expect(snapshot.name).toBe('Researcher');
    expect(snapshot.tabs[0]?.components).toEqual([{ id: 'error', type: 'error', title: 'Error', subtitle: null, layout: null, view: { kind: 'markdown', markdown: 'Tool timed out' } }]);
  });
});
