/**
 * The typed surface of the Wexa REST API as the rest of the gateway sees it: one function per
 * endpoint, grouped by resource, already bound to one caller's API key.
 *
 * `createWexaClient(config)` (see `client.ts`) owns the shared transport (connection pool, retries,
 * circuit breaker); `client.forKey(apiKey)` returns a {@link WexaApi}. Loaders and services take a
 * `WexaApi`, so they never see a key, a URL or an HTTP status.
 *
 * Every function validates the ids it puts into a path (ObjectId: 24 hex; execution id: UUID) and
 * throws `WexaError` with code `BAD_USER_INPUT` before any request is sent when one is malformed.
 * Failures are always `WexaError` subclasses (see `src/errors.ts`).
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

export interface ProjectListParams {
  /** 1-based page, as the upstream's `page` parameter. */
  page?: number;
  limit?: number;
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

export interface ExecutionListParams extends OffsetParams {
  /** Sent as a query parameter; the documented API does not say it filters (see executions.ts). */
  status?: string;
  agentflowId?: string;
}

export interface CreateExecutionInput {
  agentflowId: string;
  /** The user id that runs it (`executed_by`). */
  executedBy: string;
  goal: string;
  inputVariables?: Record<string, unknown>;
}

export interface TaskListParams extends OffsetParams {
  createdBy?: string;
  /** Sent as a query parameter; see tasks.ts for how far the upstream is trusted to honour it. */
  status?: string;
}

export interface ChangeConnectorStatusInput {
  connectorId: string;
  status: string;
  dataLoaderConfig?: Record<string, unknown>;
}

/** Which inbox request an answer is for. */
export interface InboxAnswerTarget {
  requestId: string;
  /** The execution UUID that raised it. */
  executionId: string;
}

export interface PreviewAnswer extends InboxAnswerTarget {
  approved: boolean;
  /** Changed skill inputs to run with instead of the previewed ones. */
  modifiedInputs?: Record<string, unknown>;
  reason?: string;
}

export interface RuntimeInputAnswer extends InboxAnswerTarget {
  values: Record<string, unknown>;
}

export interface AnomalyAnswer extends InboxAnswerTarget {
  comment?: string;
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
    /** The agent id is chosen by the client (the upstream requires it); generated when omitted. */
    addSkilledAgent(projectId: string, agentflowId: string, agent: SkilledAgentInput & { id?: string }): Promise<Agentflow>;
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
    get(projectId: string, requestId: string): Promise<InboxRequest>;
    /** Approves (`approved: true`, optionally with changed inputs) or rejects a preview. */
    answerPreview(projectId: string, answer: PreviewAnswer): Promise<Ack>;
    answerRuntimeInput(projectId: string, answer: RuntimeInputAnswer): Promise<Ack>;
    acknowledgeAnomaly(projectId: string, answer: AnomalyAnswer): Promise<Ack>;
  };
  customer: {
    /** The calling key's organisation and user (`organization_id` optional). */
    get(organizationId?: string): Promise<Customer>;
  };
}
