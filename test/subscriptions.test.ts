/**
 * Live execution and task updates over graphql-ws against the simulator (manual lifecycle): the
 * current state first, every transition in order, completion after a terminal state, and clear
 * errors with codes. Polling is fast here (20–50 ms); tests wait for events, never for time.
 */
import type { Client as SseClient } from 'graphql-sse';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_SCANNER, PULSE, UNKNOWN_EXECUTION } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import {
  EXECUTION_UPDATED,
  createReadyExecution,
  executionState as state,
  mutateExecution,
  sseClient,
  subscribe,
  wireState,
  wsClient,
} from './utils/subscriptions.js';

const stack = useStack({ config: { pollMinMs: 20, pollMaxMs: 50, upstreamRetries: 0 } });
let ws: Client;
let sse: SseClient;
const clients: Client[] = [];

beforeAll(() => {
  ws = wsClient(stack.gw.url, stack.sim.demoKey);
  sse = sseClient(stack.gw.url, stack.sim.demoKey);
  clients.push(ws);
});

afterAll(async () => {
  for (const c of clients) await c.dispose();
  sse?.dispose();
});

const mutate = (name: Parameters<typeof mutateExecution>[1], id: string) => mutateExecution(stack.gw, name, id);
const stats = () => stack.gw.gateway.live.stats();
/** Under `npm run test:workers` the gateway is another process: its live layer's counters cannot be read. */
const inProcess = process.env.TEST_GATEWAY !== 'workers';

for (const transport of ['graphql-ws', 'graphql-sse'] as const) {
  describe(`executionUpdated over ${transport}`, () => {
    const client = () => (transport === 'graphql-ws' ? ws : sse);

    it('sends the current state first, then every transition in order, and completes after the terminal one', async () => {
      const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
      const sub = subscribe(client(), EXECUTION_UPDATED, { projectId: PULSE, id });
      const expected: string[] = [];

      expect(state(await sub.nth(1))).toBe('READY/0');
      expected.push('READY/0');
      // ready → running happens upstream (another client): the poller finds it.
      expected.push(wireState(await stack.sim.advance(id)));
      await sub.nth(expected.length);
      // pause and resume through the gateway.
      expect(await mutate('pauseExecution', id)).toBe('PAUSED');
      expected.push('PAUSED/0');
      await sub.nth(expected.length);
      expect(await mutate('resumeExecution', id)).toBe('RUNNING');
      expected.push('RUNNING/0');
      await sub.nth(expected.length);
      // Each agent step, up to the completion.
      for (;;) {
        const wire = await stack.sim.advance(id);
        expected.push(wireState(wire));
        await sub.nth(expected.length);
        if (wire.status === 'completed') break;
      }
      await sub.done;

      expect(sub.results.map(state)).toEqual(expected);
      expect(expected).toEqual(['READY/0', 'RUNNING/0', 'PAUSED/0', 'RUNNING/0', 'RUNNING/1', 'COMPLETED/2']);
      const last = sub.results.at(-1)!.data!.executionUpdated;
      expect(last.conclusion.markdown).toBeTruthy();
      expect(last.endedAt).toBeTruthy();
      expect(sub.completed).toBe(true);
      if (inProcess) await expect.poll(() => stats().watches, { message: 'the watch to stop' }).toBe(0);
    });

    it('ends with the failed state (and its error) for a failing goal', async () => {
      const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey, 'Scan the market #fail');
      const sub = subscribe(client(), EXECUTION_UPDATED, { projectId: PULSE, id });
      await sub.nth(1);
      await stack.sim.advance(id);
      await sub.nth(2);
      const wire = await stack.sim.advance(id);
      expect(wire.status).toBe('failed');
      await sub.done;
      expect(sub.results.map(state)).toEqual(['READY/0', 'RUNNING/0', 'FAILED/1']);
      const last = sub.results.at(-1)!.data!.executionUpdated;
      expect(last.error).toBeTruthy();
      expect(last.agentOutputs[0].status).toBe('failed');
    });

    it('sends a terminal execution once and completes at once', async () => {
      const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
      await mutate('cancelExecution', id);
      const sub = subscribe(client(), EXECUTION_UPDATED, { projectId: PULSE, id });
      await sub.done;
      expect(sub.results.map(state)).toEqual(['CANCELLED/0']);
    });
  });
}

describe('keys over graphql-ws', () => {
  it('accepts the key from the upgrade request header', async () => {
    const viaHeader = wsClient(stack.gw.url, stack.sim.demoKey, 'header');
    clients.push(viaHeader);
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    const sub = subscribe(viaHeader, EXECUTION_UPDATED, { projectId: PULSE, id });
    expect(state(await sub.nth(1))).toBe('READY/0');
    await mutate('cancelExecution', id);
    await sub.done;
    expect(sub.results.map(state)).toEqual(['READY/0', 'CANCELLED/0']);
  });
});

