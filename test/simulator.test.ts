/**
 * The simulator serves the documented Wexa examples with their documented ids, values and units,
 * and enforces keys and organisations (401 / 403 / 404 / 400).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { DEMO_ORG, DEMO_USER, DOC_AGENT, DOC_EXECUTION, DOC_FLOW, DOC_TASK, PULSE } from './utils/ids.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../src/simulator/fixtures/${name}`, import.meta.url), 'utf8'));

let t: TestSimulator;
type J = Record<string, any>;
async function get(path: string, key: string | null = t.demoKey): Promise<{ status: number; body: J }> {
  const res = await fetch(t.url + path, { headers: key === null ? {} : { 'x-api-key': key } });
  return { status: res.status, body: (await res.json()) as J };
}

beforeAll(async () => {
  t = await startTestSimulator();
});
afterAll(() => t.close());

describe('keys and organisations', () => {
  it('answers 401 with a detail when the key is missing or unknown', async () => {
    const missing = await get(`/task/${DOC_TASK}?projectID=${PULSE}`, null);
    const unknown = await get(`/task/${DOC_TASK}?projectID=${PULSE}`, 'not-a-real-key');
    expect(missing).toEqual({ status: 401, body: { detail: expect.any(String) } });
    expect(unknown).toEqual({ status: 401, body: { detail: expect.any(String) } });
    expect(JSON.stringify(unknown.body)).not.toContain('not-a-real-key');
  });

  it("answers 403 for another organisation's ids and 404 for unknown ones", async () => {
    expect((await get(`/task/${DOC_TASK}`, t.otherKey)).status).toBe(403);
    expect((await get(`/v1/project/${PULSE}`, t.otherKey)).status).toBe(403);
    expect((await get(`/execute_flow/${DOC_EXECUTION}`, t.otherKey)).status).toBe(403);
    expect((await get(`/agentflow/${DOC_FLOW}`, t.otherKey)).status).toBe(403);
    expect((await get('/task/6805e3a97d3775bffdb8ffff')).status).toBe(404);
    expect((await get('/execute_flow/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/no/such/route')).status).toBe(404);
  });

  it('answers 400 for malformed ids in paths and queries', async () => {
    const bad = await get('/task/not-an-id');
    expect(bad).toEqual({ status: 400, body: { detail: expect.stringContaining('ObjectId') } });
    expect((await get('/execute_flow/6805e3a97d3775bffdb87608')).status).toBe(400);
    expect((await get(`/task/${DOC_TASK}?projectID=nope`)).status).toBe(400);
    expect((await get(`/tasks/${PULSE}?limit=-1`)).status).toBe(400);
  });

  it('gives each key its own organisation: 3 projects for the demo key, 1 for the other', async () => {
    const demo = await get('/v1/project');
    const other = await get('/v1/project', t.otherKey);
    expect(demo.body.total).toBe(3);
    expect(demo.body.data.map((p: J) => p.orgId)).toEqual([DEMO_ORG, DEMO_ORG, DEMO_ORG]);
    expect(demo.body.data[0]).toMatchObject({ _id: PULSE, projectName: 'Pulse' });
    expect(other.body.total).toBe(1);
    expect(other.body.data[0].orgId).not.toBe(DEMO_ORG);
    expect((await get(`/project/projectName/Pulse`)).body._id).toBe(PULSE);
  });
});

describe('documented examples', () => {
  it('serves task 6805e3a9 exactly as documented', async () => {
    const res = await get(`/task/${DOC_TASK}?projectID=${PULSE}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(fixture('task-6805e3a9.json'));
    expect(res.body.created_at).toBe(1745216425.41182);
    expect(res.body.executions[0].conclusion.created_at).toBe(1745216582.085667);
  });

  it('serves the documented execution with an executed_by object and epoch-second floats', async () => {
    const { body } = await get(`/execute_flow/${DOC_EXECUTION}?projectID=${PULSE}`);
    expect(body).toMatchObject({
      execution_id: DOC_EXECUTION,
      _id: '6805e3a97d3775bffdb87607',
      task_id: DOC_TASK,
      agentflow_id: DOC_FLOW,
      projectID: PULSE,
      status: 'completed',
      executed_by: { _id: DEMO_USER, name: 'nani799324', type: 'manual', metadata: null },
      agentflow: { agentflow_id: DOC_FLOW, initialAgent: DOC_AGENT, name: 'new platform' },
    });
    expect(body.created_at).toBeGreaterThan(1.7e9);
    expect(body.created_at).toBeLessThan(1.8e9);
    expect(body.end_time).toBeGreaterThan(body.created_at);
    expect(body.agents_output).toHaveLength(1);
  });

  it('serves the execution of the create-executeflow example, later completed', async () => {
    const created = fixture('execution-8ffc2a03.json') as J;
    const { body } = await get(`/execute_flow/${created.execution_id}`);
    expect(body).toMatchObject({ _id: created._id, task_id: created.task_id, created_at: created.created_at, status: 'completed' });
  });

  it('serves agentflow "new platform" with its agent and embedded skill', async () => {
    const { body } = await get(`/agentflow/${DOC_FLOW}`);
    expect(body).toMatchObject({
      _id: DOC_FLOW, name: 'new platform', projectID: PULSE, organization_id: DEMO_ORG, initialAgent: DOC_AGENT, isActive: true,
      created_at: 1744693915.589366, marketplace_id: '67f73fa6f55e1a49293771eb',
    });
    expect(body.agents[0]).toMatchObject({ _id: DOC_AGENT, llm: { model: 'azure/gpt-4o', temperature: 0, max_tokens: 10000 } });
    expect(body.agents[0].skills[0]).toMatchObject({ _id: '67fdea9a68df1c3e9580a547', connector_id: '67fdea9968df1c3e9580a546' });
  });

  it('serves the Pulse dashboard with the documented tabs, position and task manager', async () => {
    const doc = fixture('dashboard-pulse.json') as J;
    const { body } = await get(`/dashboard/${PULSE}`);
    expect(body).toMatchObject({ _id: '67fdea9c0de4fb70696a0b0c', name: 'Pulse', project_id: PULSE, coworker_id: null, tabs: doc.tabs });
    expect(body.tabs[0]).toEqual({ name: 'Overview', id: '67e1367cf4f366b0cff3c3d0' });
    expect(body.position[0]).toEqual(doc.position[0]);
    expect(body.components[0]).toEqual(doc.components[0]);
    const charts = body.components.slice(1);
    expect(charts.map((c: J) => c.component_type).sort()).toEqual(['barChart', 'kpi', 'lineChart', 'pieChart']);
    for (const c of charts) for (const point of c.data) expect(point).toEqual({ label: expect.any(String), value: expect.any(Number) });
  });

  it('serves skill, connector, inbox (epoch ms), customer and credit history (naive ISO)', async () => {
    expect((await get('/skills/67fdea9a68df1c3e9580a547')).body).toMatchObject({ name: 'Content creator - Content creation', connector_name: 'Content creator' });
    expect((await get('/connector/68063653fc2e1fb8597c775e')).body).toMatchObject({ _id: '68063653fc2e1fb8597c775e', projectID: PULSE });
    expect((await get('/v1/connector/67fdea9968df1c3e9580a546')).body.name).toBe('Content creator');

    const inbox = (await get(`/inbox?projectID=${PULSE}`)).body;
    const doc = inbox.inbox_requests.find((r: J) => r._id === '68067cc5fec812d6a6c5ccee');
    expect(inbox.total_count).toBe(inbox.inbox_requests.length);
    expect(doc).toMatchObject({ type: 'preview', status: 'pending', created_at: 1745255056932.1138, executed_by: DEMO_USER });

    const customer = (await get(`/customer?organization_id=${DEMO_ORG}`)).body;
    expect(customer).toMatchObject({ organization_name: 'Default Organization', plan: 'pro', billing_cycle_expiry: '2025-04-22T05:11:28.222000' });
    expect((await get(`/customer?organization_id=${DEMO_ORG}`, t.otherKey)).status).toBe(403);

    const credits = (await get(`/customer/credit_history?organization_id=${DEMO_ORG}&limit=2`)).body;
    expect(credits.total).toBeGreaterThan(2);
    expect(credits.data).toHaveLength(2);
    expect(credits.data[1]).toMatchObject({ _id: '6805e435c8af59e1dda56aa8', execution_id: DOC_EXECUTION, created_at: '2025-04-21T06:22:45.996000' });
    for (const row of credits.data) expect(row.created_at).toMatch(NAIVE_ISO);
  });
});

describe('generated demo data', () => {
  it('has 300+ tasks, executions in every status, chained agents and connectors in every status', async () => {
    const projects = [...(await get('/v1/project')).body.data, ...(await get('/v1/project', t.otherKey)).body.data];
    let tasks = 0;
    const statuses = new Set<string>();
    const connectorStatuses = new Set<string>();
    let flows = 0;
    for (const p of projects) {
      const key = p.orgId === DEMO_ORG ? t.demoKey : t.otherKey;
      const list = (await get(`/tasks/${p._id}`, key)).body;
      tasks += list.total;
      const execs = (await get(`/${p._id}/execution_flows`, key)).body.data as J[];
      for (const e of execs) {
        statuses.add(e.status);
        expect(e.execution_id).toMatch(UUID_V4);
        expect(e._id).toMatch(OBJECT_ID);
      }
      for (const c of (await get(`/connectors/${p._id}`, key)).body.data) connectorStatuses.add(c.status);
      for (const af of (await get(`/agentflows?projectID=${p._id}`, key)).body.data as J[]) {
        flows += 1;
        if (af.agents.length === 0) continue;
        expect(af.initialAgent).toBe(af.agents[0]._id);
        expect(af.agents.at(-1).next_agent).toBeNull();
        for (let i = 0; i + 1 < af.agents.length; i++) expect(af.agents[i].next_agent).toBe(af.agents[i + 1]._id);
      }
    }
    expect(tasks).toBeGreaterThanOrEqual(300);
    expect(flows).toBeGreaterThanOrEqual(12);
    expect([...statuses].sort()).toEqual(['cancelled', 'completed', 'failed', 'paused', 'ready', 'running']);
    expect([...connectorStatuses].sort()).toEqual(['active', 'inactive', 'pending']);
  });

  it('derives task fields from executions: newest status, node tree, summaries and counts', async () => {
    const tasks = (await get(`/tasks/${PULSE}`)).body.data as J[];
    const rerun = tasks.find((x) => x.execution_ids.length === 2)!;
    const [first, second] = rerun.execution_ids as string[];
    const newest = (await get(`/execute_flow/${second}`)).body;
    expect(rerun.status).toBe(newest.status);
    expect(rerun.execution_nodes).toHaveLength(1);
    expect(rerun.execution_nodes[0].execution_id).toBe(first);
    expect(rerun.execution_nodes[0].children[0].execution_id).toBe(second);
    expect(rerun.executions.map((e: J) => e.execution_id)).toEqual([first, second]);
    expect(Object.values(rerun.executions_status_count as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('pages lists with skip and limit, newest first, and is the same for the same seed', async () => {
    const all = (await get(`/tasks/${PULSE}`)).body;
    const page = (await get(`/tasks/?projectID=${PULSE}&skip=2&limit=3`)).body;
    expect(page.total).toBe(all.total);
    expect(page.data.map((x: J) => x._id)).toEqual(all.data.slice(2, 5).map((x: J) => x._id));
    const times = all.data.map((x: J) => x.created_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const twin = await startTestSimulator();
    try {
      const res = await fetch(`${twin.url}/tasks/${PULSE}?limit=5`, { headers: { 'x-api-key': twin.demoKey } });
      expect(((await res.json()) as J).data).toEqual(all.data.slice(0, 5));
    } finally {
      await twin.close();
    }
  });
});
