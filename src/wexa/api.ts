/**
 * The typed surface of the Wexa REST API as the rest of the gateway sees it: one function per
 * endpoint, grouped by resource, already bound to one caller's API key.
 *
 * `createWexaClient(config)` (see `client.ts`) owns the shared transport (connection pool, retries,
 * circuit breaker); `client.forKey(apiKey)` returns a {@link WexaApi}. Loaders and services take a
 * `WexaApi`, so they never see a key, a URL or an HTTP status.
 *
 * Every function validates what it puts into a path, query or body (ObjectId: 24 hex; execution id:
 * UUID; JSON objects; non-empty text) and throws `BadUserInputError` before any request is sent
 * when something is malformed. Failures are always `GatewayError` subclasses (see `src/errors.ts`).
 */
import type {
  Ack,
  Agentflow,
  Connector,
  Customer,
  Dashboard,
  Execution,
  ExecutionStatusChange,
  InboxRequest,
  Page,
  Project,
  Task,
  TriggerAction,
} from './model.js';

export interface OffsetParams {
  skip?: number;
  limit?: number;
}

/** Offset paging like every other list; the endpoint maps it onto the upstream's page numbers. */
export interface ProjectListParams extends OffsetParams {
  status?: string;
  orgId?: string;
  userId?: string;
}

export interface CreateProjectInput {
  orgId: string;
  name: string;
  description: string;
  coworkerRole: string;
  status?: string;
}

export interface UpdateProjectInput {
  orgId: string;
  name?: string;
  description?: string;
  coworkerRole?: string;
}

export interface CreateAgentflowInput {
  name: string;
  description: string;
  role: string;
  image?: string;
}

export interface LlmInput {
  model: string;
  temperature: number;
  maxTokens: number;
}

/** A skilled agent as written: skills are ids. */
export interface SkilledAgentInput {
  title: string;
  role: string;
  roleDescription: string;
  skillIds: string[];
  llm: LlmInput;
  promptTemplate: string;
  promptVariables?: unknown[];
  hasKnowledgeBase?: boolean;
  isUserSpecificTask?: boolean;
  isPreviewModeEnabled?: boolean;
}

/** What adding a skilled agent answers: the agentflow as it is now, and the new agent's id. */
export interface AddedAgent {
  agentflow: Agentflow;
  agentId: string;
}

export interface ExecutionListParams extends OffsetParams {
  /** Sent as query parameters; the documented API does not say the upstream filters by them. */
  status?: string;
  agentflowId?: string;
}

export interface CreateExecutionInput {
  agentflowId: string;
  /** The user id that runs it (`executed_by`). */
  executedBy: string;
  goal: string;
  /** Must be a JSON object when given (checked before sending). */
  inputVariables?: unknown;
}

export interface TaskListParams extends OffsetParams {
  createdBy?: string;
  /** Sent as a query parameter; see tasks.ts for how far the upstream is trusted to honour it. */
  status?: string;
}

export interface ChangeConnectorStatusInput {
  connectorId: string;
  status: string;
  /** Must be a JSON object when given (checked before sending). */
  dataLoaderConfig?: unknown;
}

export interface WexaApi {
  projects: {
    list(params?: ProjectListParams): Promise<Page<Project>>;
    get(projectId: string): Promise<Project>;
    create(input: CreateProjectInput): Promise<Project>;
    update(projectId: string, input: UpdateProjectInput): Promise<Project>;
    delete(projectId: string): Promise<Ack>;
  };
  agentflows: {
    list(projectId: string, params?: OffsetParams): Promise<Page<Agentflow>>;
    get(agentflowId: string): Promise<Agentflow>;
    create(projectId: string, input: CreateAgentflowInput): Promise<Agentflow>;
    /** The upstream wants the client to choose the new agent's id: `agent.id`, or a fresh one when omitted. */
    addSkilledAgent(projectId: string, agentflowId: string, agent: SkilledAgentInput & { id?: string }): Promise<AddedAgent>;
    updateSkilledAgent(projectId: string, agentflowId: string, agentId: string, agent: SkilledAgentInput): Promise<Agentflow>;
  };
  executions: {
    list(projectId: string, params?: ExecutionListParams): Promise<Page<Execution>>;
    get(projectId: string, executionId: string): Promise<Execution>;
    create(projectId: string, input: CreateExecutionInput): Promise<Execution>;
    execute(projectId: string, executionId: string): Promise<ExecutionStatusChange>;
    pause(projectId: string, executionId: string): Promise<ExecutionStatusChange>;
    resume(projectId: string, executionId: string): Promise<ExecutionStatusChange>;
    cancel(projectId: string, executionId: string): Promise<ExecutionStatusChange>;
    /** Keyed by an agentflow id (a documented quirk); the shape is undocumented, so it is returned as JSON. */
    monitor(agentflowId: string): Promise<Record<string, unknown>>;
  };
  tasks: {
    list(projectId: string, params?: TaskListParams): Promise<Page<Task>>;
    get(projectId: string, taskId: string): Promise<Task>;
    pause(projectId: string, taskId: string): Promise<Task>;
    resume(projectId: string, taskId: string): Promise<Task>;
    stop(projectId: string, taskId: string): Promise<Task>;
  };
  dashboards: {
    get(projectId: string): Promise<Dashboard>;
    refresh(projectId: string): Promise<Dashboard>;
    deleteComponent(projectId: string, componentId: string): Promise<Dashboard>;
  };
  connectors: {
    list(projectId: string): Promise<Page<Connector>>;
    get(connectorId: string): Promise<Connector>;
    delete(projectId: string, connectorId: string): Promise<Ack>;
    changeStatus(input: ChangeConnectorStatusInput): Promise<Ack>;
    triggerActions(projectId: string): Promise<Page<TriggerAction>>;
  };
  inbox: {
    list(projectId: string, params?: { limit?: number }): Promise<Page<InboxRequest>>;
  };
  customer: {
    /** The calling key's organisation and user (`organization_id` optional). */
    get(organizationId?: string): Promise<Customer>;
  };
}
