/**
 * The whole-screen queries of `bench/queries.ts` and `bench/peers.ts`, with the exact upstream calls
 * each costs on the seed the simulator serves (written out, each with why): where the gateway reads a
 * project's task list instead of many tasks by id, and where it does not read a parent whose own fields
 * nobody asked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { DOC_EXECUTION, DOC_TASK, PULSE, UNKNOWN_ID } from './utils/ids.js';
import type { TestSimulator } from './utils/simulator.js';
import { countsOf as countsOfStack, useStack } from './utils/stack.js';

let sim: TestSimulator;
let gw: TestGateway;

/** The gateway reads a project's task list instead of its tasks by id from 3 distinct tasks, up to 100 listed. */
const MIN_IDS = 3;
const MAX_ITEMS = 100;

const stack = useStack({ config: { listReadMinIds: MIN_IDS, listReadMaxItems: MAX_ITEMS } }, (s) => ({ sim, gw } = s));
beforeEach(async () => {
  await sim.reset();
});

/** A must-succeed query against a clean request log, with the upstream calls it cost. */
const countsOf = (query: string, variables?: Record<string, unknown>) => countsOfStack({ sim, gw }, query, variables);

describe('projects → agentflows → executions(first: 5) → task + agentflow', () => {
  const query = `{ projects { nodes { agentflows { nodes { executions(first: 5) { nodes { task { name } agentflow { name } } } } } } } }`;

  it('reads each project’s task list once instead of its tasks one by one, when it holds several', async () => {
    const { data, counts } = await countsOf(query);
    // The seed's 3 projects (one project list) each have agentflows (6, 3 and 3: one agentflow list per
    // project) and executions (one scan of each project's executions). The first five executions of each
    // agentflow name 21, 13 and 11 distinct tasks, all at least listReadMinIds (3): each project's task
    // list once (3) instead of 45 task reads. Those lists (93, 80 and 80 tasks) fit in listReadMaxItems
    // (100), so no task is left to read by id.
    expect(counts).toEqual({ 'GET /v1/project': 1, 'GET /agentflows': 3, 'GET /{projectID}/execution_flows': 3, 'GET /tasks/{projectID}': 3 });
    const names = data.projects.nodes.flatMap((p: any) => p.agentflows.nodes.flatMap((f: any) => f.executions.nodes.map((e: any) => e.task?.name)));
    // More task names than the 45 distinct tasks: executions share tasks, which is what makes the list worth reading.
    expect(names.length).toBeGreaterThan(45);
  });

  it('gives the same answer as by-id reads', async () => {
    const listed = (await countsOf(query)).data;
    const byId = await startByIdGateway();
    try {
      const res = await byId.gql(query);
      expect(res.data).toEqual(listed);
    } finally {
      await byId.close();
    }
  });
});

