/**
 * Reading the graph: every query field and entity link against the simulator's seed, `node(id)` /
 * `nodes(ids)` round trips for every Node type, and connection paging boundaries.
 */
import { describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { codesOf, getJson } from './utils/graphql.js';
import { PULSE } from './utils/ids.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';

let sim: TestSimulator;
let gw: TestGateway;
const read = <T = any>(path: string) => getJson<T>(sim.url, path, sim.demoKey);

useStack({}, (s) => ({ sim, gw } = s));

/** Runs a query that must succeed and returns its data. */
const data = (query: string, variables?: Record<string, unknown>) => gw.data(query, variables);

const EXECUTION_FIELDS = `id wexaId status statusRaw goal error inputVariables createdAt endedAt
  project { wexaId } agentflow { wexaId name } task { wexaId name }
  executedBy { wexaId name type } conclusion { markdown links createdAt }
  agentOutputs { agentId title status output createdAt agent { wexaId title } }
  parent { wexaId } inboxRequests { totalCount nodes { wexaId } }`;

describe('Query fields and entity links', () => {
  it('projects lists the key’s projects with the upstream total', async () => {
    const upstream = await read('/v1/project?page=1&limit=100');
    const d = await data('{ projects { totalCount nodes { id wexaId name description status coworkerRole createdAt updatedAt } } }');
    expect(d.projects.totalCount).toBe(upstream.total);
    expect(d.projects.nodes.map((p: any) => p.wexaId)).toEqual(upstream.data.map((p: any) => p._id));
    expect(d.projects.nodes[0]).toMatchObject({ wexaId: PULSE, name: 'Pulse', status: 'published' });
    expect(d.projects.nodes[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('project links agentflows, tasks, executions, dashboard, connectors and inbox', async () => {
    const d = await data(
      `query ($id: ID!) { project(id: $id) {
        name
        agentflows(first: 100) { totalCount nodes { wexaId name role description image isActive createdAt updatedAt
          project { wexaId } agents { wexaId } initialAgent { wexaId title } executions { totalCount } } }
        tasks(first: 3) { totalCount nodes { wexaId } }
        completedTasks: tasks(status: COMPLETED, first: 100) { totalCount nodes { status } }
        executions(first: 3) { totalCount nodes { wexaId } }
        failed: executions(status: FAILED, first: 100) { totalCount nodes { status } }
        dashboard { wexaId name description project { wexaId } tabs { id name components { id } }
          components { id type title subtitle icon tab { id } layout { x y w h minW minH } data query agentflow { wexaId } } }
        connectors { totalCount nodes { wexaId name category status statusRaw project { wexaId } } }
        inbox { totalCount nodes { wexaId type status summary createdAt updatedAt agentflow { wexaId } agent { wexaId } } }
      } }`,
      { id: PULSE },
    );
    const p = d.project;
    const flows = await read(`/agentflows?projectID=${PULSE}&skip=0&limit=1000`);
    const tasks = await read(`/tasks/${PULSE}?skip=0&limit=1000`);
    const runs = await read(`/${PULSE}/execution_flows?projectID=${PULSE}&skip=0&limit=1000`);
    expect(p.agentflows.totalCount).toBe(flows.total);
    expect(p.agentflows.nodes.every((f: any) => f.project.wexaId === PULSE)).toBe(true);
    const perFlow = Object.fromEntries(p.agentflows.nodes.map((f: any) => [f.wexaId, f.executions.totalCount]));
    for (const flow of flows.data) {
      expect(perFlow[flow._id]).toBe(runs.data.filter((r: any) => r.agentflow_id === flow._id).length);
    }
    const withAgents = p.agentflows.nodes.find((f: any) => f.agents.length > 0);
    expect(withAgents.initialAgent.wexaId).toBeTruthy();
    expect(p.tasks).toMatchObject({ totalCount: tasks.total });
    expect(p.tasks.nodes.map((t: any) => t.wexaId)).toEqual(tasks.data.slice(0, 3).map((t: any) => t._id));
    expect(p.completedTasks.totalCount).toBe(tasks.data.filter((t: any) => t.status === 'completed').length);
    expect(p.completedTasks.nodes.every((t: any) => t.status === 'COMPLETED')).toBe(true);
    expect(p.executions.totalCount).toBe(runs.total);
    expect(p.failed.totalCount).toBe(runs.data.filter((r: any) => r.status === 'failed').length);
    expect(p.failed.totalCount).toBeGreaterThan(0);
    expect(p.dashboard.project.wexaId).toBe(PULSE);
    expect(p.dashboard.components.length).toBeGreaterThan(0);
    expect(p.dashboard.components.some((c: any) => c.layout && c.tab)).toBe(true);
    const tabbed = p.dashboard.tabs.flatMap((t: any) => t.components.map((c: any) => c.id));
    expect(tabbed.length).toBeGreaterThan(0);
    expect(p.connectors.totalCount).toBe(p.connectors.nodes.length);
    expect(p.connectors.nodes[0].project.wexaId).toBe(PULSE);
    expect(p.inbox.totalCount).toBeGreaterThan(0);
  });

  it('agentflow links agents with their LLM, skills and next agent', async () => {
    const flows = await read(`/agentflows?projectID=${PULSE}&skip=0&limit=1000`);
    const flow = flows.data.find((f: any) => f.agents.length > 1);
    const d = await data(
      `query ($id: ID!) { agentflow(id: $id) { wexaId name agents {
        wexaId title role roleDescription type llm { model temperature maxTokens }
        nextAgent { wexaId } skills { wexaId name } agentflow { wexaId } } } }`,
      { id: flow._id },
    );
    const agents = d.agentflow.agents;
    expect(agents.map((a: any) => a.wexaId)).toEqual(flow.agents.map((a: any) => a._id));
    expect(agents[0].nextAgent.wexaId).toBe(flow.agents[0].next_agent);
    expect(agents[0].llm).toEqual({
      model: flow.agents[0].llm.model,
      temperature: flow.agents[0].llm.temperature,
      maxTokens: flow.agents[0].llm.max_tokens,
    });
    expect(agents.every((a: any) => a.agentflow.wexaId === flow._id)).toBe(true);
  });

  it('task and execution read by their Wexa ids, with tree, counts and every execution field', async () => {
    const tasks = await read(`/tasks/${PULSE}?skip=0&limit=1000`);
    const task = tasks.data.find((t: any) => t.execution_nodes.some((n: any) => n.children.length > 0));
    const d = await data(
      `query ($p: ID!, $t: ID!, $e: ID!) {
        task(projectId: $p, id: $t) { wexaId name status statusRaw createdAt updatedAt createdBy { wexaId }
          project { wexaId } executions { wexaId status }
          executionTree { executionId type execution { wexaId } children { executionId execution { wexaId parent { wexaId } } } }
          executionStatusCounts { status count } }
        execution(projectId: $p, id: $e) { ${EXECUTION_FIELDS} }
      }`,
      { p: PULSE, t: task._id, e: task.execution_ids[0] },
    );
    expect(d.task).toMatchObject({ wexaId: task._id, statusRaw: task.status, project: { wexaId: PULSE } });
    expect(d.task.createdBy.wexaId).toBe(task.created_by);
    expect(d.task.executions.map((e: any) => e.wexaId)).toEqual(task.execution_ids);
    const root = d.task.executionTree[0];
    expect(root.executionId).toBe(task.execution_nodes[0].execution_id);
    const child = root.children[0];
    expect(child.execution.wexaId).toBe(task.execution_nodes[0].children[0].execution_id);
    // The seed records no parent_execution_id, so the link is null, as upstream says.
    expect(child.execution.parent).toBeNull();
    const counted = d.task.executionStatusCounts.reduce((sum: number, c: any) => sum + c.count, 0);
    expect(counted).toBe(task.execution_ids.length);
    const e = d.execution;
    expect(e).toMatchObject({ wexaId: task.execution_ids[0], project: { wexaId: PULSE }, task: { wexaId: task._id } });
    expect(e.agentflow.wexaId).toBeTruthy();
    expect(e.executedBy.wexaId).toBeTruthy();
    expect(Array.isArray(e.agentOutputs)).toBe(true);
  });

  it('connector reads by its Wexa id', async () => {
    const list = await read(`/connectors/${PULSE}`);
    const d = await data('query ($id: ID!) { connector(id: $id) { wexaId name category status project { wexaId } } }', {
      id: list.data[0]._id,
    });
    expect(d.connector).toMatchObject({ wexaId: list.data[0]._id, name: list.data[0].name });
  });
});

describe('node(id) and nodes(ids)', () => {
  it('refetch every Node type on its own from its global id', async () => {
    const d = await data(
      `query ($id: ID!) { project(id: $id) {
        id
        agentflows(first: 100) { nodes { id agents { id } } }
        tasks(first: 1) { nodes { id executions { id } } }
        dashboard { id }
        connectors(first: 1) { nodes { id } }
        inbox(first: 1) { nodes { id } }
      } }`,
      { id: PULSE },
    );
    const p = d.project;
    const ids: Record<string, string> = {
      Project: p.id,
      Agentflow: p.agentflows.nodes[0].id,
      Agent: p.agentflows.nodes.find((f: any) => f.agents.length > 0).agents[0].id,
      Task: p.tasks.nodes[0].id,
      Execution: p.tasks.nodes[0].executions[0].id,
      Dashboard: p.dashboard.id,
      Connector: p.connectors.nodes[0].id,
      InboxRequest: p.inbox.nodes[0].id,
    };
    for (const [typename, id] of Object.entries(ids)) {
      const one = await data('query ($id: ID!) { node(id: $id) { __typename id ... on Execution { status } } }', { id });
      expect(one.node).toMatchObject({ __typename: typename, id });
    }
    const many = await data('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: Object.values(ids) });
    expect(many.nodes.map((n: any) => n.__typename)).toEqual(Object.keys(ids));
  });

  it.each([
    ['not base64 of anything we issue', 'zzz'],
    ['an unknown type', Buffer.from('Secret:1').toString('base64')],
    ['a task id without its project', Buffer.from('Task:68213959c94a2119c56e083d').toString('base64')],
  ])('rejects a global id that is %s with BAD_USER_INPUT', async (_what, id) => {
    const result = await gw.gql('query ($id: ID!) { node(id: $id) { id } }', { id });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('paging', () => {
  const page = (first: number | null, after?: string | null) =>
    gw.gql(
      `query ($first: Int, $after: String) { projects(first: $first, after: $after) {
        totalCount edges { cursor node { wexaId } } nodes { wexaId }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { first, after },
    );

  it('walks first page, last page, and past the end', async () => {
    const first = (await page(2)).data!.projects;
    expect(first.totalCount).toBe(3);
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.endCursor).toBe(first.edges[1].cursor);

    const last = (await page(2, first.pageInfo.endCursor)).data!.projects;
    expect(last.nodes).toHaveLength(1);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const all = [...first.nodes, ...last.nodes].map((n: any) => n.wexaId);
    expect(new Set(all).size).toBe(3);

    const beyond = (await page(2, last.pageInfo.endCursor)).data!.projects;
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('answers first: 0 with no edges but the total', async () => {
    const empty = (await page(0)).data!.projects;
    expect(empty).toMatchObject({ totalCount: 3, edges: [], pageInfo: { hasNextPage: true } });
  });

  it('pages a project’s tasks with skip/limit upstream, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const result: any = await data(
        'query ($id: ID!, $after: String) { project(id: $id) { tasks(first: 40, after: $after) { nodes { wexaId } pageInfo { hasNextPage endCursor } } } }',
        { id: PULSE, after },
      );
      seen.push(...result.project.tasks.nodes.map((t: any) => t.wexaId));
      if (!result.project.tasks.pageInfo.hasNextPage) break;
      after = result.project.tasks.pageInfo.endCursor;
    }
    const upstream = await read(`/tasks/${PULSE}?skip=0&limit=1000`);
    expect(seen).toEqual(upstream.data.map((t: any) => t._id));
  });

  it.each([
    ['first over the maximum', { first: 101 }],
    ['negative first', { first: -1 }],
    ['a cursor we did not issue', { first: 1, after: 'bm9wZQ==' }],
    ['a cursor past any list', { first: 1, after: Buffer.from('OffsetConnection:5000000').toString('base64') }],
  ])('rejects %s with BAD_USER_INPUT', async (_what, args) => {
    const result = await page(args.first, 'after' in args ? args.after : null);
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  });
});
