/**
 * Execution lifecycle in the simulator: create → execute → agent steps → completed / failed,
 * pause / resume / cancel with 409s for invalid transitions, and task fields following each change.
 * Also the writes on agentflows, connectors, dashboards and projects.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';

const USER = '67fdea40aac77be632954f0e';
const PULSE = '67fdea40aac77be632954f13';
const FLOW = '67fdea9b68df1c3e9580a549';
type J = Record<string, any>;

let t: TestSimulator;
async function call(method: string, path: string, body?: unknown, key: string = t.demoKey): Promise<{ status: number; body: J }> {
  const res = await fetch(t.url + path, {
    method,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as J };
}

/** A new execution of a multi-agent agentflow of Pulse (or of `flowId`). */
async function create(goal = 'write a haiku', flowId?: string): Promise<J> {
  const flows = (await call('GET', `/agentflows?projectID=${PULSE}`)).body.data as J[];
  const flow = flowId ?? flows.find((f) => f.agents.length >= 2)!._id;
  const res = await call('POST', `/execute_flow?projectID=${PULSE}`, { agentflow_id: flow, executed_by: USER, goal, input_variables: { tone: 'calm' }, projectID: PULSE });
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestSimulator({ stepMs: 0 });
});
afterEach(() => t.reset());
afterAll(() => t.close());

