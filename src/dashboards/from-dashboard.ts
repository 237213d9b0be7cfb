/**
 * A snapshot of a project's Wexa dashboard (the whole of it, or one tab): task managers become task
 * lists grouped by status, chart components become charts of the kind that suits their data, anything
 * else is kept as raw data.
 */
import { NotFoundError } from '../errors.js';
import type { Dashboard, DashboardComponent } from '../wexa/model.js';
import { chartKindFromType, chooseChartKind } from './chart-kind.js';
import { numericDataFromJson } from './numbers.js';
import type { ComponentView, DashboardSnapshot, SnapshotComponent, SnapshotTab } from './snapshot.js';

/** Component types drawn as charts even when their type names no chart kind. */
const CHART_LIKE = /chart|graph|plot|trend|histogram|sparkline/i;

export interface DashboardSnapshotInput {
  dashboard: Dashboard;
  /** One tab of the dashboard, or null for all of them. */
  tabId: string | null;
  /** When the dashboard was read (ISO 8601). */
  takenAt: string;
}

/**
 * Freezes `dashboard` into a snapshot. Components keep their tab's order, sorted top-to-bottom, then
 * left-to-right by their grid layout. Throws NOT_FOUND when `tabId` is not a tab of the dashboard.
 */
export function buildDashboardSnapshot(input: DashboardSnapshotInput): DashboardSnapshot {
  const { dashboard, tabId, takenAt } = input;
  return {
    source: { kind: 'projectDashboard', projectId: dashboard.projectId, dashboardId: dashboard.id, tabId },
    name: dashboard.name,
    tabs: tabId === null ? allTabs(dashboard) : [oneTab(dashboard, tabId)],
    takenAt,
  };
}

function oneTab(dashboard: Dashboard, tabId: string): SnapshotTab {
  const tab = dashboard.tabs.find((t) => t.id === tabId);
  if (!tab) throw new NotFoundError(`The dashboard has no tab ${JSON.stringify(tabId)}.`);
  return { id: tab.id, name: tab.name, components: snapshotComponents(dashboard.components.filter((c) => c.tabId === tab.id)) };
}

/** Every tab; components whose tab is missing or unknown join the first tab, so nothing is dropped. */
function allTabs(dashboard: Dashboard): SnapshotTab[] {
  if (dashboard.tabs.length === 0) {
    return [{ id: dashboard.id, name: dashboard.name, components: snapshotComponents(dashboard.components) }];
  }
  const known = new Set(dashboard.tabs.map((t) => t.id));
  const firstId = dashboard.tabs[0]?.id;
  const tabOf = (c: DashboardComponent): string | undefined => (c.tabId !== null && known.has(c.tabId) ? c.tabId : firstId);
  return dashboard.tabs.map((tab) => ({
    id: tab.id,
    name: tab.name,
    components: snapshotComponents(dashboard.components.filter((c) => tabOf(c) === tab.id)),
  }));
}

function snapshotComponents(components: DashboardComponent[]): SnapshotComponent[] {
  const ordered = components
    .map((component, index) => ({ component, index }))
    .sort((a, b) => readingOrder(a.component, b.component) || a.index - b.index)
    .map((x) => x.component);
  return ordered.map((c) => ({
    id: c.id,
    type: c.type,
    title: c.title,
    subtitle: c.subtitle === '' ? null : c.subtitle,
    layout: c.layout && { x: c.layout.x, y: c.layout.y, w: c.layout.w, h: c.layout.h },
    view: viewOf(c),
  }));
}

/** Laid-out components first, by row then column; the rest keep their order. */
function readingOrder(a: DashboardComponent, b: DashboardComponent): number {
  if (a.layout && b.layout) return a.layout.y - b.layout.y || a.layout.x - b.layout.x;
  if (a.layout) return -1;
  if (b.layout) return 1;
  return 0;
}

/** What the page draws for one component. */
export function viewOf(component: DashboardComponent): ComponentView {
  if (component.taskGroups) return { kind: 'tasks', groups: component.taskGroups };
  const requested = chartKindFromType(component.type);
  if (requested || CHART_LIKE.test(component.type)) {
    const data = numericDataFromJson(component.data);
    if (data) {
      const named = { ...data, caption: component.title };
      return { kind: 'chart', chart: chooseChartKind(named, requested), labels: data.labels, series: data.series };
    }
    if (isEmpty(component.data)) return { kind: 'chart', chart: requested ?? 'bar', labels: [], series: [] };
  }
  return { kind: 'raw', data: component.data ?? null };
}

function isEmpty(data: unknown): boolean {
  return data === null || data === undefined || (Array.isArray(data) && data.length === 0);
}
