/**
 * Two gateway replicas sharing one Redis (`config.redisUrl`) and one upstream: subscribers on both
 * replicas are served by exactly one poll stream, and when the polling replica shuts down, the other
 * takes the lease over and its subscribers keep receiving every change, in order, without repeats.
 *
 * The gateway's Redis prefixes are fixed, so the simulator gets a random seed: its execution ids, and
 * with them every watch, channel and lease name, are then unique to this run.
 */
import type { Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { startStack, type Stack } from './utils/stack.js';
import { DEMO_USER, PULSE } from './utils/ids.js';
import { EXECUTION_UPDATED, executionState as state, subscribe, wireState, wsClient, type Recording } from './utils/subscriptions.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Lease time of the replicas: short, so that a takeover is quick to wait for. */
const LEASE_MS = 600;

let stack: Stack;
let sim: TestSimulator;
let flowId: string;
let replicas: TestGateway[] = [];
const clients: Client[] = [];
const admin = new Redis(REDIS_URL);

const config = {
  redisUrl: REDIS_URL,
  pollMinMs: 25,
  pollMaxMs: 50,
  leaseMs: LEASE_MS,
  upstreamRetries: 0,
  // Every upstream read reaches the simulator, so its log can be compared with the replicas' counts.
  dedupeInflightGets: false,
};

beforeAll(async () => {
  // A random seed whose demo project has an agentflow of at least two agents (most seeds do).
  for (;;) {
    stack = await startStack({ simulator: { seed: 1 + Math.floor(Math.random() * 2 ** 30) }, gateways: 0 });
    sim = stack.sim;
    const found = await longestAgentflow(2);
    if (found !== null) {
      flowId = found;
      break;
    }
    await stack.close();
  }
  replicas = [await stack.startGateway({ config }), await stack.startGateway({ config })];
});

afterAll(async () => {
  for (const c of clients) await c.dispose();
  await stack?.close();
  await admin.quit();
});

const statsOf = (r: TestGateway) => r.gateway.live.stats();

/** The demo project's agentflow with the most agents, when it has at least `min` (ids depend on the seed). */
async function longestAgentflow(min: number): Promise<string | null> {
  const response = await fetch(`${sim.url}/agentflows?projectID=${PULSE}`, { headers: { 'x-api-key': sim.demoKey } });
  const flows = (await response.json()) as { data: { _id: string; agents: unknown[] }[] };
  const flow = [...flows.data].sort((a, b) => b.agents.length - a.agents.length)[0];
  return flow && flow.agents.length >= min ? flow._id : null;
}

/** A `ready` execution of that agentflow, created directly on the simulator. */
async function createExecution(): Promise<string> {
  const body = { agentflow_id: flowId, executed_by: DEMO_USER, goal: 'Review the contract', input_variables: {}, projectID: PULSE };
  const response = await fetch(`${sim.url}/execute_flow?projectID=${PULSE}`, {
    method: 'POST',
    headers: { 'x-api-key': sim.demoKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { execution_id: string }).execution_id;
}

describe('two replicas over Redis', () => {
  it('polls each watched execution from one replica only, and moves polling to the survivor when that replica stops', async () => {
    const id = await createExecution();
    const subs: Recording[][] = replicas.map((replica) => {
      const client = wsClient(replica.url, sim.demoKey);
      clients.push(client);
      return [subscribe(client, EXECUTION_UPDATED, { projectId: PULSE, id }), subscribe(client, EXECUTION_UPDATED, { projectId: PULSE, id })];
    });
    const all = subs.flat();
    for (const sub of all) expect(state(await sub.nth(1))).toBe('READY/0');
    await expect.poll(() => replicas.map((r) => statsOf(r).subscribers), { message: 'both replicas to hold their subscribers' }).toEqual([2, 2]);
    await expect.poll(() => replicas.map((r) => statsOf(r).pollers), { message: 'a replica to take the lease' }).toContain(1);

    // One watch per replica, one poller in all; the other replica never reads upstream.
    const pollerIndex = replicas.findIndex((r) => statsOf(r).pollers === 1);
    const polling = replicas[pollerIndex]!;
    const survivor = replicas[1 - pollerIndex]!;
    expect(replicas.map((r) => statsOf(r).watches)).toEqual([1, 1]);
    expect(statsOf(polling).pollers + statsOf(survivor).pollers).toBe(1);

    const expected = ['READY/0'];
    expected.push(wireState(await sim.advance(id))); // ready → running, seen on both replicas
    for (const sub of all) await sub.nth(expected.length);
    expect(all.map((sub) => sub.results.map(state))).toEqual(all.map(() => expected));
    expect(statsOf(survivor).polls).toBe(0);
    expect(statsOf(survivor).pollers).toBe(0);

    // The lease lives in Redis under the key's hash, never the key.
    const leaseKeys = await admin.keys(`wexa-graph:lease:*${id}`);
    expect(leaseKeys).toHaveLength(1);
    expect(leaseKeys[0]).not.toContain(sim.demoKey);

    // The polling replica shuts down (releasing its lease); the survivor takes over.
    await polling.close();
    await expect.poll(() => statsOf(survivor).pollers, { message: 'the survivor to take the lease over' }).toBe(1);
    const survivorSubs = subs[1 - pollerIndex]!;
    // At least two more steps (one per agent, the last one completing), all polled by the survivor.
    for (;;) {
      const wire = await sim.advance(id);
      expected.push(wireState(wire));
      for (const sub of survivorSubs) await sub.nth(expected.length);
      if (wire.status === 'completed') break;
    }
    for (const sub of survivorSubs) await sub.done;
    // Every change once, in order, across the takeover.
    expect(survivorSubs.map((sub) => sub.results.map(state))).toEqual([expected, expected]);
    expect(expected.at(-1)).toMatch(/^COMPLETED\//);
    expect(statsOf(survivor).polls).toBeGreaterThan(0);

    // Exactly one poll stream: the upstream saw the subscribers' first reads (one per replica, or one
    // per subscriber that found no state to share) plus the replicas' polls, nothing more. (The watch
    // is over, so no read is in flight any more.)
    await expect.poll(() => statsOf(survivor).watches, { message: 'the finished watch to stop' }).toBe(0);
    const reads = (await sim.requests()).filter((r) => r.method === 'GET' && r.path === `/execute_flow/${id}`);
    const [p, s] = [statsOf(polling), statsOf(survivor)];
    expect([p.reads, s.reads].every((n) => n >= 1 && n <= 2)).toBe(true);
    expect(reads).toHaveLength(p.reads + s.reads + p.polls + s.polls);
    // Shutting down waits for the watch's teardown, which gives the lease back (it does not wait to expire).
    await survivor.close();
    expect(await admin.keys(`wexa-graph:lease:*${id}`)).toEqual([]);
  });
});
