/**
 * The kinds of watch: how to read the watched resource with a caller's API, how to fingerprint it,
 * and when it is over. A `single` watch follows one resource (a subscriber's first event is its
 * current state); a `list` watch follows a list and publishes the items that changed or appeared
 * (the state at subscription time is only the baseline).
 *
 * Change detection is derived from the model, not listed by hand: a fingerprint covers every field
 * the normalised model holds, at every depth, except the verbatim copies of what the upstream sent
 * ({@link VERBATIM}: unknown fields in `extra`, `raw` blobs) and the agentflow snapshot an execution
 * carries (a copy of its agentflow at start, which never changes). A field added to the model is
 * therefore part of what subscribers see change without anyone remembering to add it here. Key
 * order never matters ({@link stableJson}).
 */
import { createHash } from 'node:crypto';
import type { WexaApi } from '../wexa/api.js';
import {
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_TASK_STATUSES,
  type Execution,
  type Task,
} from '../wexa/model.js';
import type { ChangeEvent } from './bus.js';

/**
 * Model fields that are not part of what a subscriber sees change, at any depth: verbatim copies of
 * upstream JSON (unknown fields, undocumented shapes), and the agentflow as it was when an
 * execution started.
 */
export const VERBATIM: ReadonlySet<string> = new Set(['extra', 'raw', 'agentflowSnapshot']);

/**
 * JSON with object keys sorted at every level, so equal data always gives equal text; keys in
 * `omit` are left out at every level, and so are undefined values.
 */
export function stableJson(value: unknown, omit: ReadonlySet<string> = new Set()): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null, omit)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && !omit.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v, omit)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What a client can see change in a model value: a short digest of all of it but {@link VERBATIM}. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(stableJson(value, VERBATIM)).digest('base64url').slice(0, 22);
}

/** How one kind of watch reads and compares what it watches. */
export interface WatchSpec<T> {
  /** `execution`, `task`, `project-executions` or `inbox-requests`; the first part of the watch name. */
  kind: string;
  /** The resource ids, in the order they appear in watch and channel names. */
  ids: string[];
  mode: 'single' | 'list';
  /** Reads the current state: one item for `single`, the items for `list`. */
  read(wexa: WexaApi): Promise<T[]>;
  idOf(item: T): string;
  fingerprint(item: T): string;
  /** For `single` watches: the item will never change again. */
  isTerminal(item: T): boolean;
}

/** How many of a project's newest executions a `projectExecutions` watch compares. */
export const PROJECT_EXECUTIONS_LIMIT = 50;

/** One execution, until it completes, fails or is cancelled. */
export function executionSpec(projectId: string, executionId: string): WatchSpec<Execution> {
  return {
    kind: 'execution',
    ids: [projectId, executionId],
    mode: 'single',
    read: async (wexa) => [await wexa.executions.get(projectId, executionId)],
    idOf: (e) => e.id,
    fingerprint,
    isTerminal: (e) => TERMINAL_EXECUTION_STATUSES.has(e.status),
  };
}

/** One task, until it reaches a terminal status. */
export function taskSpec(projectId: string, taskId: string): WatchSpec<Task> {
  return {
    kind: 'task',
    ids: [projectId, taskId],
    mode: 'single',
    read: async (wexa) => [await wexa.tasks.get(projectId, taskId)],
    idOf: (t) => t.id,
    fingerprint,
    isTerminal: (t) => TERMINAL_TASK_STATUSES.has(t.status),
  };
}

/** A project's newest executions (first page, newest first); never over by itself. */
export function projectExecutionsSpec(projectId: string): WatchSpec<Execution> {
  return {
    kind: 'project-executions',
    ids: [projectId],
    mode: 'list',
    read: async (wexa) => (await wexa.executions.list(projectId, { limit: PROJECT_EXECUTIONS_LIMIT })).items,
    idOf: (e) => e.id,
    fingerprint,
    isTerminal: () => false,
  };
}

/**
 * Reads the watched resource with `wexa` and describes all of it as a change: every item an entry.
 * `polledAt` is when the read began, so nothing older can be mistaken for newer.
 */
export async function readState<T>(spec: WatchSpec<T>, wexa: WexaApi): Promise<ChangeEvent> {
  const polledAt = Date.now();
  const items = await spec.read(wexa);
  const first = items[0];
  return {
    type: 'change',
    polledAt,
    entries: items.map((item) => ({ id: spec.idOf(item), fp: spec.fingerprint(item), value: item as unknown })),
    terminal: spec.mode === 'single' && first !== undefined && spec.isTerminal(first),
  };
}
