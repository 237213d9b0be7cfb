/**
 * Builders for wire records, shared by the seed and by the routes that create things at runtime.
 */
import { micro } from './prng.js';
import type {
  AgentOutputRec,
  AgentRec,
  AgentflowRec,
  ConclusionRec,
  ExecutionRec,
  Json,
  Org,
  SnapshotAgent,
  TaskRec,
} from './types.js';

/** Images the upstream uses for coworkers. */
export const COWORKER_IMAGE = 'https://klotdev.blob.core.windows.net/coworkers/wexaworker13.png';

/** Default LLM settings of the documented agents. */
export const DEFAULT_LLM = { model: 'azure/gpt-4o', temperature: 0, max_tokens: 10000 };

/** A stored agent with the documented defaults; `fields` overrides any of them. */
export function buildAgent(id: string, title: string, skills: Json[], fields: Json = {}): AgentRec {
  return {
    _id: id,
    title,
    role: title,
    role_description: title,
    llm: { ...DEFAULT_LLM },
    context: [],
    has_knowledge_base: false,
    prompt: {
      template: title,
      variables: [],
      display_template: JSON.stringify([{ type: 'paragraph', children: [{ text: `${title} ` }] }]),
    },
    triggers: [],
    is_preview_mode_enabled: false,
    pre_and_post_execution_input: null,
    skills,
    agent_type: 'skilled_agent',
    memory: { memory_type: 'lt' },
    is_user_specific_task: false,
    next_agent: null,
    ...fields,
  };
}

/** Links agents in order: each one's `next_agent` is the following agent, and `initialAgent` the first. */
export function chainAgents(af: AgentflowRec): void {
  af.agents.forEach((agent, i) => {
    agent.next_agent = af.agents[i + 1]?._id ?? null;
  });
  af.initialAgent = af.agents[0]?._id ?? null;
}

/** A stored agentflow (agents chained). */
export function buildAgentflow(input: {
  id: string;
  name: string;
  description?: string;
  role?: string;
  projectId: string;
  orgId: string;
  at: number;
  agents: AgentRec[];
  image?: string;
  marketplaceId?: string | null;
}): AgentflowRec {
  const af: AgentflowRec = {
    _id: input.id,
    name: input.name,
    image: input.image ?? COWORKER_IMAGE,
    description: input.description ?? input.name,
    role: input.role ?? input.name,
    isActive: true,
    projectID: input.projectId,
    organization_id: input.orgId,
    initialAgent: null,
    created_at: input.at,
    updated_at: micro(input.at + 0.00001),
    last_used: micro(input.at + 0.000011),
    is_deleted: false,
    is_cron_scheduled: false,
    agentflow_type: 'master',
    parent_agentflow_id: null,
    failover_goal: null,
    default_goal: '',
    anomaly_detection: { is_enabled: false, instructions: '' },
    marketplace_id: input.marketplaceId ?? null,
    agents: input.agents,
  };
  chainAgents(af);
  return af;
}

/** The agentflow snapshot an execution embeds. */
export function snapshotOf(af: AgentflowRec): ExecutionRec['agentflow'] {
  const agents: SnapshotAgent[] = af.agents.map((a) => ({
    _id: a._id,
    llm: { ...a.llm },
    role: a.role,
    role_description: a.role_description,
    title: a.title,
    agent_type: a.agent_type,
    next_agent: a.next_agent,
  }));
  return {
    agentflow_id: af._id,
    agents,
    image: af.image,
    initialAgent: af.initialAgent,
    name: af.name,
    role: af.role,
    conclusion: null,
  };
}

/** A new execution in `ready`. */
export function buildExecution(input: {
  objectId: string;
  executionId: string;
  taskId: string;
  af: AgentflowRec;
  goal: string;
  inputVariables: Json;
  user: { id: string; name: string };
  at: number;
}): ExecutionRec {
  return {
    agentflow_id: input.af._id,
    files: [],
    goal: input.goal,
    schedule: null,
    start_from_agent_id: null,
    input_variables: input.inputVariables,
    task_id: input.taskId,
    parent_execution_id: null,
    agentflow: snapshotOf(input.af),
    agents_output: [],
    anomaly_detected: null,
    conclusion: null,
    created_at: input.at,
    end_time: null,
    executed_by: { _id: input.user.id, metadata: null, name: input.user.name, type: 'manual' },
    execution_context: {},
    execution_id: input.executionId,
    goal_template: null,
    _id: input.objectId,
    previews: {},
    projectID: input.af.projectID,
    runtime_inputs: {},
    status: 'ready',
  };
}

/** An empty task for an agentflow; executions are added with `addExecutionToTask`. */
export function buildTask(id: string, af: AgentflowRec, createdBy: string, at: number): TaskRec {
  return {
    _id: id,
    projectID: af.projectID,
    created_at: at,
    updated_at: at,
    status: 'ready',
    created_by: createdBy,
    execution_ids: [],
    execution_nodes: [],
    name: af.name,
    executions: [],
    executions_status_count: {},
  };
}

/** What an agent "produced" at one lifecycle step. */
export function agentOutput(exec: ExecutionRec, index: number, at: number, status = 'completed'): AgentOutputRec | null {
  const agent = exec.agentflow.agents[index];
  if (!agent) return null;
  return {
    agent_id: agent._id,
    title: agent.title,
    status,
    output: `${agent.title} worked on "${exec.goal}" (step ${index + 1} of ${exec.agentflow.agents.length}).`,
    created_at: at,
  };
}

/** The markdown conclusion written when an execution completes. */
export function conclusionFor(exec: ExecutionRec, at: number): ConclusionRec {
  const lines = exec.agents_output.map((o) => `- **${o.title}**: ${o.output}`);
  return {
    conclusion: `# ${exec.agentflow.name}\n\n## Goal\n\n${exec.goal}\n\n## Steps\n\n${lines.join('\n') || '- (no agents)'}\n`,
    links: [],
    created_at: at,
  };
}

/** The user reference of an organisation's member, by id. */
export function userOf(orgs: Iterable<Org>, userId: string): { id: string; name: string } {
  for (const org of orgs) if (org.userId === userId) return { id: org.userId, name: org.userName };
  return { id: userId, name: userId };
}
