/**
 * The live layer's upstream traffic, counted exactly from the simulator's request log: many
 * subscribers share one read and one poll stream, polling stops when they leave, transient failures
 * are ridden out, persistent ones end the subscription with a code, and `Retry-After` is honoured.
 */
import type { Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { PULSE } from './utils/ids.js';
import type { TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import {
  EXECUTION_UPDATED,
  createReadyExecution,
  executionState as statusOf,
  subscribe,
  wsClient,
  type Recording,
} from './utils/subscriptions.js';

const GET_EXECUTION = 'GET /execute_flow/{execution_id}';

let sim: TestSimulator;
// Each test starts a gateway of its own settings on the one simulator (closed with the stack).
const stack = useStack({ gateways: 0 }, (s) => ({ sim } = s));
const clients: Client[] = [];

afterAll(async () => {
  for (const ws of clients) await ws.dispose();
});

async function gateway(config: Record<string, unknown>): Promise<{ gw: TestGateway; ws: Client }> {
  const gw = await stack.startGateway({ config });
  const ws = wsClient(gw.url, sim.demoKey);
  clients.push(ws);
  return { gw, ws };
}

const getCount = async () => (await sim.counts())[GET_EXECUTION] ?? 0;

describe('one poll stream per resource and key', () => {
  it('100 subscribers share one read; pokes add exactly one read each; another key reads for itself; leaving stops it', async () => {
    // Identical GETs in flight are not shared by the upstream client here, so every read shows in the log.
    const { gw, ws } = await gateway({ pollMinMs: 60_000, pollMaxMs: 60_000, dedupeInflightGets: false });
    const live = gw.gateway.live;
    const id = await createReadyExecution(sim.url, sim.demoKey);
    await sim.advance(id);
    await sim.resetLog();

    const subs: Recording[] = Array.from({ length: 100 }, () => subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id }));
    await Promise.all(subs.map((s) => s.nth(1)));
    // The first subscriber's read seeded the watch; the other 99 shared it. The poller has not read yet.
    expect(await getCount()).toBe(1);
    expect(live.stats()).toEqual({ watches: 1, pollers: 1, subscribers: 100, reads: 1, polls: 0 });

    // Another organisation's key is another watch: it reads once for itself, and is refused.
    const stranger = wsClient(gw.url, sim.otherKey);
    const refused = subscribe(stranger, EXECUTION_UPDATED, { projectId: PULSE, id });
    await refused.done;
    await stranger.dispose();
    expect(refused.results[0]!.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await getCount()).toBe(2);
    expect(live.stats()).toMatchObject({ watches: 1, subscribers: 100, reads: 2 });

    for (let k = 1; k <= 3; k += 1) {
      live.executionChanged(PULSE, id);
      await expect.poll(getCount, { message: `poke ${k}` }).toBe(2 + k);
    }
    expect(live.stats().polls).toBe(3);
    expect(await getCount()).toBe(5);
    // Nothing changed: nobody got a second event.
    expect(subs.every((s) => s.results.length === 1)).toBe(true);

    // A change and a poke: one read, 100 deliveries.
    await sim.advance(id);
    live.executionChanged(PULSE, id);
    await Promise.all(subs.map((s) => s.nth(2)));
    expect(await getCount()).toBe(6);
    expect(subs.map((s) => s.results.map(statusOf))).toEqual(Array.from({ length: 100 }, () => ['RUNNING/0', 'RUNNING/1']));

    // A subscriber joining now starts from the watch's state, without a read of its own.
    const late = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    expect(statusOf(await late.nth(1))).toBe('RUNNING/1');
    expect(await getCount()).toBe(6);
    subs.push(late);

    for (const s of subs) s.stop();
    await expect.poll(() => live.stats().watches, { message: 'the watch to stop' }).toBe(0);
    expect(live.stats()).toEqual({ watches: 0, pollers: 0, subscribers: 0, reads: 2, polls: 4 });
  });

  it('stops polling once the last subscriber leaves', async () => {
    const { gw, ws } = await gateway({ pollMinMs: 20, pollMaxMs: 40 });
    const live = gw.gateway.live;
    const [id, control] = [await createReadyExecution(sim.url, sim.demoKey), await createReadyExecution(sim.url, sim.demoKey)];
    const subs = Array.from({ length: 5 }, () => subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id }));
    await Promise.all(subs.map((s) => s.nth(1)));
    await expect.poll(() => live.stats().polls, { message: 'a few polls' }).toBeGreaterThanOrEqual(5);
    expect(live.stats()).toMatchObject({ watches: 1, pollers: 1, subscribers: 5 });

    for (const s of subs) s.stop();
    await expect.poll(() => live.stats().watches, { message: 'the watch to stop' }).toBe(0);
    const gets = (await sim.requests()).filter((r) => r.path === `/execute_flow/${id}`).length;
    // Time passes by the clock of a watch that still runs: several of its poll intervals.
    const watching = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id: control });
    await watching.nth(1);
    const polls = live.stats().polls;
    await expect.poll(() => live.stats().polls, { message: 'five polls of another watch' }).toBeGreaterThanOrEqual(polls + 5);
    watching.stop();
    expect((await sim.requests()).filter((r) => r.path === `/execute_flow/${id}`)).toHaveLength(gets);
  });
});

