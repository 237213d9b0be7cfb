/**
 * The normalised Wexa model: what every layer above `src/wexa/` sees.
 *
 * The wire format has three timestamp encodings, two spellings of "cancelled", ids under several
 * names and `executed_by` as a string or an object.
 * The parsers in `src/wexa/` turn all of that into these types; nothing above them ever looks at a
 * raw upstream field again. Unknown upstream fields are kept in `extra`, never dropped.
 */

/** An ISO-8601 UTC timestamp with millisecond precision, e.g. `2025-04-21T07:30:09.001Z`. */
export type IsoDateTime = string;

/** Fields the upstream sent that the model does not name, kept verbatim for debugging and forward compatibility. */
export type Extra = Record<string, unknown>;

export const EXECUTION_STATUSES = ['ready', 'running', 'paused', 'completed', 'failed', 'cancelled', 'unknown'] as const;
/** Execution status; `canceled` on the wire becomes `cancelled`, anything unrecognised becomes `unknown`. */
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
/** Statuses after which an execution never changes again. */
export const TERMINAL_EXECUTION_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['completed', 'failed', 'cancelled']);

export const TASK_STATUSES = ['ready', 'running', 'paused', 'completed', 'failed', 'cancelled', 'stopped', 'unknown'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled', 'stopped']);

export const CONNECTOR_STATUSES = ['pending', 'active', 'inactive', 'unknown'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

/** A list response: the upstream wraps lists in several ways; this is the one shape above `src/wexa/`. */
export interface Page<T> {
  items: T[];
  /** The total across all pages when the upstream says it (`total`, `total_count` or `count`), else null. */
  total: number | null;
}

export interface Project {
  id: string;
  organizationId: string | null;
  name: string;
  description: string | null;
  /** Free-form upstream status such as `published`; not an enum because only one value is documented. */
  status: string | null;
  coworkerRole: string | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  extra: Extra;
}

export interface Llm {
  model: string | null;
  temperature: number | null;
  maxTokens: number | null;
}

export interface Skill {
  id: string;
  /** Null when the upstream only sent the skill's id (skills are ids on write, objects on read). */
  name: string | null;
  description: string | null;
  connectorId: string | null;
  connectorName: string | null;
  logo: string | null;
  extra: Extra;
}

export interface Agent {
  id: string;
  title: string | null;
  role: string | null;
  roleDescription: string | null;
  /** e.g. `skilled_agent`. */
  type: string | null;
  llm: Llm | null;
  nextAgentId: string | null;
  promptTemplate: string | null;
  skills: Skill[];
  extra: Extra;
}

export interface Agentflow {
  id: string;
  projectId: string | null;
  organizationId: string | null;
  name: string;
  description: string | null;
  role: string | null;
  image: string | null;
  isActive: boolean;
  isDeleted: boolean;
  initialAgentId: string | null;
  /** `agentflow_type`, e.g. `master`. */
  type: string | null;
  parentAgentflowId: string | null;
  marketplaceId: string | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  lastUsedAt: IsoDateTime | null;
  agents: Agent[];
  extra: Extra;
}

/** A user reference: `executed_by` / `created_by` arrive as a bare id or as `{_id, name, type, metadata}`. */
export interface UserRef {
  id: string;
  name: string | null;
  /** e.g. `manual`. */
  type: string | null;
}

export interface Conclusion {
  markdown: string;
  links: unknown[];
  createdAt: IsoDateTime | null;
}

/** One agent's contribution to an execution (`agents_output[]`; undocumented upstream, kept tolerant). */
export interface AgentOutput {
  agentId: string | null;
  title: string | null;
  status: string | null;
  output: string | null;
  createdAt: IsoDateTime | null;
  extra: Extra;
}

/** The agentflow snapshot an execution embeds at creation time (may drift from the live agentflow). */
export interface AgentflowSnapshot {
  id: string;
  name: string | null;
  role: string | null;
  image: string | null;
  initialAgentId: string | null;
  agents: Agent[];
}

/**
 * An execution. `id` is the upstream `execution_id` (a UUID, used by every endpoint);
 * `objectId` is the upstream `_id` (an ObjectId that no endpoint takes).
 *
 * `complete` is false for the execution summaries embedded in a task: those carry only
 * id, project, agentflow, task, goal, status, conclusion and start agent, and every other field is
 * null/empty. Resolvers fetch the full execution only when a field the summary lacks is selected.
 */
export interface Execution {
  id: string;
  objectId: string | null;
  complete: boolean;
  projectId: string;
  agentflowId: string | null;
  taskId: string | null;
  status: ExecutionStatus;
  /** The status string exactly as the upstream sent it. */
  statusRaw: string;
  goal: string | null;
  inputVariables: Record<string, unknown>;
  createdAt: IsoDateTime | null;
  endedAt: IsoDateTime | null;
  executedBy: UserRef | null;
  conclusion: Conclusion | null;
  agentOutputs: AgentOutput[];
  parentExecutionId: string | null;
  startFromAgentId: string | null;
  agentflowSnapshot: AgentflowSnapshot | null;
  /** An error message when the upstream reports one for a failed execution. */
  error: string | null;
  extra: Extra;
}

/** A node of a task's execution tree (`execution_nodes`, recursive). */
export interface ExecutionNode {
  id: string | null;
  executionId: string;
  type: string | null;
  children: ExecutionNode[];
}

export interface Task {
  id: string;
  projectId: string;
  name: string | null;
  status: TaskStatus;
  statusRaw: string;
  createdBy: UserRef | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  /** The task's executions in its order (`execution_ids`, else the embedded summaries' ids). */
  executionIds: string[];
  executionTree: ExecutionNode[];
  /** Summaries embedded in the task (`complete: false`). */
  executions: Execution[];
  /** Status (normalised, `unknown` merged) → count. */
  executionStatusCounts: Partial<Record<ExecutionStatus, number>>;
  extra: Extra;
}

export interface DashboardLayout {
  x: number;
  y: number;
  w: number;
  h: number;
  minW: number | null;
  minH: number | null;
}

export interface DashboardComponent {
  id: string;
  tabId: string | null;
  /** `component_type`, e.g. `taskManager`, `barChart`. */
  type: string;
  title: string | null;
  subtitle: string | null;
  icon: string | null;
  agentflowId: string | null;
  /** Joined from the dashboard's `position[]` by component id. */
  layout: DashboardLayout | null;
  data: unknown;
  query: unknown;
  extra: Extra;
}

export interface DashboardTab {
  id: string;
  name: string;
}

export interface Dashboard {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  agentflowId: string | null;
  tabs: DashboardTab[];
  components: DashboardComponent[];
  extra: Extra;
}

export interface Connector {
  id: string;
  projectId: string | null;
  name: string;
  description: string | null;
  category: string | null;
  status: ConnectorStatus;
  statusRaw: string;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  extra: Extra;
}

export interface TriggerAction {
  id: string;
  name: string | null;
  connectorId: string | null;
  category: string | null;
  extra: Extra;
}

export interface InboxRequest {
  id: string;
  /** The project it was listed under when the upstream item does not name one. */
  projectId: string;
  /** e.g. `preview`, `runtime_input`, `anomaly_detection`. */
  type: string | null;
  /** e.g. `pending`. */
  status: string | null;
  summary: string | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  executionId: string | null;
  agentflowId: string | null;
  agentflowName: string | null;
  agentId: string | null;
  agentTitle: string | null;
  executedById: string | null;
  extra: Extra;
}

export interface Customer {
  organizationId: string;
  organizationName: string | null;
  userId: string | null;
  email: string | null;
  plan: string | null;
  extra: Extra;
}

/** What the execute / pause / resume / cancel endpoints answer: `{execution_id, status}`. */
export interface ExecutionStatusChange {
  executionId: string;
  status: ExecutionStatus;
  statusRaw: string;
}

/** `{status, message}` acknowledgements (connector status change, deletes). */
export interface Ack {
  ok: boolean;
  message: string | null;
}
