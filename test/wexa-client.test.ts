/**
 * Every WexaApi function against the real simulator over HTTP: reads of the seeded documented data,
 * the write paths, the execution and task lifecycles, and 401/403/404/409 mapping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { failure } from './utils/failure.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import type { WexaApi } from '../src/wexa/api.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { DEMO_ORG, DEMO_USER, DOC_EXECUTION, DOC_FLOW, DOC_SKILL, DOC_TASK, PULSE, UNKNOWN_ID } from './utils/ids.js';
import { testKeyHash } from './utils/key-hash.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let sim: TestSimulator;
let client: WexaClient;
let api: WexaApi;


beforeAll(async () => {
  sim = await startTestSimulator();
  client = createWexaClient(parseConfig({ wexaApiUrl: sim.url, upstreamRetryBaseMs: 1 }));
  api = client.forKey(sim.demoKey, testKeyHash(sim.demoKey));
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(async () => {
  await sim.reset();
});

describe('projects', () => {
  it('lists, gets, creates, updates and deletes', async () => {
    const page = await api.projects.list({ limit: 10 });
    expect(page.items.map((p) => p.id)).toContain(PULSE);
    expect(page.total).toBe(3);
    const pulse = await api.projects.get(PULSE);
    expect(pulse).toMatchObject({ id: PULSE, name: 'Pulse', organizationId: DEMO_ORG });

    const created = await api.projects.create({ orgId: DEMO_ORG, name: 'Graph test', description: 'made by a test', coworkerRole: 'tester' });
    expect(created).toMatchObject({ name: 'Graph test', description: 'made by a test', coworkerRole: 'tester', organizationId: DEMO_ORG });
    const updated = await api.projects.update(created.id, { orgId: DEMO_ORG, name: 'Graph test 2' });
    expect(updated).toMatchObject({ id: created.id, name: 'Graph test 2' });
    const ack = await api.projects.delete(created.id);
    expect(ack.ok).toBe(true);
    expect((await failure(api.projects.get(created.id))).code).toBe('NOT_FOUND');
  });
});

describe('agentflows', () => {
  it('lists and gets the documented agentflow with embedded skills', async () => {
    const page = await api.agentflows.list(PULSE, { limit: 50 });
    expect(page.items.map((a) => a.id)).toContain(DOC_FLOW);
    const af = await api.agentflows.get(DOC_FLOW);
    expect(af).toMatchObject({ id: DOC_FLOW, name: 'new platform', projectId: PULSE, initialAgentId: '67fdea9b68df1c3e9580a54a' });
    expect(af.createdAt).toMatch(ISO);
    expect(af.agents[0]?.skills[0]).toMatchObject({ id: DOC_SKILL, name: 'Content creator - Content creation' });
  });

  it('creates an agentflow, adds a skilled agent with a chosen id, and updates it', async () => {
    const af = await api.agentflows.create(PULSE, { name: 'Writer', description: 'writes', role: 'writer' });
    expect(af).toMatchObject({ name: 'Writer', projectId: PULSE, agents: [] });
    const agentId = '68075b23f6570e1e34cbece0';
    const agent = {
      title: 'drafter',
      role: 'drafts',
      roleDescription: 'drafts text',
      skillIds: [DOC_SKILL],
      llm: { model: 'azure/gpt-4o', temperature: 0, maxTokens: 1000 },
      promptTemplate: 'write something',
    };
    const { agentflow: withAgent, agentId: chosen } = await api.agentflows.addSkilledAgent(PULSE, af.id, { ...agent, id: agentId });
    expect(chosen).toBe(agentId);
    expect(withAgent.agents.map((a) => a.id)).toEqual([agentId]);
    expect(withAgent.agents[0]).toMatchObject({ title: 'drafter', type: 'skilled_agent', promptTemplate: 'write something' });
    expect(withAgent.agents[0]?.skills.map((s) => s.id)).toEqual([DOC_SKILL]);
    const { agentflow: generated, agentId: generatedId } = await api.agentflows.addSkilledAgent(PULSE, af.id, agent);
    expect(generated.agents).toHaveLength(2);
    expect(generatedId).toMatch(/^[0-9a-f]{24}$/);
    expect(generated.agents[1]?.id).toBe(generatedId);
    const updated = await api.agentflows.updateSkilledAgent(PULSE, af.id, agentId, { ...agent, title: 'editor' });
    expect(updated.agents.find((a) => a.id === agentId)?.title).toBe('editor');
  });
});

describe('executions', () => {
  it('creates, executes, pauses, resumes and cancels; resuming a cancelled one is INVALID_TRANSITION', async () => {
    const created = await api.executions.create(PULSE, { agentflowId: DOC_FLOW, executedBy: DEMO_USER, goal: 'write a poem' });
    expect(created).toMatchObject({ status: 'ready', complete: true, projectId: PULSE, agentflowId: DOC_FLOW, goal: 'write a poem' });
    expect(created.executedBy).toMatchObject({ id: DEMO_USER });
    expect(created.createdAt).toMatch(ISO);
    expect(created.taskId).toMatch(/^[0-9a-f]{24}$/);
    const id = created.id;

    expect(await api.executions.execute(PULSE, id)).toMatchObject({ executionId: id });
    expect((await api.executions.get(PULSE, id)).status).toBe('running');
    expect(await api.executions.pause(PULSE, id)).toEqual({ executionId: id, status: 'paused', statusRaw: 'paused' });
    expect((await api.executions.get(PULSE, id)).status).toBe('paused');
    expect((await api.executions.resume(PULSE, id)).status).toBe('running');
    expect((await api.executions.cancel(PULSE, id)).status).toBe('cancelled');
    expect((await api.executions.get(PULSE, id)).status).toBe('cancelled');

    const error = await failure(api.executions.resume(PULSE, id));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.statusCode).toBe(409);
    expect(error.endpoint).toBe('POST /execute_flow/{execution_id}/resume');
  });

  it('runs to completion with agent outputs, a conclusion and an end time', async () => {
    const created = await api.executions.create(PULSE, { agentflowId: DOC_FLOW, executedBy: DEMO_USER, goal: 'finish' });
    await api.executions.execute(PULSE, created.id);
    let execution = await api.executions.get(PULSE, created.id);
    for (let i = 0; i < 10 && execution.status === 'running'; i++) {
      await sim.advance(created.id);
      execution = await api.executions.get(PULSE, created.id);
    }
    expect(execution.status).toBe('completed');
    expect(execution.agentOutputs.length).toBeGreaterThan(0);
    expect(execution.conclusion?.markdown).toBeTruthy();
    expect(execution.endedAt).toMatch(ISO);
  });

  it('lists the project executions and monitors an agentflow', async () => {
    const created = await api.executions.create(PULSE, { agentflowId: DOC_FLOW, executedBy: DEMO_USER, goal: 'listed' });
    const page = await api.executions.list(PULSE, { limit: 100 });
    expect(page.items.map((e) => e.id)).toContain(created.id);
    expect(page.items.every((e) => e.projectId === PULSE && e.complete)).toBe(true);
    const monitor = await api.executions.monitor(DOC_FLOW);
    expect(monitor).toHaveProperty('status_count');
  });

  it('gets the documented execution', async () => {
    const e = await api.executions.get(PULSE, DOC_EXECUTION);
    expect(e).toMatchObject({ id: DOC_EXECUTION, status: 'completed', taskId: DOC_TASK, complete: true });
  });
});

describe('tasks', () => {
  it('gets the documented task with its execution summary', async () => {
    const task = await api.tasks.get(PULSE, DOC_TASK);
    expect(task).toMatchObject({ id: DOC_TASK, projectId: PULSE, status: 'completed', executionIds: [DOC_EXECUTION] });
    expect(task.createdAt).toBe('2025-04-21T06:20:25.411Z');
    expect(task.executions[0]).toMatchObject({ id: DOC_EXECUTION, complete: false, status: 'completed' });
  });

  it('lists tasks and pauses, resumes and stops one', async () => {
    const created = await api.executions.create(PULSE, { agentflowId: DOC_FLOW, executedBy: DEMO_USER, goal: 'task ops' });
    await api.executions.execute(PULSE, created.id);
    const taskId = created.taskId!;
    const page = await api.tasks.list(PULSE, { limit: 100 });
    expect(page.items.map((t) => t.id)).toContain(taskId);
    expect((await api.tasks.pause(PULSE, taskId)).status).toBe('paused');
    expect((await api.tasks.resume(PULSE, taskId)).status).toBe('running');
    const stopped = await api.tasks.stop(PULSE, taskId);
    expect(['cancelled', 'stopped']).toContain(stopped.status);
    expect((await api.executions.get(PULSE, created.id)).status).toBe('cancelled');
  });
});

describe('dashboards', () => {
  it('gets and refreshes the dashboard with layouts joined, and deletes a component', async () => {
    const dashboard = await api.dashboards.get(PULSE);
    expect(dashboard).toMatchObject({ id: '67fdea9c0de4fb70696a0b0c', name: 'Pulse', projectId: PULSE });
    expect(dashboard.components.length).toBeGreaterThan(0);
    const first = dashboard.components[0]!;
    expect(first.layout).not.toBeNull();
    const refreshed = await api.dashboards.refresh(PULSE);
    expect(refreshed.components.map((c) => c.id)).toEqual(dashboard.components.map((c) => c.id));
    const after = await api.dashboards.deleteComponent(PULSE, first.id);
    expect(after.components.map((c) => c.id)).not.toContain(first.id);
    expect(after.components).toHaveLength(dashboard.components.length - 1);
  });
});

describe('connectors, inbox and customer', () => {
  it('lists, gets, changes status of and deletes a connector; lists trigger actions', async () => {
    const page = await api.connectors.list(PULSE);
    expect(page.items.length).toBeGreaterThan(0);
    const connector = page.items[0]!;
    expect(await api.connectors.get(connector.id)).toMatchObject({ id: connector.id, name: connector.name });
    const ack = await api.connectors.changeStatus({ connectorId: connector.id, status: 'active', dataLoaderConfig: { source: 'mongodb', batch_size: 10, auth: {} } });
    expect(ack.ok).toBe(true);
    expect((await api.connectors.get(connector.id)).status).toBe('active');
    const actions = await api.connectors.triggerActions(PULSE);
    expect(actions.items.length).toBeGreaterThan(0);
    expect(actions.items.map((a) => a.connectorId)).toContain(connector.id);
    expect((await api.connectors.delete(PULSE, connector.id)).ok).toBe(true);
    expect((await failure(api.connectors.get(connector.id))).code).toBe('NOT_FOUND');
  });

  it('lists the inbox with millisecond timestamps normalised', async () => {
    const inbox = await api.inbox.list(PULSE, { limit: 10 });
    expect(inbox.total).toBe(inbox.items.length);
    expect(inbox.items.length).toBeGreaterThan(0);
    for (const item of inbox.items) {
      expect(item.projectId).toBe(PULSE);
      expect(item.createdAt).toMatch(ISO);
      // Epoch milliseconds read as such: a date in this century, not tens of thousands of years ahead.
      expect(item.createdAt!.startsWith('20')).toBe(true);
    }
  });

  it('gets the customer of the calling key', async () => {
    const customer = await api.customer.get();
    expect(customer).toMatchObject({ organizationId: DEMO_ORG, userId: DEMO_USER });
    expect(await api.customer.get(DEMO_ORG)).toMatchObject({ organizationId: DEMO_ORG });
  });
});

describe('upstream refusals', () => {
  it('maps an unknown key to UNAUTHENTICATED, another organisation to FORBIDDEN, a missing id to NOT_FOUND', async () => {
    const unknown = await failure(client.forKey('wexa-sim-nobody', testKeyHash('wexa-sim-nobody')).projects.get(PULSE));
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(unknown.statusCode).toBe(401);
    const other = await failure(client.forKey(sim.otherKey, testKeyHash(sim.otherKey)).tasks.get(PULSE, DOC_TASK));
    expect(other.code).toBe('FORBIDDEN');
    expect(other.endpoint).toBe('GET /task/{id}');
    const missing = await failure(api.tasks.get(PULSE, UNKNOWN_ID));
    expect(missing.code).toBe('NOT_FOUND');
    const missingExec = await failure(api.executions.get(PULSE, '00000000-0000-4000-8000-000000000000'));
    expect(missingExec.code).toBe('NOT_FOUND');
  });
});