describe('project → tasks(first: 50) → executions → agentflow (the peers’ screen)', () => {
  const query = `query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }`;

  it('reads the task list and the agentflow list once each, and not the project, whose own fields nobody asked', async () => {
    const { data, counts } = await countsOf(query, { id: PULSE });
    // One page of Pulse's task list (its first 50 of 93 tasks, executions embedded); those executions ran
    // 5 distinct agentflows of Pulse, which cost one read of Pulse's agentflow list instead of 5 by id.
    expect(counts).toEqual({ 'GET /tasks/{projectID}': 1, 'GET /agentflows': 1 });
    const names = (data.project.tasks.nodes as { executions: { agentflow: { name: string } | null }[] }[]).flatMap((t) =>
      t.executions.map((e) => e.agentflow?.name),
    );
    expect(names.length).toBeGreaterThan(5);
    expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(5);
  });

  it('reads the project when one of its own fields is selected, even through a fragment', async () => {
    const { data, counts } = await countsOf(
      `query ($id: ID!) { project(id: $id) { ...P tasks(first: 1) { totalCount } } } fragment P on Project { name }`,
      { id: PULSE },
    );
    expect(data.project.name).toBe('Pulse');
    expect(counts).toEqual({ 'GET /v1/project/{projectId}': 1, 'GET /tasks/{projectID}': 1 });
  });

  it('still answers NOT_FOUND for a project that does not exist', async () => {
    const res = await gw.gql(`{ project(id: "${UNKNOWN_ID}") { tasks(first: 1) { totalCount } } }`);
    expect(res.data?.project).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('execution → task (a task reached from an execution)', () => {
  const one = (selection: string) =>
    `query ($p: ID!, $e: ID!) { execution(projectId: $p, id: $e) { id task { ${selection} } } }` +
    (selection.includes('...T') ? ' fragment T on Task { name }' : '');
  const vars = { p: PULSE, e: DOC_EXECUTION };

  it('does not read the task when only its ids are asked', async () => {
    const { data, counts } = await countsOf(one('__typename id wexaId'), vars);
    expect(data.execution.task.wexaId).toBe(DOC_TASK);
    expect(counts).toEqual({ 'GET /execute_flow/{execution_id}': 1 });
  });

  it('reads the project, not the task, for the task’s project', async () => {
    const { data, counts } = await countsOf(one('id project { name }'), vars);
    expect(data.execution.task.project.name).toBe('Pulse');
    expect(counts).toEqual({ 'GET /execute_flow/{execution_id}': 1, 'GET /v1/project/{projectId}': 1 });
  });

  it('answers a task the upstream no longer has by its ids alone, and null once one of its own fields is asked', async () => {
    await sim.setFaults([{ method: 'GET', path: `/task/${DOC_TASK}`, status: 404 }]);
    const stub = await countsOf(one('wexaId'), vars);
    expect(stub.data.execution.task).toEqual({ wexaId: DOC_TASK });
    const read = await countsOf(one('wexaId name'), vars);
    expect(read.data.execution.task).toBeNull();
    expect(read.counts['GET /task/{id}']).toBe(1);
  });

  it('reads the task when one of its own fields is selected, directly or through a fragment', async () => {
    for (const selection of ['id name', 'id ...T', 'id ... on Task { name }']) {
      const { data, counts } = await countsOf(one(selection), vars);
      expect(data.execution.task.name).toEqual(expect.any(String));
      expect(counts).toEqual({ 'GET /execute_flow/{execution_id}': 1, 'GET /task/{id}': 1 });
    }
  });

  it('gives the same ids whether the task is read or not', async () => {
    const stub = (await countsOf(one('id wexaId'), vars)).data.execution.task;
    const loaded = (await countsOf(one('id wexaId name'), vars)).data.execution.task;
    expect(stub).toEqual({ id: loaded.id, wexaId: loaded.wexaId });
    const node = await gw.gql(`query ($id: ID!) { node(id: $id) { ... on Task { wexaId } } }`, { id: stub.id });
    expect(node.data).toEqual({ node: { wexaId: DOC_TASK } });
  });

  describe('over a project’s executions', () => {
    const list = (selection: string) =>
      `query ($id: ID!) { project(id: $id) { executions(first: 50) { nodes { task { ${selection} } } } } }`;

    it('reads no task, neither by id nor through the task list, when only ids are asked', async () => {
      const { data, counts } = await countsOf(list('id wexaId'), { id: PULSE });
      const tasks = data.project.executions.nodes.flatMap((e: any) => (e.task ? [e.task.wexaId] : []));
      expect(new Set(tasks).size).toBeGreaterThanOrEqual(MIN_IDS);
      expect(counts).toEqual({ 'GET /{projectID}/execution_flows': 1 });
    });

    it('answers the same ids as when the tasks are read', async () => {
      const ids = (await countsOf(list('id wexaId'), { id: PULSE })).data.project.executions.nodes;
      const read = await countsOf(list('id wexaId name'), { id: PULSE });
      expect(read.counts['GET /tasks/{projectID}']).toBe(1);
      expect(ids).toEqual(
        read.data.project.executions.nodes.map((e: any) => ({ task: e.task && { id: e.task.id, wexaId: e.task.wexaId } })),
      );
    });
  });
});

/** A second gateway on the same simulator that never chooses list reads. */
const startByIdGateway = () => stack.startGateway({ config: { listReadMinIds: 0 } });