describe('execution lifecycle (manual mode)', () => {
  it('creates a ready execution and a new task whose id follows the execution _id', async () => {
    const exec = await create();
    expect(exec).toMatchObject({ status: 'ready', agents_output: [], conclusion: null, end_time: null, projectID: PULSE, input_variables: { tone: 'calm' } });
    expect(exec.executed_by).toEqual({ _id: USER, name: 'nani799324', type: 'manual', metadata: null });
    expect(BigInt(`0x${exec.task_id}`) - BigInt(`0x${exec._id}`)).toBe(1n);
    const task = (await call('GET', `/task/${exec.task_id}?projectID=${PULSE}`)).body;
    expect(task).toMatchObject({
      status: 'ready', created_by: USER, execution_ids: [exec.execution_id], executions_status_count: { ready: 1 },
      execution_nodes: [{ execution_id: exec.execution_id, _id: exec._id, execution_type: 'execution', children: [] }],
    });
    expect(task.executions[0]).toMatchObject({ execution_id: exec.execution_id, status: 'ready', conclusion: null });
  });

  it('executes, steps one agent per advance and completes with a conclusion; the task follows', async () => {
    const exec = await create();
    const agents = exec.agentflow.agents.length;
    const ack = await call('POST', `/execute_flow/${exec.execution_id}/execute?projectID=${PULSE}`, { projectID: PULSE, execution_id: exec.execution_id });
    expect(ack.body).toEqual({ execution_id: exec.execution_id, status: 'ready' });
    expect((await call('GET', `/execute_flow/${exec.execution_id}`)).body.status).toBe('running');
    expect((await call('GET', `/task/${exec.task_id}`)).body.status).toBe('running');

    for (let i = 1; i < agents; i++) {
      const step = await t.advance(exec.execution_id);
      expect(step.status).toBe('running');
      expect(step.agents_output).toHaveLength(i);
    }
    const done = await t.advance(exec.execution_id);
    expect(done.status).toBe('completed');
    expect((done.agents_output as J[]).map((o) => o.agent_id)).toEqual(exec.agentflow.agents.map((a: J) => a._id));
    expect((done.agents_output as J[])[0]).toEqual({ agent_id: expect.any(String), title: expect.any(String), status: 'completed', output: expect.any(String), created_at: expect.any(Number) });
    expect(done.conclusion).toEqual({ conclusion: expect.stringContaining('#'), links: [], created_at: expect.any(Number) });
    expect(done.end_time).toEqual(expect.any(Number));

    const task = (await call('GET', `/task/${exec.task_id}`)).body;
    expect(task.status).toBe('completed');
    expect(task.executions_status_count).toEqual({ completed: 1 });
    expect(task.executions[0].conclusion).toEqual(done.conclusion);
    expect(task.updated_at).toBeGreaterThanOrEqual(task.created_at);
  });

  it('fails after the first agent when the goal contains #fail', async () => {
    const exec = await create('please #fail now');
    await t.advance(exec.execution_id);
    const failed = await t.advance(exec.execution_id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.any(String) });
    expect(failed.agents_output).toHaveLength(1);
    expect((await call('GET', `/task/${exec.task_id}`)).body.status).toBe('failed');
  });

  it('pauses, resumes and cancels, and answers 409 for invalid transitions', async () => {
    const exec = await create();
    const id = exec.execution_id;
    expect((await call('POST', `/execute_flow/${id}/resume`)).status).toBe(409);
    expect((await call('POST', `/execute_flow/${id}/pause`)).body).toEqual({ execution_id: id, status: 'paused' });
    expect((await call('GET', `/task/${exec.task_id}`)).body.status).toBe('paused');
    expect((await call('POST', `/execute_flow/${id}/pause`)).status).toBe(409);
    expect((await call('POST', `/execute_flow/${id}/execute`)).status).toBe(409);
    expect((await call('POST', `/execute_flow/${id}/resume`)).body).toEqual({ execution_id: id, status: 'running' });
    expect((await call('POST', `/execute_flow/${id}`)).body).toEqual({ execution_id: id, status: 'cancelled' });
    const resume = await call('POST', `/execute_flow/${id}/resume`);
    expect(resume).toEqual({ status: 409, body: { detail: expect.stringContaining('cancelled') } });
    expect((await call('POST', `/execute_flow/${id}/cancel`)).status).toBe(409);
    const res = await fetch(`${t.url}/__simulator/executions/${id}/advance`, { method: 'POST' });
    expect(res.status).toBe(409);
    const task = (await call('GET', `/task/${exec.task_id}`)).body;
    expect(task).toMatchObject({ status: 'cancelled', executions_status_count: { cancelled: 1 } });
  });

  it('keeps seeded running executions frozen until advanced', async () => {
    const running = (await call('GET', `/${PULSE}/execution_flows?status=running`)).body.data as J[];
    expect(running.length).toBeGreaterThan(0);
    const before = (await call('GET', `/execute_flow/${running[0]!.execution_id}`)).body;
    const again = (await call('GET', `/execute_flow/${running[0]!.execution_id}`)).body;
    expect(again).toEqual(before);
    const stepped = await t.advance(before.execution_id);
    expect((stepped.agents_output as J[]).length).toBe(before.agents_output.length + 1);
  });

  it('pauses, resumes and stops whole tasks, with 409 when nothing can change', async () => {
    const exec = await create();
    const task = exec.task_id;
    expect((await call('POST', `/task/${task}/resume`)).status).toBe(409);
    expect((await call('POST', `/task/${task}/pause?projectID=${PULSE}`)).body).toMatchObject({ _id: task, status: 'paused' });
    expect((await call('POST', `/task/${task}/resume`)).body).toMatchObject({ status: 'running' });
    expect((await call('POST', `/task/${task}/stop`)).body).toMatchObject({ status: 'cancelled', executions_status_count: { cancelled: 1 } });
    expect((await call('POST', `/task/${task}/stop`)).status).toBe(409);
  });

  it('reports the agentflow monitor view', async () => {
    const exec = await create('monitored', FLOW);
    await call('POST', `/execute_flow/${exec.execution_id}/execute`);
    const { body } = await call('GET', `/execute_flow/${FLOW}/monitor`);
    expect(body.agentflow_id).toBe(FLOW);
    expect(body.running).toContain(exec.execution_id);
    expect(Object.values(body.status_count as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(body.total);
  });

  it('rejects bad create bodies with 422 / 400 / 403', async () => {
    expect((await call('POST', `/execute_flow?projectID=${PULSE}`, { executed_by: USER, goal: 'x' })).status).toBe(422);
    expect((await call('POST', `/execute_flow?projectID=${PULSE}`, { agentflow_id: 'bad', executed_by: USER, goal: 'x' })).status).toBe(400);
    expect((await call('POST', `/execute_flow?projectID=${PULSE}`, { agentflow_id: FLOW, executed_by: USER, goal: 'x' }, t.otherKey)).status).toBe(403);
    expect((await call('POST', '/execute_flow', { agentflow_id: FLOW, executed_by: USER, goal: 'x' })).status).toBe(422);
  });
});

describe('execution lifecycle (auto mode)', () => {
  it('runs an executed execution to completion on its own while seeded ones stay frozen', async () => {
    const auto = await startTestSimulator({ stepMs: 5 });
    try {
      const headers = { 'x-api-key': auto.demoKey, 'content-type': 'application/json' };
      const seeded = ((await (await fetch(`${auto.url}/${PULSE}/execution_flows?status=running&limit=1`, { headers })).json()) as J).data[0];
      const created = (await (await fetch(`${auto.url}/execute_flow?projectID=${PULSE}`, {
        method: 'POST', headers, body: JSON.stringify({ agentflow_id: FLOW, executed_by: USER, goal: 'auto', input_variables: {} }),
      })).json()) as J;
      await fetch(`${auto.url}/execute_flow/${created.execution_id}/execute`, { method: 'POST', headers });
      const status = async () => ((await (await fetch(`${auto.url}/task/${created.task_id}`, { headers })).json()) as J).status;
      await expect.poll(status, { message: 'the automatic lifecycle to end the task', timeout: 5_000 }).not.toBe('running');
      expect(await status()).toBe('completed');
      const later = (await (await fetch(`${auto.url}/execute_flow/${seeded.execution_id}`, { headers })).json()) as J;
      expect(later).toEqual(seeded);
    } finally {
      await auto.close();
    }
  });
});

describe('writes on other resources', () => {
  it('creates an agentflow, adds and updates a skilled agent', async () => {
    const af = (await call('POST', `/agentflow/?projectID=${PULSE}`, { name: 'New flow', description: 'd', role: 'r', projectID: PULSE })).body;
    expect(af).toMatchObject({ name: 'New flow', projectID: PULSE, agents: [], initialAgent: null });
    const agent = { _id: '68075b23f6570e1e34cbece0', role: 'writer', title: 'writer', skills: ['68063653fc2e1fb8597c775f'], agent_type: 'skilled_agent' };
    const added = (await call('POST', `/agentflow/${af._id}/skilled?projectID=${PULSE}`, agent)).body;
    expect(added.initialAgent).toBe(agent._id);
    expect(added.agents[0].skills[0]).toMatchObject({ _id: '68063653fc2e1fb8597c775f', name: 'Content creator - Content creation' });
    expect((await call('POST', `/agentflow/${af._id}/skilled?projectID=${PULSE}`, agent)).status).toBe(409);
    const updated = (await call('POST', `/agentflow/${af._id}/update/skilled/${agent._id}?projectID=${PULSE}`, { title: 'editor' })).body;
    expect(updated.agents[0].title).toBe('editor');
  });

  it('changes a connector status with the documented message and deletes a connector', async () => {
    const res = await call('POST', '/connectors/change_status', {
      new_status: 'pending', connectorID: '68063653fc2e1fb8597c775e', data_loader_config: { source: 'mongodb', batch_size: 100, auth: {} },
    });
    expect(res.body).toEqual({ status: 'success', message: 'Updated connector status to pending for connectorID 68063653fc2e1fb8597c775e' });
    expect((await call('GET', '/connector/68063653fc2e1fb8597c775e')).body.status).toBe('pending');
    expect((await call('POST', '/connectors/change_status', { new_status: 'on', connectorID: '68063653fc2e1fb8597c775e', data_loader_config: {} })).status).toBe(400);
    expect((await call('DELETE', `/connector/68063653fc2e1fb8597c775e?projectID=${PULSE}`)).body.status).toBe('success');
    expect((await call('GET', '/connector/68063653fc2e1fb8597c775e')).status).toBe(404);
  });

  it('refreshes dashboard data from current tasks and deletes a component', async () => {
    const exec = await create();
    const dash = (await call('POST', `/dashboard/refresh/${PULSE}`)).body;
    const ready = dash.components[0].data.find((b: J) => b.status === 'ready').data as J[];
    expect(ready.map((r) => r._id)).toContain(exec.task_id);
    const chart = dash.components[1].component_id;
    const after = (await call('DELETE', `/dashboard/${PULSE}/component/${chart}`)).body;
    expect(after.components.map((c: J) => c.component_id)).not.toContain(chart);
    expect(after.position.map((p: J) => p.i)).not.toContain(chart);
  });

  it('creates, updates and deletes a project with its cascade', async () => {
    const p = (await call('POST', '/v1/project', { orgId: '67fdea40aac77be632954f0f', projectName: 'Temp', description: 'x', coworker_role: 'y' })).body;
    expect(p).toMatchObject({ projectName: 'Temp', coworkerRole: 'y', status: 'published' });
    expect((await call('GET', `/dashboard/${p._id}`)).status).toBe(200);
    expect((await call('PUT', `/v1/project?projectId=${p._id}`, { orgId: '67fdea40aac77be632954f0f', projectName: 'Temp2' })).body.projectName).toBe('Temp2');
    expect((await call('DELETE', `/v1/project/${PULSE}`)).body.status).toBe('success');
    expect((await call('GET', `/task/6805e3a97d3775bffdb87608`)).status).toBe(404);
    expect((await call('GET', `/agentflow/${FLOW}`)).status).toBe(404);
    expect((await call('POST', '/v1/project', { orgId: '67fdea40aac77be632954f0f' })).status).toBe(422);
  });
});
