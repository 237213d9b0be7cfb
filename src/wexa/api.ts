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
  CoworkerSchedule,
  CreditRow,
  Customer,
  Dashboard,
  Execution,
  ExecutionStatusChange,
  InboxRequest,
  LooseItem,
  Page,
  Project,
  Skill,
  TableRecord,
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

/** Which inbox request an answer is for. */
export interface InboxAnswerTarget {
  requestId: string;
  /** The execution UUID that raised it. */
  executionId: string;
}

export interface PreviewAnswer extends InboxAnswerTarget {
  approved: boolean;
  /** Changed skill inputs to run with instead of the previewed ones. */
  /** A JSON object (checked before sending). */
  modifiedInputs?: unknown;
  reason?: string;
}

export interface RuntimeInputAnswer extends InboxAnswerTarget {
  /** A non-empty JSON object (checked before sending). */
  values: unknown;
}

export interface AnomalyAnswer extends InboxAnswerTarget {
  comment?: string;
}

export interface CreateSkillInput {
  name: string;
  description: string;
  connectorId: string;
  connectorName: string;
  logo?: string;
  userId?: string | null;
}

export interface ScheduleListParams {
  /** A window (the client maps it onto the upstream's 1-based `page_no`, at most two calls). */
  skip?: number;
  limit?: number;
  agentflowId?: string;
  status?: string;
  type?: string;
  search?: string;
}

export interface ScheduleInput {
  agentflowId: string;
  /** A JSON object (checked before sending). */
  goal: unknown;
  template: string;
  displayTemplate?: string;
  /** Integer of unknown unit, passed through as given. */
  schedule: number;
}

export type SchedulePatch = Partial<Omit<ScheduleInput, 'agentflowId'>>;

export interface RecordListParams {
  /** A window (the client maps it onto the upstream's 1-based `page`, at most two calls). */
  skip?: number;
  limit?: number;
  query?: string;
  sortKey?: string;
  /** 1 ascending, -1 descending. */
  sort?: 1 | -1;
}

export interface UploadFilesInput {
  containerName: string;
  filenames: string[];
  tags?: string[];
  sourceType?: string;
  orgId: string;
}

export interface UpdateAgentflowInput {
  name?: string;
  description?: string;
  role?: string;
  image?: string;
  isActive?: boolean;
}

export interface WexaApi {
  projects: {
    list(params?: ProjectListParams): Promise<Page<Project>>;
    get(projectId: string): Promise<Project>;
    create(input: CreateProjectInput): Promise<Project>;
    update(projectId: string, input: UpdateProjectInput): Promise<Project>;
    delete(projectId: string): Promise<Ack>;
    /** `GET /project/projectName/{name}` (no `/v1`). */
    getByName(name: string): Promise<Project>;
    /** `GET /v1/project/all?userId=`: the projects of one user. */
    listForUser(userId: string): Promise<Page<Project>>;
  };
  agentflows: {
    list(projectId: string, params?: OffsetParams): Promise<Page<Agentflow>>;
    get(agentflowId: string): Promise<Agentflow>;
    create(projectId: string, input: CreateAgentflowInput): Promise<Agentflow>;
    /** The upstream wants the client to choose the new agent's id: `agent.id`, or a fresh one when omitted. */
    addSkilledAgent(projectId: string, agentflowId: string, agent: SkilledAgentInput & { id?: string }): Promise<AddedAgent>;
    updateSkilledAgent(projectId: string, agentflowId: string, agentId: string, agent: SkilledAgentInput): Promise<Agentflow>;
    /** `PUT /agentflow/{id}` with the changed fields (SDK only). */
    update(agentflowId: string, patch: UpdateAgentflowInput): Promise<Agentflow>;
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
    /** The organisation's credit history, oldest first (the upstream takes only a limit). */
    creditHistory(params?: { organizationId?: string; limit?: number }): Promise<Page<CreditRow>>;
  };
  skills: {
    list(projectId: string, params?: { limit?: number; name?: string }): Promise<Page<Skill>>;
    byCategory(projectId: string, category: string, params?: { limit?: number }): Promise<Page<Skill>>;
    get(skillId: string): Promise<Skill>;
    create(projectId: string, input: CreateSkillInput): Promise<Skill>;
  };
  schedules: {
    list(projectId: string, params?: ScheduleListParams): Promise<Page<CoworkerSchedule>>;
    get(scheduleId: string): Promise<CoworkerSchedule>;
    create(projectId: string, input: ScheduleInput): Promise<CoworkerSchedule>;
    update(projectId: string, scheduleId: string, patch: SchedulePatch): Promise<CoworkerSchedule>;
    delete(projectId: string, scheduleId: string): Promise<Ack>;
  };
  projectData: {
    /** Shape undocumented: returned as a JSON object. */
    analytics(projectId: string): Promise<Record<string, unknown>>;
    settings(projectId: string): Promise<Record<string, unknown>>;
    tags(projectId: string): Promise<Page<LooseItem>>;
  };
  tables: {
    list(projectId: string): Promise<Page<LooseItem>>;
    names(projectId: string): Promise<string[]>;
    create(projectId: string, spec: unknown): Promise<LooseItem>;
    records(projectId: string, tableId: string, params?: RecordListParams): Promise<Page<TableRecord>>;
    deleteRecord(projectId: string, tableId: string, recordId: string): Promise<Ack>;
    deleteColumn(projectId: string, columnId: string): Promise<Ack>;
  };
  files: {
    get(projectId: string, fileId: string): Promise<LooseItem>;
    byConnector(projectId: string, connectorId: string): Promise<Page<LooseItem>>;
    /** A JSON body (file names and tags), not multipart, as the reference describes it. */
    upload(projectId: string, input: UploadFilesInput): Promise<Record<string, unknown>>;
  };
  marketplace: {
    connectors(params?: { search?: string; projectId?: string; filterType?: string }): Promise<Page<LooseItem>>;
    coworkers(params?: { search?: string; limit?: number }): Promise<Page<LooseItem>>;
    coworker(coworkerId: string): Promise<LooseItem>;
    hire(coworkerId: string, organizationId: string): Promise<Record<string, unknown>>;
    checkUpdate(coworkerId: string): Promise<Record<string, unknown>>;
  };
  connectorConfig: {
    /** `POST /actions/{category}/config`; the settings are connector specific. */
    configure(projectId: string, category: string, settings: unknown): Promise<Record<string, unknown>>;
    get(projectId: string, category: string): Promise<Record<string, unknown>>;
    linkedinParams(projectId: string, params: { searchType: string; keyword: string; limit?: number; connectorId?: string }): Promise<Page<LooseItem>>;
  };
}
