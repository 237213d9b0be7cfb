/**
 * How mutations tell the live layer that something changed, so subscribers see the effect at once
 * instead of at the next poll. The context holds one bound to the caller's key.
 */
export interface LiveNotifier {
  /** A mutation changed this execution (started, paused, resumed, cancelled). */
  executionChanged(projectId: string, executionId: string): void;
  /** A mutation changed this task (paused, resumed, stopped) or one of its executions. */
  taskChanged(projectId: string, taskId: string): void;
}

/** The notifier used when no live registry is wired in: it does nothing. */
export const noopNotifier: LiveNotifier = {
  executionChanged() {},
  taskChanged() {},
};