describe('upstream failures', () => {
  const config = {
    pollMinMs: 20,
    pollMaxMs: 40,
    pollMaxFailures: 3,
    upstreamRetries: 0,
    upstreamMaxRetryAfterS: 0,
    breakerMinimumRps: 1_000_000,
  };
  const faulted = async (id: string) =>
    (await sim.requests()).filter((r) => r.path === `/execute_flow/${id}` && r.fault !== undefined);

  it('rides out transient errors without ending the subscription', async () => {
    const { ws } = await gateway(config);
    const id = await createReadyExecution(sim.url, sim.demoKey);
    const sub = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await sub.nth(1);
    await sim.setFaults([{ method: 'GET', path: `/execute_flow/${id}`, status: 503, times: 2 }]);
    await expect.poll(async () => (await faulted(id)).length, { message: 'two failed polls' }).toBe(2);
    await sim.advance(id);
    await sub.nth(2);
    expect(sub.results.map(statusOf)).toEqual(['READY/0', 'RUNNING/0']);
    expect(sub.completed).toBe(false);
    await sim.clearFaults();
    sub.stop();
  });

  it('ends the subscription with UPSTREAM_UNAVAILABLE after pollMaxFailures failures in a row', async () => {
    const { gw, ws } = await gateway(config);
    const id = await createReadyExecution(sim.url, sim.demoKey);
    const sub = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await sub.nth(1);
    await sim.setFaults([{ method: 'GET', path: `/execute_flow/${id}`, status: 503 }]);
    await sub.done;
    await expect.poll(() => gw.gateway.live.stats().watches, { message: 'the watch to end' }).toBe(0);
    expect(await faulted(id)).toHaveLength(3);
    await sim.clearFaults();
    expect(sub.results).toHaveLength(2);
    expect(sub.results[1]!.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(sub.results[1]!.errors?.[0]?.message).toMatch(/3 failed reads in a row/);
  });

  it('waits out Retry-After before polling again', async () => {
    const { ws } = await gateway(config);
    const id = await createReadyExecution(sim.url, sim.demoKey);
    await sim.setFaults([{ method: 'GET', path: `/execute_flow/${id}`, status: 429, retryAfter: 1, times: 1, latencyMs: 0 }]);
    // The subscriber's own read is the one rate limited: no subscription.
    const refused = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await refused.done;
    expect(refused.results[0]!.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);

    const sub = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await sub.nth(1);
    await sim.setFaults([{ method: 'GET', path: `/execute_flow/${id}`, status: 429, retryAfter: 1, times: 1 }]);
    await expect.poll(async () => (await faulted(id)).length, { message: 'a rate-limited poll' }).toBe(2);
    await sim.advance(id);
    await sub.nth(2);
    const log = (await sim.requests()).filter((r) => r.path === `/execute_flow/${id}` && r.method === 'GET');
    const limited = log.findLastIndex((r) => r.fault !== undefined);
    const next = log[limited + 1]!;
    expect(Date.parse(next.at) - Date.parse(log[limited]!.at)).toBeGreaterThanOrEqual(1_000);
    expect(sub.results.map(statusOf)).toEqual(['READY/0', 'RUNNING/0']);
    sub.stop();
  });
});
