/** Parsers for executions: full objects, task-embedded summaries and status-change acknowledgements. */
import { EXECUTION_STATUSES, type AgentOutput, type AgentflowSnapshot, type Conclusion, type Execution, type ExecutionStatusChange } from '../model.js';
import { FieldReader, childPath, contractError, isRecord, normaliseStatus, type ItemParser, type ParseContext } from './common.js';
import { agentParser } from './agentflows.js';
import { readHumanWait } from './inbox-details.js';

const PROJECT_ID = ['projectID', 'project_id', 'projectId'] as const;

/** What the caller already knows: whether this is a full object, and the project it asked about. */
interface ExecutionParseOptions {
  complete: boolean;
  fallbackProjectId?: string;
}

function parseConclusion(value: unknown, path: string, ctx: ParseContext): Conclusion | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return { markdown: value, links: [], createdAt: null };
  const r = FieldReader.of(value, path, ctx);
  const links = r.any('links');
  return {
    markdown: r.optStr(['conclusion', 'markdown', 'text']) ?? '',
    links: Array.isArray(links) ? links : [],
    createdAt: r.time('created_at'),
  };
}

const agentOutputParser: ItemParser<AgentOutput> = (value, path, ctx) => {
  const r = FieldReader.of(value, path, ctx);
  const output = r.any('output');
  return {
    agentId: r.optStr(['agent_id', '_id']),
    title: r.optStr(['title', 'agent_title']),
    status: r.optStr('status'),
    output: output === undefined ? null : typeof output === 'string' ? output : JSON.stringify(output),
    createdAt: r.time('created_at'),
    extra: r.extra(),
  };
};

function parseSnapshot(r: FieldReader | null, fallbackId: string | null): AgentflowSnapshot | null {
  if (!r) return null;
  return {
    id: r.strOr(['agentflow_id', '_id', 'coworker_id'], fallbackId),
    name: r.optStr('name'),
    role: r.optStr('role'),
    image: r.optStr('image'),
    initialAgentId: r.optStr(['initialAgent', 'initial_agent_id']),
    agents: r.list('agents', agentParser),
  };
}

function errorText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.message === 'string') return value.message;
  return JSON.stringify(value);
}

/** Parses an execution. `execution_id` (UUID) becomes `id`; `_id` becomes `objectId`. */
function parseExecution(value: unknown, path: string, ctx: ParseContext, options: ExecutionParseOptions): Execution {
  const r = FieldReader.of(value, path, ctx);
  const statusRaw = r.str('status');
  const agentflowId = r.optStr(['agentflow_id', 'coworker_id']);
  const snapshot = parseSnapshot(r.obj('agentflow'), agentflowId);
  return {
    id: r.str('execution_id'),
    objectId: r.optStr('_id'),
    complete: options.complete,
    projectId: r.strOr(PROJECT_ID, options.fallbackProjectId),
    agentflowId: agentflowId ?? snapshot?.id ?? null,
    taskId: r.optStr('task_id'),
    status: normaliseStatus(statusRaw, EXECUTION_STATUSES),
    statusRaw,
    goal: r.optStr('goal'),
    inputVariables: r.record('input_variables'),
    createdAt: r.time('created_at'),
    endedAt: r.time(['end_time', 'ended_at']),
    executedBy: r.user('executed_by'),
    conclusion: parseConclusion(r.any('conclusion'), childPath(path, 'conclusion'), ctx),
    agentOutputs: r.list(['agents_output', 'agent_outputs'], agentOutputParser),
    parentExecutionId: r.optStr('parent_execution_id'),
    startFromAgentId: r.optStr('start_from_agent_id'),
    agentflowSnapshot: snapshot,
    error: errorText(r.any(['error', 'error_message'])),
    waitingOn: readHumanWait(r),
    extra: r.extra(),
  };
}

/** Parses a full execution; `fallbackProjectId` is used when the upstream omits `projectID`. */
export function executionParser(fallbackProjectId?: string): ItemParser<Execution> {
  return (value, path, ctx) => parseExecution(value, path, ctx, { complete: true, fallbackProjectId });
}

/** Parses an execution summary embedded in a task of the project `projectId` (`complete: false`). */
export function executionSummaryParser(projectId: string): ItemParser<Execution> {
  return (value, path, ctx) => parseExecution(value, path, ctx, { complete: false, fallbackProjectId: projectId });
}

/** `{execution_id, status}`, what execute / pause / resume / cancel answer. */
export function parseStatusChange(json: unknown, ctx: ParseContext, requestedId: string): ExecutionStatusChange {
  const r = FieldReader.of(json, '$', ctx);
  const statusRaw = r.str('status');
  const executionId = r.strOr('execution_id', requestedId);
  if (executionId.toLowerCase() !== requestedId.toLowerCase()) {
    contractError(ctx, '$.execution_id', 'names a different execution than the one requested');
  }
  return { executionId, status: normaliseStatus(statusRaw, EXECUTION_STATUSES), statusRaw };
}
