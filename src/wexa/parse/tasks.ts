/** Parser for tasks: execution ids, the execution tree, embedded execution summaries and status counts. */
import { EXECUTION_STATUSES, TASK_STATUSES, type ExecutionNode, type ExecutionStatus, type Task } from '../model.js';
import { FieldReader, childPath, contractError, normaliseStatus, stringParser, type ItemParser } from './common.js';
import { executionSummaryParser } from './executions.js';

const PROJECT_ID = ['projectID', 'project_id', 'projectId'] as const;

const executionNodeParser: ItemParser<ExecutionNode> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  return {
    id: r.optStr('_id'),
    executionId: r.str('execution_id'),
    type: r.optStr('execution_type'),
    children: r.list('children', executionNodeParser),
  };
};

/** Parses a task; `fallbackProjectId` is used when the upstream omits `projectID`. */
export function taskParser(fallbackProjectId?: string): ItemParser<Task> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    const projectId = r.strOr(PROJECT_ID, fallbackProjectId);
    const statusRaw = r.str('status');
    const counts: Partial<Record<ExecutionStatus, number>> = {};
    const countsPath = childPath(path, 'executions_status_count');
    for (const [raw, n] of Object.entries(r.record('executions_status_count'))) {
      if (typeof n !== 'number' || !Number.isFinite(n)) contractError(ctx, childPath(countsPath, raw), 'must be a number');
      const status = normaliseStatus(raw, EXECUTION_STATUSES);
      counts[status] = (counts[status] ?? 0) + n;
    }
    const executions = r.list('executions', executionSummaryParser(projectId));
    const executionIds = r.list('execution_ids', stringParser);
    return {
      id: r.str(['_id', 'task_id']),
      projectId,
      name: r.optStr('name'),
      status: normaliseStatus(statusRaw, TASK_STATUSES),
      statusRaw,
      createdBy: r.user('created_by'),
      createdAt: r.time('created_at'),
      updatedAt: r.time('updated_at'),
      // Some answers carry only the embedded summaries, without `execution_ids`: their ids are the list then.
      executionIds: executionIds.length > 0 ? executionIds : executions.map((e) => e.id),
      executionTree: r.list('execution_nodes', executionNodeParser),
      executions,
      executionStatusCounts: counts,
      extra: r.extra(),
    };
  };
}
