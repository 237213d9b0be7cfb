/**
 * Reading a `taskManager` dashboard component's `data` as tasks grouped by status (the dashboard
 * parser fills `DashboardComponent.taskGroups` with it). This shape is not documented; it is read
 * tolerantly. Wexa fills it Wexa fills it from the
 * component's `$facet` query, one bucket per status: `[{status, data: [{_id, name, status, created_at}]}]`.
 * The raw facet result (`{running: [...], completed: [...]}`, possibly wrapped in a one-element array)
 * is read too. Anything else gives null, and the component is shown as raw data instead.
 */

import type { TaskGroup } from '../model.js';
import { isRecord } from './common.js';

/** The groups in `data`, in the order Wexa sent them; null when `data` is not task-manager data. */
export function taskGroupsOf(data: unknown): TaskGroup[] | null {
  if (Array.isArray(data)) {
    if (data.length === 1 && isFacetMap(data[0])) return fromFacetMap(data[0]);
    if (data.every((b) => isRecord(b) && typeof b.status === 'string')) {
      const groups: TaskGroup[] = [];
      for (const bucket of data as Record<string, unknown>[]) {
        const list = bucket.data ?? bucket.tasks ?? bucket.items ?? [];
        if (!Array.isArray(list)) return null;
        groups.push({ status: String(bucket.status), tasks: tasksOf(list) });
      }
      return groups;
    }
    return null;
  }
  return isFacetMap(data) ? fromFacetMap(data) : null;
}

function fromFacetMap(map: Record<string, unknown[]>): TaskGroup[] {
  return Object.entries(map).map(([status, list]) => ({ status, tasks: tasksOf(list) }));
}

function tasksOf(list: unknown[]): TaskGroup['tasks'] {
  const tasks: TaskGroup['tasks'] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const id = firstString(item, ['_id', 'id', 'task_id']) ?? '';
    const name = firstString(item, ['name', 'title', 'goal']) ?? id;
    if (id === '' && name === '') continue;
    tasks.push({ id, name });
  }
  return tasks;
}

function isFacetMap(v: unknown): v is Record<string, unknown[]> {
  return isRecord(v) && Object.keys(v).length > 0 && Object.values(v).every(Array.isArray);
}

function firstString(o: Record<string, unknown>, keys: string[]): string | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}
