/**
 * What the live layer puts into each operation's context: a {@link LiveNotifier} for mutations that
 * can also open subscriptions for the caller it is bound to.
 */
import type { Execution, Task } from '../wexa/model.js';
import type { LiveNotifier } from './notifier.js';
import type { ProjectInboxRequest } from './specs-inbox.js';
import type { LiveEvent } from './watch.js';

/** A notifier bound to one caller, with the subscriptions that caller may open. */
export interface LiveSession extends LiveNotifier {
  /** The execution's current state, then one event per change; completes after a terminal state. */
  executionUpdates(projectId: string, executionId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** The task's current state, then one event per change; completes after a terminal state. */
  taskUpdates(projectId: string, taskId: string): Promise<AsyncIterableIterator<LiveEvent<Task>>>;
  /** Every execution of the project that changes or appears after subscribing; never completes by itself. */
  projectExecutions(projectId: string): Promise<AsyncIterableIterator<LiveEvent<Execution>>>;
  /** Every inbox request of the project that appears or changes after subscribing; never completes by itself. */
  inboxRequests(projectId: string): Promise<AsyncIterableIterator<LiveEvent<ProjectInboxRequest>>>;
}

/** True when the context's notifier came from the live layer (and so can open subscriptions). */
export function isLiveSession(live: LiveNotifier): live is LiveSession {
  const candidate = live as Partial<LiveSession>;
  return (
    typeof candidate.executionUpdates === 'function' &&
    typeof candidate.taskUpdates === 'function' &&
    typeof candidate.projectExecutions === 'function'
  );
}
