/**
 * Change detection: a stable fingerprint of what a subscriber would notice in a resource. Two reads
 * with the same fingerprint are the same event for a client; anything else the upstream sends
 * (unknown fields in `extra`, key order, agentflow snapshots) is noise and never produces an event.
 */
import { createHash } from 'node:crypto';
import type { Execution, Task } from '../wexa/model.js';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A short digest of {@link stableJson}. */
function digest(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url').slice(0, 22);
}

/** What a client sees change in an execution: status, agent outputs, conclusion, end time, error, waiting on a person. */
export function executionFingerprint(execution: Execution): string {
  return digest({
    status: execution.status,
    statusRaw: execution.statusRaw,
    outputs: execution.agentOutputs.map((o) => [o.agentId, o.title, o.status, o.output, o.createdAt]),
    conclusion: execution.conclusion && [execution.conclusion.markdown, execution.conclusion.links],
    endedAt: execution.endedAt,
    error: execution.error,
    waitingOn: execution.waitingOn ?? null,
  });
}

/** What a client sees change in a task: its status and its executions' ids and statuses. */
export function taskFingerprint(task: Task): string {
  return digest({
    status: task.status,
    statusRaw: task.statusRaw,
    executionIds: task.executionIds,
    executions: task.executions.map((e) => [e.id, e.status, e.conclusion?.markdown ?? null]),
    counts: task.executionStatusCounts,
  });
}
