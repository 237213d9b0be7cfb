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
  /** Present when the upstream sent the full skill. */
  projectId?: string | null;
  actions?: SkillAction[];
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
  /** Set while the execution waits on a person (a pending preview, runtime input or anomaly); absent = not known. */
  waitingOn?: HumanWait | null;
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
  /** A task manager's `data` read as tasks by status; null for other components or unreadable data. */
  taskGroups: TaskGroup[] | null;
  query: unknown;
  extra: Extra;
}

/** One status bucket of a task-manager component. */
export interface TaskGroup {
  status: string;
  tasks: { id: string; name: string }[];
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
  /** Kind-specific content (preview, runtime input, anomaly); absent only in hand-built test objects. */
  details?: InboxDetails;
  extra: Extra;
}

export interface Customer {
  organizationId: string;
  organizationName: string | null;
  userId: string | null;
  email: string | null;
  plan: string | null;
  /** Quota and usage, when the upstream sent them. */
  account?: CustomerAccount;
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

/** What kind of answer an inbox request wants. */
export type InboxKind = 'preview' | 'runtime_input' | 'anomaly_detection' | 'unknown';

/** The thoughts an agent shows with a preview (`preview.preview_input.thoughts`). */
export interface PreviewThoughts {
  text: string | null;
  reasoning: string | null;
  plan: string | null;
  criticism: string | null;
  speak: string | null;
}

/** A preview to approve or reject: the skill call the agent is about to make. */
export interface PreviewDetails {
  kind: 'preview';
  /** `preview.is_approved`; null when the upstream did not say. */
  approved: boolean | null;
  modifiedInputs: unknown;
  thoughts: PreviewThoughts | null;
  skillId: string | null;
  skillName: string | null;
  skillInput: unknown;
  raw: Extra;
}

/** One field a runtime-input request asks for. */
export interface InputField {
  id: string;
  label: string | null;
  type: string | null;
  required: boolean;
  description: string | null;
}

/** A runtime input to supply. Undocumented upstream: read tolerantly. */
export interface RuntimeInputDetails {
  kind: 'runtime_input';
  fields: InputField[];
  /** The values given, once answered. */
  values: unknown;
  raw: Extra;
}

/** An anomaly to acknowledge. Undocumented upstream: read tolerantly. */
export interface AnomalyDetails {
  kind: 'anomaly_detection';
  message: string | null;
  acknowledged: boolean;
  raw: Extra;
}

/** An inbox request of a type this gateway does not know. */
export interface UnknownInboxDetails {
  kind: 'unknown';
  raw: Extra;
}

export type InboxDetails = PreviewDetails | RuntimeInputDetails | AnomalyDetails | UnknownInboxDetails;

/** An execution stopped until a person answers an inbox request. */
export interface HumanWait {
  kind: InboxKind;
  /** The inbox request it waits on, when the upstream names it. */
  inboxRequestId: string | null;
  agentId: string | null;
}

/** One step a skill can take (`actions[]` of a skill), with its input and output schemas. */
export interface SkillAction {
  id: string;
  name: string | null;
  endpoint: string | null;
  sort: string | null;
  category: string | null;
  previousActionId: string | null;
  nextActionId: string | null;
  isTerminal: boolean;
  inputFields: InputField[];
  outputFields: InputField[];
  extra: Extra;
}

/**
 * A coworker schedule: an agentflow run on a timer. `schedule` is an integer whose unit the reference
 * does not give, so it is passed through as it came.
 */
export interface CoworkerSchedule {
  id: string;
  projectId: string | null;
  agentflowId: string | null;
  goal: unknown;
  template: string | null;
  displayTemplate: string | null;
  schedule: number | null;
  status: string | null;
  type: string | null;
  createdAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
  extra: Extra;
}

/** One row of the organisation's credit history (one agent run, usually). */
export interface CreditRow {
  id: string;
  operation: string | null;
  model: string | null;
  tokens: number | null;
  credits: number;
  projectId: string | null;
  projectName: string | null;
  executionId: string | null;
  agentId: string | null;
  agentTitle: string | null;
  agentflowName: string | null;
  executedById: string | null;
  executedByName: string | null;
  createdAt: IsoDateTime | null;
  extra: Extra;
}

/** The plan limits and usage of a customer (`quota`, `usage`), with the figures a client needs named. */
export interface CustomerAccount {
  subscriptionCredits: number | null;
  topUpCredits: number | null;
  creditsPerExecution: number | null;
  trialActive: boolean | null;
  billingCycleEndsAt: IsoDateTime | null;
  quota: Record<string, unknown>;
  usage: Record<string, unknown>;
}

/**
 * Something whose shape the reference does not give (tags, tables, files, marketplace entries,
 * connector configs…): the id and name when we can find them, everything verbatim in `extra`.
 */
export interface LooseItem {
  id: string | null;
  name: string | null;
  extra: Extra;
}

/** A record of a project table: its id and its other fields. */
export interface TableRecord {
  id: string;
  data: Extra;
}
