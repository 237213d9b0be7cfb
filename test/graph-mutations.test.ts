/**
 * Mutations against the simulator (manual lifecycle, so nothing moves unless a test says so): each
 * mutation's effect as a client sees it, and the typed failures (INVALID_TRANSITION, NOT_FOUND,
 * BAD_USER_INPUT, FORBIDDEN).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { codesOf } from './utils/graphql.js';
import { OTHER_KEY, PULSE, UNKNOWN_EXECUTION } from './utils/ids.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';

let sim: TestSimulator;
let gw: TestGateway;

useStack({}, (s) => ({ sim, gw } = s));
beforeEach(async () => {
  await sim.reset();
});

const ok = (query: string, variables?: Record<string, unknown>) => gw.data(query, variables);

/** The id of an agentflow of Pulse that has agents (so its executions have steps). */
async function runnableFlow(): Promise<string> {
  const d = await ok('query ($id: ID!) { project(id: $id) { agentflows(first: 100) { nodes { wexaId agents { wexaId } } } } }', { id: PULSE });
  return d.project.agentflows.nodes.find((f: any) => f.agents.length > 0).wexaId;
}

const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution {
  id wexaId status goal inputVariables agentflow { wexaId } task { wexaId status } executedBy { wexaId } } } }`;

async function start(goal = 'summarise the week'): Promise<any> {
  const agentflowId = await runnableFlow();
  const d = await ok(START, { input: { projectId: PULSE, agentflowId, goal, inputVariables: { week: 12 } } });
  return d.startExecution.execution;
}

const change = (name: string) => `mutation ($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) {
  ${name}(input: $input) { execution { wexaId status } } }`;

describe('executions', () => {
  it('startExecution creates and starts an execution in one step', async () => {
    const agentflowId = await runnableFlow();
    await sim.resetLog();
    const d = await ok(START, { input: { projectId: PULSE, agentflowId, goal: 'summarise the week', inputVariables: { week: 12 } } });
    const run = d.startExecution.execution;
    expect(run).toMatchObject({ status: 'RUNNING', goal: 'summarise the week', inputVariables: { week: 12 }, agentflow: { wexaId: agentflowId } });
    expect(run.task.wexaId).toBeTruthy();
    expect(run.executedBy.wexaId).toBeTruthy();
    const counts = await sim.counts();
    expect(counts['POST /execute_flow']).toBe(1);
    expect(counts['POST /execute_flow/{execution_id}/execute']).toBe(1);
    const again = await ok('query ($id: ID!) { node(id: $id) { ... on Execution { wexaId status } } }', { id: run.id });
    expect(again.node).toEqual({ wexaId: run.wexaId, status: 'RUNNING' });
  });

  it('pause, resume and cancel move the execution; resuming a cancelled one is INVALID_TRANSITION', async () => {
    const run = await start();
    const input = { projectId: PULSE, executionId: run.wexaId };
    expect((await ok(change('pauseExecution'), { input })).pauseExecution.execution.status).toBe('PAUSED');
    expect((await ok(change('resumeExecution'), { input })).resumeExecution.execution.status).toBe('RUNNING');
    expect((await ok(change('cancelExecution'), { input })).cancelExecution.execution.status).toBe('CANCELLED');
    const refused = await gw.gql(change('resumeExecution'), { input });
    expect(codesOf(refused)).toEqual(['INVALID_TRANSITION']);
    expect(refused.data).toBeNull();
  });

  it('NOT_FOUND for an execution that does not exist, BAD_USER_INPUT for one that cannot exist', async () => {
    const missing = await gw.gql(change('pauseExecution'), {
      input: { projectId: PULSE, executionId: UNKNOWN_EXECUTION },
    });
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
    const malformed = await gw.gql(change('pauseExecution'), { input: { projectId: PULSE, executionId: 'nope' } });
    expect(codesOf(malformed)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['an empty goal', { goal: '  ' }],
    ['input variables that are not an object', { inputVariables: [1, 2] }],
  ])('startExecution rejects %s with BAD_USER_INPUT and starts nothing', async (_what, patch) => {
    const agentflowId = await runnableFlow();
    await sim.resetLog();
    const result = await gw.gql(START, { input: { projectId: PULSE, agentflowId, goal: 'x', ...patch } });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect((await sim.counts())['POST /execute_flow']).toBeUndefined();
  });

  it("cannot start an execution in another organisation's project: FORBIDDEN", async () => {
    const agentflowId = await runnableFlow();
    const result = await gw.gql(START, { input: { projectId: PULSE, agentflowId, goal: 'x' } }, { key: OTHER_KEY });
    expect(codesOf(result)).toEqual(['FORBIDDEN']);
  });
});

describe('tasks', () => {
  const TASK = (name: string) => `mutation ($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) {
    ${name}(input: $input) { task { wexaId status executions { wexaId status } } } }`;

  it('pauseTask, resumeTask and stopTask act on the task’s executions', async () => {
    const run = await start();
    const input = { projectId: PULSE, taskId: run.task.wexaId };
    const paused = (await ok(TASK('pauseTask'), { input })).pauseTask.task;
    expect(paused.status).toBe('PAUSED');
    expect(paused.executions).toEqual([{ wexaId: run.wexaId, status: 'PAUSED' }]);
    const resumed = (await ok(TASK('resumeTask'), { input })).resumeTask.task;
    expect(resumed.executions).toEqual([{ wexaId: run.wexaId, status: 'RUNNING' }]);
    const stopped = (await ok(TASK('stopTask'), { input })).stopTask.task;
    expect(stopped.executions).toEqual([{ wexaId: run.wexaId, status: 'CANCELLED' }]);
    const read = await ok('query ($p: ID!, $e: ID!) { execution(projectId: $p, id: $e) { status } }', { p: PULSE, e: run.wexaId });
    expect(read.execution.status).toBe('CANCELLED');
  });
});

describe('projects and agentflows', () => {
  it('createProject, updateProject and deleteProject', async () => {
    const created = await ok(
      `mutation { createProject(input: { name: "Atlas", description: "maps", coworkerRole: "cartographer" }) {
        project { id wexaId name description coworkerRole } } }`,
    );
    const project = created.createProject.project;
    expect(project).toMatchObject({ name: 'Atlas', description: 'maps', coworkerRole: 'cartographer' });
    const listed = await ok('{ projects { totalCount nodes { wexaId } } }');
    expect(listed.projects.nodes.map((p: any) => p.wexaId)).toContain(project.wexaId);

    const updated = await ok('mutation ($id: ID!) { updateProject(input: { projectId: $id, name: "Atlas 2" }) { project { name description } } }', {
      id: project.wexaId,
    });
    expect(updated.updateProject.project).toEqual({ name: 'Atlas 2', description: 'maps' });

    const deleted = await ok('mutation ($id: ID!) { deleteProject(input: { projectId: $id }) { deletedProjectId } }', { id: project.wexaId });
    expect(deleted.deleteProject.deletedProjectId).toBe(project.wexaId);
    const gone = await gw.gql('query ($id: ID!) { project(id: $id) { name } }', { id: project.wexaId });
    expect(codesOf(gone)).toEqual(['NOT_FOUND']);
  });

  it('updateProject with nothing to change is BAD_USER_INPUT', async () => {
    const result = await gw.gql(`mutation { updateProject(input: { projectId: "${PULSE}" }) { project { name } } }`);
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('createAgentflow, addSkilledAgent and updateSkilledAgent', async () => {
    const created = await ok(
      `mutation ($p: ID!) { createAgentflow(input: { projectId: $p, name: "Scout", description: "finds leads", role: "scout" }) {
        agentflow { wexaId name role agents { wexaId } project { wexaId } } } }`,
      { p: PULSE },
    );
    const flow = created.createAgentflow.agentflow;
    expect(flow).toMatchObject({ name: 'Scout', role: 'scout', agents: [], project: { wexaId: PULSE } });

    const agentInput = {
      projectId: PULSE,
      agentflowId: flow.wexaId,
      title: 'researcher',
      role: 'research',
      roleDescription: 'reads the web',
      skillIds: [],
      llm: { model: 'azure/gpt-4o', temperature: 0, maxTokens: 1000 },
      promptTemplate: 'Research {goal}',
    };
    const added = await ok(
      `mutation ($input: AddSkilledAgentInput!) { addSkilledAgent(input: $input) {
        agent { wexaId title llm { model maxTokens } } agentflow { agents { wexaId } } } }`,
      { input: agentInput },
    );
    const agent = added.addSkilledAgent.agent;
    expect(agent).toMatchObject({ title: 'researcher', llm: { model: 'azure/gpt-4o', maxTokens: 1000 } });
    expect(added.addSkilledAgent.agentflow.agents).toEqual([{ wexaId: agent.wexaId }]);

    const updated = await ok(
      `mutation ($input: UpdateSkilledAgentInput!) { updateSkilledAgent(input: $input) { agent { wexaId title } } }`,
      { input: { ...agentInput, agentId: agent.wexaId, title: 'senior researcher' } },
    );
    expect(updated.updateSkilledAgent.agent).toEqual({ wexaId: agent.wexaId, title: 'senior researcher' });
    const read = await ok('query ($id: ID!) { agentflow(id: $id) { agents { title } } }', { id: flow.wexaId });
    expect(read.agentflow.agents).toEqual([{ title: 'senior researcher' }]);
  });
});

describe('dashboards and connectors', () => {
  it('refreshDashboard and deleteDashboardComponent', async () => {
    const refreshed = await ok(`mutation { refreshDashboard(input: { projectId: "${PULSE}" }) { dashboard { components { id } } } }`);
    const components = refreshed.refreshDashboard.dashboard.components;
    expect(components.length).toBeGreaterThan(0);
    const removed = await ok(
      `mutation ($c: ID!) { deleteDashboardComponent(input: { projectId: "${PULSE}", componentId: $c }) {
        deletedComponentId dashboard { components { id } } } }`,
      { c: components[0].id },
    );
    expect(removed.deleteDashboardComponent.deletedComponentId).toBe(components[0].id);
    expect(removed.deleteDashboardComponent.dashboard.components).toEqual(components.slice(1));
  });

  it('updateConnectorStatus refuses a dataLoaderConfig that is not an object, before any upstream write', async () => {
    const list = await ok(`{ project(id: "${PULSE}") { connectors { nodes { wexaId } } } }`);
    await sim.resetLog();
    const result = await gw.gql(
      `mutation ($c: ID!) { updateConnectorStatus(input: { connectorId: $c, status: ACTIVE, dataLoaderConfig: [1, 2] }) {
        connector { wexaId } } }`,
      { c: list.project.connectors.nodes[0].wexaId },
    );
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect((await sim.counts())['POST /connectors/change_status']).toBeUndefined();
  });

  it('updateConnectorStatus and deleteConnector', async () => {
    const list = await ok(`{ project(id: "${PULSE}") { connectors { nodes { wexaId status } } } }`);
    const connector = list.project.connectors.nodes[0];
    const next = connector.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE';
    const changed = await ok(
      `mutation ($c: ID!, $s: SettableConnectorStatus!) { updateConnectorStatus(input: { connectorId: $c, status: $s }) {
        connector { wexaId status } } }`,
      { c: connector.wexaId, s: next },
    );
    expect(changed.updateConnectorStatus.connector).toEqual({ wexaId: connector.wexaId, status: next });

    const deleted = await ok(
      `mutation ($c: ID!) { deleteConnector(input: { projectId: "${PULSE}", connectorId: $c }) { deletedConnectorId } }`,
      { c: connector.wexaId },
    );
    expect(deleted.deleteConnector.deletedConnectorId).toBe(connector.wexaId);
    const gone = await gw.gql('query ($c: ID!) { connector(id: $c) { name } }', { c: connector.wexaId });
    expect(codesOf(gone)).toEqual(['NOT_FOUND']);
  });
});
