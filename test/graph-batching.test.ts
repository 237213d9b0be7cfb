/**
 * Batching and de-duplication: nested queries cost one upstream call per distinct resource and per
 * list, never one per parent. Expected counts are computed from the seed data the simulator serves
 * (read directly over HTTP with the demo key), then compared exactly with the simulator's request log.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { getJson } from './utils/graphql.js';
import { PULSE } from './utils/ids.js';
import type { TestSimulator } from './utils/simulator.js';
import { countsOf as countsOfStack, useStack } from './utils/stack.js';
import type { WireExecution, WireList, WireTask } from './utils/wire.js';

let sim: TestSimulator;
let gw: TestGateway;


const read = <T>(path: string) => getJson<T>(sim.url, path, sim.demoKey);

// By-id reads throughout: the choice of a list read over many by-id reads is tested in graph-screens.test.ts.
useStack({ config: { listReadMinIds: 0 } }, (s) => ({ sim, gw } = s));
beforeEach(async () => {
  await sim.reset();
});

/** A must-succeed query against a clean request log, with the upstream calls it cost. */
const countsOf = (query: string, variables?: Record<string, unknown>) => countsOfStack({ sim, gw }, query, variables);

describe('projects → agentflows → executions → task/agentflow', () => {
  const query = `{
    projects {
      nodes {
        agentflows { nodes { executions(first: 5) { nodes { task { name } agentflow { name } } } } }
      }
    }
  }`;

  /** The calls the query should cost, from the seed: lists per project, distinct tasks. */
  async function expectedCounts() {
    const pageSize = 20;
    const projects = await read<WireList<{ _id: string }>>(`/v1/project?page=1&limit=${pageSize + 1}`);
    const shown = projects.data.slice(0, pageSize);
    const taskIds = new Set<string>();
    let scans = 0;
    for (const project of shown) {
      const flows = await read<WireList<{ _id: string }>>(`/agentflows?projectID=${project._id}&skip=0&limit=${pageSize + 1}`);
      const flowIds = flows.data.slice(0, pageSize).map((f) => f._id);
      if (flowIds.length === 0) continue;
      scans += 1;
      const runs = await read<WireList<WireExecution>>(`/${project._id}/execution_flows?projectID=${project._id}&skip=0&limit=1000`);
      for (const flowId of flowIds) {
        for (const run of runs.data.filter((e) => e.agentflow_id === flowId).slice(0, 5)) {
          if (run.task_id) taskIds.add(`${project._id}/${run.task_id}`);
        }
      }
    }
    return {
      'GET /v1/project': 1,
      'GET /agentflows': shown.length,
      'GET /{projectID}/execution_flows': scans,
      'GET /task/{id}': taskIds.size,
    };
  }

  it('costs one call per list and per distinct task, and nothing for agentflows already listed', async () => {
    const expected = await expectedCounts();
    // The seed must make this test meaningful: several projects, and tasks shared by executions.
    expect(expected['GET /agentflows']).toBeGreaterThan(1);
    expect(expected['GET /task/{id}']).toBeGreaterThan(1);
    const { result, counts } = await countsOf(query);
    expect(counts).toEqual(expected);
    const flows = result.data!.projects.nodes.flatMap((p: any) => p.agentflows.nodes);
    const runs = flows.flatMap((f: any) => f.executions.nodes);
    expect(runs.length).toBeGreaterThan(expected['GET /task/{id}']);
  });

  it('costs nothing extra when the same selection repeats under aliases', async () => {
    const expected = await expectedCounts();
    const aliased = `{ a: ${query.slice(1, -1)} b: ${query.slice(1, -1)} }`;
    const { result, counts } = await countsOf(aliased);
    expect(counts).toEqual(expected);
    expect(result.data!.a).toEqual(result.data!.b);
  });
});

describe('project → tasks(first: 50) → executions → agentflow', () => {
  const query = `query ($id: ID!) {
    project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } }
  }`;

  it('costs one task list and one call per distinct agentflow, and no read of the project itself', async () => {
    const tasks = await read<WireList<WireTask>>(`/tasks/${PULSE}?skip=0&limit=51`);
    const shown = tasks.data.slice(0, 50);
    const flows = new Set<string>();
    let missingSummaries = 0;
    for (const task of shown) {
      for (const id of task.execution_ids.slice(0, 20)) {
        const summary = task.executions.find((e) => e.execution_id === id);
        if (summary) flows.add(summary.agentflow_id);
        else missingSummaries += 1;
      }
    }
    expect(missingSummaries).toBe(0);
    expect(flows.size).toBeGreaterThan(1);

    const { result, counts } = await countsOf(query, { id: PULSE });
    expect(counts).toEqual({
      'GET /tasks/{projectID}': 1,
      'GET /agentflow/{agentflow_id}': flows.size,
    });
    const runs = result.data!.project.tasks.nodes.flatMap((t: any) => t.executions);
    expect(runs.length).toBeGreaterThan(flows.size);
  });

  it('loads the full execution once, only when a field the task summary lacks is selected', async () => {
    const tasks = await read<WireList<WireTask>>(`/tasks/${PULSE}?skip=0&limit=6`);
    const runIds = new Set(tasks.data.slice(0, 5).flatMap((t) => t.execution_ids.slice(0, 20)));
    const { counts } = await countsOf(
      `query ($id: ID!) { project(id: $id) { tasks(first: 5) { nodes {
        executions { goal createdAt inputVariables again: createdAt } } } } }`,
      { id: PULSE },
    );
    expect(counts).toEqual({
      'GET /tasks/{projectID}': 1,
      'GET /execute_flow/{execution_id}': runIds.size,
    });
  });
});

describe('shared lists and primed loaders', () => {
  it('reads one project executions list for any number of filtered views of it', async () => {
    const { counts } = await countsOf(
      `query ($id: ID!) { project(id: $id) {
        done: executions(status: COMPLETED) { totalCount }
        failed: executions(status: FAILED) { totalCount }
        agentflows { nodes { executions { totalCount } running: executions(status: RUNNING) { totalCount } } }
      } }`,
      { id: PULSE },
    );
    expect(counts).toEqual({
      'GET /agentflows': 1,
      'GET /{projectID}/execution_flows': 1,
    });
  });

  it('serves by-id reads from the list that already returned the item', async () => {
    const { result, counts } = await countsOf(
      `query ($id: ID!) { project(id: $id) { agentflows { nodes {
        project { name }
        executions(first: 2) { nodes { agentflow { name project { wexaId } } } }
      } } } }`,
      { id: PULSE },
    );
    // Each execution's agentflow was primed by the agentflow list; each project link hits the cache.
    expect(counts).toEqual({
      'GET /v1/project/{projectId}': 1,
      'GET /agentflows': 1,
      'GET /{projectID}/execution_flows': 1,
    });
    const flows = result.data!.project.agentflows.nodes;
    expect(flows.flatMap((f: any) => f.executions.nodes).length).toBeGreaterThan(1);
  });

  it('reads one task list for any number of status-filtered task views', async () => {
    const tasks = await read<WireList<WireTask>>(`/tasks/${PULSE}?skip=0&limit=1000`);
    const completed = tasks.data.filter((t: any) => t.status === 'completed').length;
    const { result, counts } = await countsOf(
      `query ($id: ID!) { project(id: $id) {
        a: tasks(status: COMPLETED, first: 100) { totalCount nodes { wexaId } }
        b: tasks(status: FAILED) { totalCount }
      } }`,
      { id: PULSE },
    );
    expect(counts).toEqual({ 'GET /tasks/{projectID}': 1 });
    expect(result.data!.project.a.totalCount).toBe(completed);
  });
});
