/**
 * The documented example objects of the Wexa reference, with their documented ids and values.
 * The three complete examples are loaded verbatim from `fixtures/`; the truncated ones are
 * completed here with plausible values.
 */
import { readFileSync } from 'node:fs';
import { DEMO_API_KEY, OTHER_API_KEY } from './keys.js';
import { CONTENT_CREATOR_LOGO, agentOutput, buildAgent, buildAgentflow, buildExecution, conclusionFor, contentSkill } from './factory.js';
import { previousObjectId, type Rng } from './prng.js';
import type { SimState } from './store.js';
import { micro } from './time.js';
import type { DashboardRec, ExecutionRec, TaskRec } from './types.js';

/** Documented ids. */
export const DOC = {
  org: '67fdea40aac77be632954f0f',
  user: '67fdea40aac77be632954f0e',
  project: '67fdea40aac77be632954f13',
  agentflow: '67fdea9b68df1c3e9580a549',
  agent: '67fdea9b68df1c3e9580a54a',
  task: '6805e3a97d3775bffdb87608',
  execution: '5f316a19-debf-479c-aae5-5c3ecceef2b8',
  createdExecution: '8ffc2a03-5d38-4321-aae8-c9f32d7707fc',
  createdTask: '6805f401064a778a5f18f846',
  dashboard: '67fdea9c0de4fb70696a0b0c',
  skill: '67fdea9a68df1c3e9580a547',
  skillConnector: '67fdea9968df1c3e9580a546',
  connector: '68063653fc2e1fb8597c775e',
  connectorSkill: '68063653fc2e1fb8597c775f',
  testingAgentflow: '68075a61ff5c4953f0170a10',
  inbox: '68067cc5fec812d6a6c5ccee',
} as const;

/** Where the generated seed data starts: 2025-04-22, just after the documented examples. */
export const SEED_START = 1745300000;

/** The second organisation (not in the docs; fixed so tests can name it). */
export const OTHER = { org: '6810aa00bb11cc22dd33ee44', user: '6810aa00bb11cc22dd33ee45' } as const;

/** Reads a documented example copied into `fixtures/`. */
function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Adds organisations, keys, the Pulse project and every documented object to the state. */
export function seedDocumented(state: SimState, rng: Rng): void {
  state.keys.set(DEMO_API_KEY, DOC.org);
  state.keys.set(OTHER_API_KEY, OTHER.org);
  state.orgs.set(DOC.org, {
    id: DOC.org,
    name: 'Default Organization',
    userId: DOC.user,
    userName: 'nani799324',
    email: 'nani799324@gmail.com',
  });
  state.orgs.set(OTHER.org, {
    id: OTHER.org,
    name: 'Other Organization',
    userId: OTHER.user,
    userName: 'other-user',
    email: 'other-user@example.com',
  });
  state.projects.set(DOC.project, {
    _id: DOC.project,
    projectName: 'Pulse',
    description: 'Pulse workspace',
    orgId: DOC.org,
    coworkerRole: 'new platform',
    status: 'published',
    createdBy: DOC.user,
    createdAt: '2025-04-15T05:10:24.000Z',
    updatedAt: '2025-04-15T05:10:24.000Z',
  });

  const skill = contentSkill(DOC.skill, '67fdea9a68df1c3e9580a548', DOC.project, DOC.skillConnector);
  const skill2 = contentSkill(DOC.connectorSkill, '68063653fc2e1fb8597c7760', DOC.project, DOC.connector);
  state.skills.set(skill._id, skill);
  state.skills.set(skill2._id, skill2);
  const connector = (id: string, status: 'pending' | 'active' | 'inactive', at: number): void => {
    state.connectors.set(id, {
      _id: id,
      name: 'Content creator',
      category: 'content_creator',
      description: 'Generates written content with an LLM',
      logo: CONTENT_CREATOR_LOGO,
      status,
      projectID: DOC.project,
      organization_id: DOC.org,
      config: {},
      created_at: at,
      updated_at: at,
    });
  };
  connector(DOC.skillConnector, 'active', 1744693913.402113);
  connector(DOC.connector, 'active', 1745237587.118452);

  const af = buildAgentflow({
    id: DOC.agentflow,
    name: 'new platform',
    projectId: DOC.project,
    orgId: DOC.org,
    at: 1744693915.589366,
    agents: [buildAgent(DOC.agent, 'new platform', [skill])],
    marketplaceId: '67f73fa6f55e1a49293771eb',
  });
  af.updated_at = 1744693915.589376;
  af.last_used = 1744693915.589377;
  state.agentflows.set(af._id, af);
  const testing = buildAgentflow({
    id: DOC.testingAgentflow,
    name: 'content creator testing',
    projectId: DOC.project,
    orgId: DOC.org,
    at: 1745312352.995075,
    agents: [],
    image: 'https://klotdev.blob.core.windows.net/coworkers/process-flow-wexa-10.png',
  });
  state.agentflows.set(testing._id, testing);

  const user = { id: DOC.user, name: 'nani799324' };
  const docTask = fixture<TaskRec>('task-6805e3a9.json');
  const docSummary = docTask.executions[0];
  if (!docSummary?.conclusion) throw new Error('documented task fixture lacks its execution');
  const exec1 = buildExecution({
    objectId: '6805e3a97d3775bffdb87607',
    executionId: DOC.execution,
    taskId: DOC.task,
    af,
    goal: docSummary.goal,
    inputVariables: {},
    user,
    at: 1745216425.410316,
  });
  exec1.agents_output = [{ ...agentOutput(exec1, 0, 1745216565.996)!, output: docSummary.conclusion.conclusion }];
  exec1.conclusion = docSummary.conclusion;
  exec1.end_time = 1745216582.086021;
  exec1.status = 'completed';
  state.executions.set(exec1.execution_id, exec1);
  state.tasks.set(docTask._id, docTask);

  // The dashboard's documented task list: the tasks behind it, each with one execution.
  const dashboard = fixture<DashboardRec>('dashboard-pulse.json');
  const created = fixture<ExecutionRec>('execution-8ffc2a03.json');
  const rows = (dashboard.components[0]?.data ?? []) as { data: { _id: string; created_at: number; status: string }[] }[];
  for (const row of rows.flatMap((bucket) => bucket.data)) {
    if (row._id === DOC.task) continue;
    const execId = row._id === DOC.createdTask ? created.execution_id : rng.uuid();
    const objectId = previousObjectId(row._id);
    const at = row._id === DOC.createdTask ? created.created_at : micro(row.created_at - 0.0015);
    const exec = buildExecution({ objectId, executionId: execId, taskId: row._id, af, goal: 'run', inputVariables: {}, user, at });
    if (row.status === 'completed') {
      exec.agents_output = [agentOutput(exec, 0, micro(at + 41.25))!];
      exec.conclusion = conclusionFor(exec, micro(at + 52.5));
      exec.end_time = micro(at + 52.5003);
      exec.status = 'completed';
    }
    state.executions.set(execId, exec);
    state.tasks.set(row._id, {
      _id: row._id,
      projectID: DOC.project,
      created_at: row.created_at,
      updated_at: exec.end_time ?? row.created_at,
      status: exec.status,
      created_by: DOC.user,
      execution_ids: [execId],
      execution_nodes: [{ execution_id: execId, _id: objectId, execution_type: 'execution', children: [] }],
      name: af.name,
      executions: [],
      executions_status_count: {},
    });
  }
  state.dashboards.set(DOC.project, dashboard);
}
