/**
 * Keeping within an upstream's per-key quota (a SaaS plan: N calls in flight, M a second) instead of
 * passing its 429s on: with `rateLimitConcurrency` and `rateLimitMaxWaitMs` the gateway's calls wait
 * their turn, the user gets the whole answer, and the upstream refuses nothing. Real gateway over HTTP
 * against the simulator's quota (`/__simulator/quota`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DOC_FLOW, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

// One project list, then the three projects' agentflow lists at once: four calls, three in parallel.
const FAN_OUT = '{ projects { nodes { name agentflows { nodes { name } } } } }';

describe('an upstream with a per-key quota', () => {
  const stack = useStack({ gateways: 0 });
  const quota = async (method: 'POST' | 'DELETE' | 'GET', body?: unknown) => {
    const res = await fetch(`${stack.sim.url}/__simulator/quota`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as { admitted: number; refused: { concurrency: number; rate: number } };
  };

  afterEach(async () => {
    await quota('DELETE');
    await stack.sim.clearFaults();
  });

  it('holds a key to its concurrency: the parallel reads wait for a slot and the upstream refuses none', async () => {
    await stack.sim.setFaults([{ latencyMs: 50 }]); // keeps the parallel reads in flight together
    await quota('POST', { concurrent: 2 });
    const capped = await stack.startGateway({ config: { rateLimitPerSecond: 0, rateLimitConcurrency: 2, rateLimitMaxWaitMs: 5_000 } });
    const res = await capped.gql(FAN_OUT);
    expect(res.errors).toBeUndefined();
    expect(res.data!.projects.nodes).toHaveLength(3);
    expect(await quota('GET')).toMatchObject({ admitted: 4, refused: { concurrency: 0, rate: 0 } });

    // The same read without the cap runs into the upstream's limit (and retries after its Retry-After).
    await quota('POST', { concurrent: 2 });
    const uncapped = await stack.startGateway({ config: { rateLimitPerSecond: 0 } });
    await uncapped.gql(FAN_OUT);
    expect((await quota('GET')).refused.concurrency).toBeGreaterThan(0);
  });

  it('paces a key over its rate instead of refusing it, when the wait is allowed', async () => {
    // The gateway's one-second windows need not line up with the upstream's: at half the upstream's
    // rate, no upstream window can see more than it allows.
    await quota('POST', { perSecond: 4 });
    const paced = await stack.startGateway({ config: { rateLimitPerSecond: 2, rateLimitBurstPerMinute: 0, rateLimitMaxWaitMs: 5_000 } });
    const res = await paced.gql(FAN_OUT);
    expect(res.errors).toBeUndefined();
    expect(res.data!.projects.nodes.map((p: { agentflows: { nodes: unknown[] } }) => p.agentflows.nodes.length).every((n: number) => n > 0)).toBe(true);
    expect(await quota('GET')).toMatchObject({ admitted: 4, refused: { concurrency: 0, rate: 0 } });
  });

  it("honours an upstream 429's Retry-After for the whole key: a call during the pause is not sent", async () => {
    const gw = await stack.startGateway({ config: { rateLimitPerSecond: 0, rateLimitMaxWaitMs: 500 } });
    await stack.sim.resetLog();
    await stack.sim.setFaults([{ path: '/v1/project/', status: 429, retryAfter: 2, times: 1 }]);
    const first = gw.gql(`{ project(id: "${PULSE}") { name } }`);
    await expect.poll(async () => (await stack.sim.requests()).some((r) => r.status === 429)).toBe(true);

    // Two seconds of pause are more than this gateway lets a call wait: refused unsent.
    const during = await gw.gql(`{ agentflow(id: "${DOC_FLOW}") { name } }`);
    expect(during.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(during.errors?.[0]?.message).toContain('asked it to wait');
    // The read that met the 429 waits it out and is answered.
    expect((await first).errors).toBeUndefined();
    expect(await stack.sim.counts()).toEqual({ 'GET /v1/project/{projectId}': 2 });
  });

  it('still refuses at once with RATE_LIMITED when no wait is allowed (the default)', async () => {
    const strict = await stack.startGateway({ config: { rateLimitPerSecond: 2, rateLimitBurstPerMinute: 0 } });
    const res = await strict.gql(FAN_OUT);
    expect(res.errors?.map((e) => e.extensions?.code)).toContain('RATE_LIMITED');
  });
});