describe('errors', () => {
  const codeOf = async (client: Client | SseClient, variables: Record<string, unknown>, query = EXECUTION_UPDATED) => {
    const sub = subscribe(client, query, variables);
    await sub.done;
    expect(sub.results).toHaveLength(1);
    const [result] = sub.results;
    expect(result!.data ?? null).toBeNull();
    return result!.errors?.map((e) => e.extensions?.code);
  };

  it('refuses a subscription without a key with UNAUTHENTICATED', async () => {
    const anonymous = wsClient(stack.gw.url, null);
    clients.push(anonymous);
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    expect(await codeOf(anonymous, { projectId: PULSE, id })).toEqual(['UNAUTHENTICATED']);
  });

  it('answers NOT_FOUND for an unknown execution and BAD_USER_INPUT for a malformed id, over both transports', async () => {
    for (const client of [ws, sse]) {
      expect(await codeOf(client, { projectId: PULSE, id: UNKNOWN_EXECUTION })).toEqual(['NOT_FOUND']);
      expect(await codeOf(client, { projectId: PULSE, id: 'not-a-uuid' })).toEqual(['BAD_USER_INPUT']);
    }
  });

  it("answers FORBIDDEN to another organisation's key, without starting a watch", async () => {
    const other = wsClient(stack.gw.url, stack.sim.otherKey);
    clients.push(other);
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    const before = inProcess ? stats().polls : 0;
    expect(await codeOf(other, { projectId: PULSE, id })).toEqual(['FORBIDDEN']);
    if (inProcess) expect(stats()).toMatchObject({ watches: 0, polls: before });
  });

  it('ends a running subscription with NOT_FOUND when the execution disappears', async () => {
    const id = await createReadyExecution(stack.sim.url, stack.sim.demoKey);
    const sub = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await sub.nth(1);
    await stack.sim.setFaults([{ method: 'GET', path: `/execute_flow/${id}`, status: 404 }]);
    await sub.done;
    await stack.sim.clearFaults();
    expect(sub.results.map((r) => r.errors?.[0]?.extensions?.code ?? state(r))).toEqual(['READY/0', 'NOT_FOUND']);
  });
});

describe('taskUpdated and projectExecutions', () => {
  const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId task { wexaId } } } }`;

  it('follows a task until its execution is cancelled', async () => {
    const started = await stack.gw.gql(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: 'watch the task' } });
    const { wexaId: executionId, task } = started.data!.startExecution.execution;
    const sub = subscribe(ws, `subscription ($p: ID!, $id: ID!) { taskUpdated(projectId: $p, id: $id) { wexaId status executions { status } } }`, {
      p: PULSE,
      id: task.wexaId,
    });
    expect((await sub.nth(1)).data!.taskUpdated).toEqual({ wexaId: task.wexaId, status: 'RUNNING', executions: [{ status: 'RUNNING' }] });
    await mutate('cancelExecution', executionId);
    await sub.done;
    expect(sub.results.map((r) => r.data!.taskUpdated.status)).toEqual(['RUNNING', 'CANCELLED']);
  });

  it("shows related fields as they are at each event, not as they were at the first one", async () => {
    const started = await stack.gw.gql(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: 'watch the related task' } });
    const id = started.data!.startExecution.execution.wexaId;
    const sub = subscribe(ws, `subscription ($p: ID!, $id: ID!) { executionUpdated(projectId: $p, id: $id) { status task { status } } }`, {
      p: PULSE,
      id,
    });
    expect((await sub.nth(1)).data!.executionUpdated).toEqual({ status: 'RUNNING', task: { status: 'RUNNING' } });
    await mutate('cancelExecution', id);
    await sub.done;
    expect(sub.results.at(-1)!.data!.executionUpdated).toEqual({ status: 'CANCELLED', task: { status: 'CANCELLED' } });
  });

  it('sends new and changed executions of a project, without an initial burst', async () => {
    // Reads of the project's execution list: the live layer's own count in process, the simulator's
    // log when the gateway is another process (worker mode).
    const listReads = async () =>
      inProcess ? stats().polls : ((await stack.sim.counts())['GET /{projectID}/execution_flows'] ?? 0);
    const before = await listReads();
    const sub = subscribe(ws, `subscription ($p: ID!) { projectExecutions(projectId: $p) { wexaId status } }`, { p: PULSE });
    await expect.poll(listReads, { message: 'the project watch' }).toBeGreaterThan(before);
    const polls = await listReads();
    await expect.poll(listReads, { message: 'a few quiet polls' }).toBeGreaterThanOrEqual(polls + 2);
    expect(sub.results).toEqual([]);

    const started = await stack.gw.gql(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: 'watch the project' } });
    const id = started.data!.startExecution.execution.wexaId;
    expect((await sub.nth(1)).data!.projectExecutions).toEqual({ wexaId: id, status: 'RUNNING' });
    await mutate('pauseExecution', id);
    expect((await sub.nth(2)).data!.projectExecutions).toEqual({ wexaId: id, status: 'PAUSED' });
    await mutate('cancelExecution', id);
    expect((await sub.nth(3)).data!.projectExecutions).toEqual({ wexaId: id, status: 'CANCELLED' });
    expect(sub.completed).toBe(false);
    sub.stop();
    if (inProcess) await expect.poll(() => stats().watches, { message: 'the project watch to stop' }).toBe(0);
    expect(sub.results).toHaveLength(3);
  });
});
