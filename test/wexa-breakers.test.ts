/**
 * Finding: one breaker for all tenants. One key's failing calls (a key hammering an endpoint that
 * fails, or a key for which the upstream fails everywhere) must not pause another key's reads, the
 * upstream-wide breaker signal (readiness, the gauge) must not open for one key alone but must for an
 * outage, and breakers are held in a bounded LRU, never one per request.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createBreakers } from '../src/wexa/breakers.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import type { BreakerState } from '../src/wexa/observer.js';
import { failure } from './utils/failure.js';
import { DEMO_KEY, DOC_TASK, OTHER_KEY, PULSE } from './utils/ids.js';
import { testKeyHash } from './utils/key-hash.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';

let sim: TestSimulator;
let client: WexaClient;
const states: BreakerState[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  // A breaker may judge from its third call in the window; no retries, so every call is one exchange.
  client = createWexaClient(
    parseConfig({ wexaApiUrl: sim.url, breakerMinimumRps: 0.3, breakerWindowMs: 10_000, breakerHalfOpenAfterMs: 60_000, upstreamRetries: 0, upstreamHedgeAfterMs: 0 }),
    { observer: { onBreakerState: (state) => states.push(state) } },
  );
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe('one breaker for all tenants', () => {
  it("one key's failing calls pause that key only; the upstream-wide signal opens for an outage, not for one key; breakers stay bounded", async () => {
    const a = client.forKey(DEMO_KEY, testKeyHash(DEMO_KEY));
    const b = client.forKey(OTHER_KEY, testKeyHash(OTHER_KEY));
    const sent = async (route: string) => (await sim.requests()).filter((r) => `${r.method} ${r.route}` === route).length;

    // Key A hammers an endpoint that fails for everyone: after three failures its calls there fail fast.
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 503 }]);
    for (let i = 0; i < 6; i++) expect((await failure(a.tasks.get(PULSE, DOC_TASK))).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await sent('GET /task/{id}')).toBe(3);
    expect((await failure(a.tasks.get(PULSE, DOC_TASK))).message).toContain("this API key's requests to this endpoint are paused");
    // Key B's reads of healthy endpoints go through, and so do key A's.
    expect((await b.customer.get()).organizationId).toBeTruthy();
    expect((await b.projects.list()).items.length).toBeGreaterThan(0);
    expect((await a.projects.get(PULSE)).id).toBe(PULSE);

    // The upstream fails every call of key A: A's endpoints pause, B reads the very same endpoints.
    await sim.setFaults([{ apiKey: DEMO_KEY, status: 503 }]);
    for (let i = 0; i < 3; i++) {
      expect((await failure(a.customer.get())).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((await failure(a.projects.list())).code).toBe('UPSTREAM_UNAVAILABLE');
    }
    for (let i = 0; i < 3; i++) {
      expect((await b.customer.get()).organizationId).toBeTruthy();
      expect((await b.projects.list()).items.length).toBeGreaterThan(0);
    }
    // One key failing everywhere is not an upstream-wide failure (readiness stays ready).
    expect(states).toEqual([]);

    // An outage: B fails too (its breakers open once failures outweigh its earlier successes), and the
    // upstream-wide signal opens.
    await sim.setFaults([{ status: 503 }]);
    for (let i = 0; i < 8; i++) {
      expect((await failure(b.customer.get())).code).toBe('UPSTREAM_UNAVAILABLE');
      expect((await failure(b.projects.list())).code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(states).toEqual(['open']);

    // However many keys call, the breakers are an LRU of bounded size.
    const breakers = createBreakers(parseConfig({ breakerMaxEntries: 10 }), pino({ level: 'silent' }), () => true);
    for (let i = 0; i < 50; i++) breakers.for({ keyHash: `key-${i}`, endpoint: 'GET /customer' } as Parameters<typeof breakers.for>[0]);
    expect(breakers.size()).toBe(10);
  });
});
