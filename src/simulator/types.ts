/**
 * Wire-shaped records the simulator stores and serves. Field names, casing and timestamp units
 * follow the Wexa reference exactly (snake_case, `_id`, `projectID`, float epoch seconds, ...).
 */

/** Any JSON object. */
export type Json = Record<string, unknown>;

export const EXEC_STATUSES = ['ready', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
/** Execution status as the upstream spells it (`cancelled` with two l's). */
export type ExecStatus = (typeof EXEC_STATUSES)[number];
/** Statuses an execution never leaves. */
export const TERMINAL: ReadonlySet<ExecStatus> = new Set<ExecStatus>(['completed', 'failed', 'cancelled']);

export interface Org {
  id: string;
  name: string;
  userId: string;
  userName: string;
  email: string;
}

export interface ProjectRec {
  _id: string;
  projectName: string;
  description: string;
  orgId: string;
  coworkerRole: string;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface LlmRec {
  model: string;
  temperature: number;
  max_tokens: number;
}

/** An agent as stored inside an agentflow (skills embedded as full skill objects). */
export interface AgentRec extends Json {
  _id: string;
  title: string;
  role: string;
  role_description: string;
  llm: LlmRec;
  agent_type: string;
  next_agent: string | null;
  skills: Json[];
}

export interface AgentflowRec extends Json {
  _id: string;
  name: string;
  description: string;
  role: string;
  image: string;
  projectID: string;
  organization_id: string;
  initialAgent: string | null;
  created_at: number;
  updated_at: number;
  last_used: number;
  agents: AgentRec[];
}

export interface AgentOutputRec {
  agent_id: string;
  title: string;
  status: string;
  output: string;
  created_at: number;
}

export interface ConclusionRec {
  conclusion: string;
  links: unknown[];
  created_at: number;
}

export interface SnapshotAgent {
  _id: string;
  llm: LlmRec;
  role: string;
  role_description: string;
  title: string;
  agent_type: string;
  next_agent: string | null;
}

export interface ExecutionRec {
  agentflow_id: string;
  files: unknown[];
  goal: string;
  schedule: null;
  start_from_agent_id: string | null;
  input_variables: Json;
  task_id: string;
  parent_execution_id: string | null;
  agentflow: {
    agentflow_id: string;
    agents: SnapshotAgent[];
    image: string;
    initialAgent: string | null;
    name: string;
    role: string;
    conclusion: null;
  };
  agents_output: AgentOutputRec[];
  /** A pending or acknowledged anomaly marker (see human.ts); null when none was raised. */
  anomaly_detected: Json | null;
  conclusion: ConclusionRec | null;
  created_at: number;
  end_time: number | null;
  executed_by: { _id: string; metadata: null; name: string; type: 'manual' };
  execution_context: Json;
  execution_id: string;
  goal_template: null;
  _id: string;
  previews: Json;
  projectID: string;
  runtime_inputs: Json;
  status: ExecStatus;
  /** Present only on failed executions. */
  error?: string;
}

export interface ExecutionNodeRec {
  execution_id: string;
  _id: string;
  execution_type: 'execution';
  children: ExecutionNodeRec[];
}

export interface ExecutionSummaryRec {
  agentflow_id: string;
  conclusion: ConclusionRec | null;
  execution_id: string;
  files: unknown[];
  goal: string;
  projectID: string;
  start_from_agent_id: string | null;
  status: ExecStatus;
  task_id: string;
}

export interface TaskRec {
  _id: string;
  projectID: string;
  created_at: number;
  updated_at: number;
  status: ExecStatus;
  created_by: string;
  execution_ids: string[];
  execution_nodes: ExecutionNodeRec[];
  name: string;
  executions: ExecutionSummaryRec[];
  executions_status_count: Partial<Record<ExecStatus, number>>;
}

export interface DashboardComponentRec extends Json {
  tab_id: string;
  component_type: string;
  component_id: string;
  title: string;
  data: unknown[];
}

export interface DashboardRec {
  _id: string;
  name: string;
  position: Json[];
  tabs: { name: string; id: string }[];
  project_id: string;
  components: DashboardComponentRec[];
  description: string;
  coworker_id: string | null;
}

export interface ConnectorRec extends Json {
  _id: string;
  name: string;
  category: string;
  status: 'pending' | 'active' | 'inactive';
  projectID: string;
  created_at: number;
}

export interface SkillRec extends Json {
  _id: string;
  projectID: string;
  connector_id: string;
}

export interface InboxRec extends Json {
  _id: string;
  projectID: string;
  created_at: number;
}

export interface CreditRec extends Json {
  _id: string;
  organization_id: string;
  created_at: string;
}

/** A project table with its columns and records (storage). */
export interface TableRec {
  _id: string;
  projectID: string;
  table_name: string;
  columns: { _id: string; name: string; type: string }[];
  records: Json[];
  created_at: number;
}
