/**
 * Interim snapshot builder for a project's Wexa dashboard (the page branch supplies the full one with
 * chart-kind choice; this keeps the same signature).
 */
import { NotFoundError } from '../errors.js';
import type { Dashboard, DashboardComponent } from '../wexa/model.js';
import type { ComponentView, DashboardSnapshot, SnapshotComponent } from './snapshot.js';

function viewOf(component: DashboardComponent): ComponentView {
  const data = component.data;
  if (component.type === 'taskManager' && Array.isArray(data)) {
    return {
      kind: 'tasks',
      groups: data.map((group: { status?: unknown; data?: unknown }) => ({
        status: String(group.status ?? 'unknown'),
        tasks: (Array.isArray(group.data) ? group.data : []).map((t: { _id?: unknown; name?: unknown }) => ({
          id: String(t._id ?? ''),
          name: String(t.name ?? ''),
        })),
      })),
    };
  }
  if (Array.isArray(data) && data.length > 0 && data.every((d) => d && typeof d === 'object' && typeof (d as { value?: unknown }).value === 'number')) {
    const points = data as { label?: unknown; value: number }[];
    const chart = component.type.toLowerCase().includes('pie') ? 'pie' : component.type.toLowerCase().includes('line') ? 'line' : 'bar';
    return { kind: 'chart', chart, labels: points.map((p) => String(p.label ?? '')), series: [{ name: component.title ?? component.type, values: points.map((p) => p.value) }] };
  }
  return { kind: 'raw', data: data ?? null };
}

/** The snapshot of `dashboard` (one tab when `tabId` is given). */
export function buildDashboardSnapshot(input: { dashboard: Dashboard; tabId: string | null; takenAt: string }): DashboardSnapshot {
  const { dashboard, tabId, takenAt } = input;
  const tabs = tabId === null ? dashboard.tabs : dashboard.tabs.filter((t) => t.id === tabId);
  if (tabId !== null && tabs.length === 0) throw new NotFoundError('No such tab on this dashboard.');
  return {
    source: { kind: 'projectDashboard', projectId: dashboard.projectId, dashboardId: dashboard.id, tabId },
    name: dashboard.name,
    takenAt,
    tabs: tabs.map((tab) => ({
      id: tab.id,
      name: tab.name,
      components: dashboard.components
        .filter((c) => c.tabId === tab.id)
        .map((c): SnapshotComponent => ({
          id: c.id,
          type: c.type,
          title: c.title,
          subtitle: c.subtitle,
          layout: c.layout ? { x: c.layout.x, y: c.layout.y, w: c.layout.w, h: c.layout.h } : null,
          view: viewOf(c),
        })),
    })),
  };
}
