/**
 * The kinds of watch: how to read the watched resource with a caller's API, how to fingerprint it,
 * and when it is over. A `single` watch follows one resource (its first poll always publishes,
 * subscribers de-duplicate); a `list` watch follows a list and publishes the items that changed or
 * appeared (its first poll only sets the baseline).
 */
import type { WexaApi } from '../wexa/api.js';
import {
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_TASK_STATUSES,
  type Execution,
  type Task,
} from '../wexa/model.js';
import { executionFingerprint, taskFingerprint } from './fingerprint.js';

/** How one kind of watch reads and compares what it watches. */
export interface WatchSpec<T> {
  /** `execution`, `task` or `project-executions`; the first part of the watch name. */
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
    fingerprint: executionFingerprint,
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
    fingerprint: taskFingerprint,
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
    fingerprint: executionFingerprint,
    isTerminal: () => false,
  };
}
