/**
 * Worker mode (`src/cluster.ts`): two workers behind one port, live layer over Redis. The screen
 * costs the same upstream calls as in one process, subscribers on different connections (spread over
 * the workers by the cluster) all follow one execution, a mutation made on any worker reaches every
 * subscriber, and exactly one worker holds the poll lease of the watched execution. Without Redis the
 * primary refuses to start several workers and says why.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as WsClient } from 'graphql-ws';
import { PULSE } from './utils/ids.js';
import { EXECUTION_UPDATED, createReadyExecution, subscribe, wsClient } from './utils/subscriptions.js';
import { postGraphQL } from './utils/graphql.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { REDIS_URL, startWorkerGateway, type WorkerGateway } from './utils/workers.js';

const SCREEN = `query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }`;

let sim: TestSimulator;
let gw: WorkerGateway;
let redis: Redis;
const clients: WsClient[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  gw = await startWorkerGateway({ upstreamUrl: sim.url, workers: 2, config: { pollMinMs: 30, pollMaxMs: 60, upstreamRetries: 0 } });
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
}, 90_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await gw?.close();
  redis?.disconnect();
  await sim?.close();
});

describe('worker mode', () => {
  it('starts the workers it was asked for', () => {
    expect(gw.workers).toBe(2);
    expect(gw.output()).toContain('live updates shared across workers through Redis');
  });

  it('answers the screen with the same upstream calls as one process, whichever worker serves it', async () => {
    await sim.resetLog();
    const first = await postGraphQL(gw.url, SCREEN, { id: PULSE }, sim.demoKey);
    expect(first.errors).toBeUndefined();
    const calls = await sim.counts();
    expect(calls['GET /tasks/{projectID}']).toBe(1);
    // The executions' 5 agentflows come from one read of the project's agentflow list.
    expect(calls['GET /agentflows']).toBe(1);
    expect(calls['GET /agentflow/{agentflow_id}']).toBeUndefined();
    // Six more at once (several connections, which the cluster spreads over the workers): same answer.
    const again = await Promise.all(Array.from({ length: 6 }, () => postGraphQL(gw.url, SCREEN, { id: PULSE }, sim.demoKey)));
    for (const res of again) expect(res.data).toEqual(first.data);
  });

  it('lets subscribers on any worker follow one execution, with one poller and mutations from any worker', async () => {
    const id = await createReadyExecution(sim.url, sim.demoKey);
    const subs = Array.from({ length: 4 }, () => {
      const client = wsClient(gw.url, sim.demoKey);
      clients.push(client);
      return subscribe(client, EXECUTION_UPDATED, { projectId: PULSE, id });
    });
    for (const sub of subs) expect((await sub.nth(1)).data?.executionUpdated.status).toBe('READY');

    // One lease for the watched execution, whichever workers hold subscribers.
    const leases = await redis.keys(`${gw.redisPrefix}lease:*`);
    expect(leases).toHaveLength(1);

    await sim.advance(id); // ready → running, upstream: found by the one poller, fanned out over Redis
    for (const sub of subs) expect((await sub.nth(2)).data?.executionUpdated.status).toBe('RUNNING');

    // A cancel sent over HTTP lands on some worker; every subscriber sees it and the streams complete.
    const cancel = await postGraphQL(
      gw.url,
      'mutation ($input: CancelExecutionInput!) { cancelExecution(input: $input) { execution { status } } }',
      { input: { projectId: PULSE, executionId: id } },
      sim.demoKey,
    );
    expect(cancel.errors).toBeUndefined();
    for (const sub of subs) {
      await sub.done;
      expect(sub.results.map((r) => r.data?.executionUpdated.status)).toEqual(['READY', 'RUNNING', 'CANCELLED']);
    }
    await expect.poll(() => redis.keys(`${gw.redisPrefix}lease:*`), { message: 'the lease to be released' }).toEqual([]);
  });
});

describe('worker mode without Redis', () => {
  it('starts one worker and says why', async () => {
    const single = await startWorkerGateway({ upstreamUrl: sim.url, workers: 2, redis: false });
    try {
      expect(single.workers).toBe(1);
      expect(single.output()).toMatch(/WORKERS=2 needs REDIS_URL.*Starting 1 worker/);
      const res = await postGraphQL(single.url, '{ projects(first: 1) { totalCount } }', undefined, sim.demoKey);
      expect(res.errors).toBeUndefined();
    } finally {
      await single.close();
    }
  }, 90_000);
});
