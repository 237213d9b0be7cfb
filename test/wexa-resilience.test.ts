/**
 * The client's transport behaviour against the real simulator with injected faults: exact retry
 * counts (GET only), the circuit breaker, 429 with Retry-After, timeouts, dropped connections,
 * hostile ids rejected before sending, and de-duplication of concurrent GETs per key.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../src/config.js';
import { failure } from './utils/failure.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { DEMO_ORG, DOC_EXECUTION, DOC_FLOW, DOC_TASK, PULSE, UNKNOWN_ID } from './utils/ids.js';
import { testKeyHash } from './utils/key-hash.js';


let sim: TestSimulator;
const clients: WexaClient[] = [];

/**
 * A client with fast backoff, and no breaker interference and no hedged twin (which would add a call
 * whenever a slow machine stretches an attempt past the hedge delay) unless a test asks for them.
 */
function client(overrides: ConfigInput = {}): WexaClient {
  const c = createWexaClient(
    parseConfig({ wexaApiUrl: sim.url, upstreamRetryBaseMs: 1, breakerMinimumRps: 1_000_000, upstreamHedgeAfterMs: 0, ...overrides }),
  );
  clients.push(c);
  return c;
}


const logged = async () => (await sim.requests()).length;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterEach(async () => {
  await sim.reset();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.close();
});

describe('retries', () => {
  it('retries a GET under 503 exactly upstreamRetries times', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 503 }]);
    const error = await failure(client({ upstreamRetries: 2 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.statusCode).toBe(503);
    expect(error.endpoint).toBe('GET /task/{id}');
    expect(await sim.counts()).toEqual({ 'GET /task/{id}': 3 });
  });

  it('recovers when the 503 is transient', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 503, times: 1 }]);
    const task = await client({ upstreamRetries: 2 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK);
    expect(task.id).toBe(DOC_TASK);
    expect(await logged()).toBe(2);
  });

  it('never retries a POST under 503', async () => {
    await sim.setFaults([{ method: 'POST', status: 503 }]);
    const error = await failure(client({ upstreamRetries: 3 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).executions.pause(PULSE, DOC_EXECUTION));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await logged()).toBe(1);
  });

  it('retries a GET whose connection is dropped, but not a POST', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', drop: true, times: 1 }]);
    const task = await client({ upstreamRetries: 1 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK);
    expect(task.id).toBe(DOC_TASK);
    expect(await logged()).toBe(2);

    await sim.reset();
    await sim.setFaults([{ method: 'POST', drop: true, times: 1 }]);
    const error = await failure(client({ upstreamRetries: 3 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).dashboards.refresh(PULSE));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await logged()).toBe(1);
  });

  it('cuts off a hung upstream with the headers timeout', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', hang: true }]);
    const error = await failure(
      client({ upstreamRetries: 1, upstreamHeadersTimeoutMs: 150 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK),
    );
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toContain('no response headers in time');
    expect(error.statusCode).toBeUndefined();
    expect(await logged()).toBe(2);
  });
});

describe('hedged GETs', () => {
  it('answers a hung read from a twin sent after the hedge delay, long before the attempt deadline', async () => {
    // The first GET hangs for good; with a 60 s attempt deadline only the twin can answer within the test's time.
    await sim.setFaults([{ method: 'GET', path: '/task/', hang: true, times: 1 }]);
    const api = client({ upstreamHedgeAfterMs: 50, upstreamAttemptTimeoutMs: 60_000, upstreamDeadlineMs: 0 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const task = await api.tasks.get(PULSE, DOC_TASK);
    expect(task.id).toBe(DOC_TASK);
    const log = await sim.requests();
    expect(log.map((r) => r.fault ?? 'answered')).toEqual(['hang', 'answered']);
  });

  it('sends no twin for a read that answers or fails before the hedge delay, nor for a write', async () => {
    const api = client({ upstreamHedgeAfterMs: 5_000, upstreamRetries: 0 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    await api.tasks.get(PULSE, DOC_TASK);
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 503, times: 1 }]);
    expect((await failure(api.tasks.get(PULSE, DOC_TASK))).code).toBe('UPSTREAM_UNAVAILABLE');
    await sim.setFaults([{ method: 'POST', latencyMs: 150, times: 1 }]);
    const slowWrite = client({ upstreamHedgeAfterMs: 10 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    await slowWrite.dashboards.refresh(PULSE).catch(() => undefined);
    expect(await sim.counts()).toEqual({ 'GET /task/{id}': 2, 'POST /dashboard/refresh/{projectID}': 1 });
  });

  it('shares one twin between the callers of one shared read', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', hang: true, times: 1 }]);
    const api = client({ upstreamHedgeAfterMs: 50, upstreamAttemptTimeoutMs: 60_000, upstreamDeadlineMs: 0 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const tasks = await Promise.all(Array.from({ length: 5 }, () => api.tasks.get(PULSE, DOC_TASK)));
    expect(tasks.map((t) => t.id)).toEqual(Array(5).fill(DOC_TASK));
    expect(await sim.counts()).toEqual({ 'GET /task/{id}': 2 });
  });
});

describe('429 and Retry-After', () => {
  it('waits out a short Retry-After on a GET and succeeds (two requests)', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 429, retryAfter: 1, times: 1 }]);
    const task = await client({ upstreamRetries: 2, upstreamMaxRetryAfterS: 2 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK);
    expect(task.id).toBe(DOC_TASK);
    const requests = await sim.requests();
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails at once with RATE_LIMITED when Retry-After exceeds the cap', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 429, retryAfter: 30, times: 1 }]);
    const error = await failure(client({ upstreamMaxRetryAfterS: 2 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).tasks.get(PULSE, DOC_TASK));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfter).toBe(30);
    expect(await logged()).toBe(1);
  });

  it('never waits and retries a POST on 429', async () => {
    await sim.setFaults([{ method: 'POST', status: 429, retryAfter: 1, times: 1 }]);
    const error = await failure(client({ upstreamMaxRetryAfterS: 5 }).forKey(sim.demoKey, testKeyHash(sim.demoKey)).executions.pause(PULSE, DOC_EXECUTION));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfter).toBe(1);
    expect(await logged()).toBe(1);
  });
});

describe('circuit breaker', () => {
  it('opens on a failure rate over enough calls, fails fast without sending, and recovers after the half-open delay', async () => {
    // Window 10 s at 0.3 calls a second: the rate counts from the third call on. One breaker for every
    // call (the default judges each key's endpoints apart: test/wexa-breakers.test.ts).
    const api = client({ breakerMinimumRps: 0.3, breakerWindowMs: 10_000, breakerHalfOpenAfterMs: 300, upstreamRetries: 0, breakerScope: 'upstream' }).forKey(
      sim.demoKey,
      testKeyHash(sim.demoKey),
    );
    await sim.setFaults([{ method: 'GET', path: '/task/', status: 503 }]);
    for (let i = 0; i < 3; i++) expect((await failure(api.tasks.get(PULSE, DOC_TASK))).statusCode).toBe(503);
    expect(await logged()).toBe(3);

    const fast = await failure(api.tasks.get(PULSE, DOC_TASK));
    expect(fast.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(fast.statusCode).toBeUndefined();
    expect(fast.retryAfter).toBe(1);
    expect(fast.endpoint).toBe('GET /task/{id}');
    // With one breaker for every call, every endpoint of the origin is paused, not only the failing one.
    expect((await failure(api.customer.get())).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await logged()).toBe(3);

    await sim.clearFaults();
    // Until the half-open delay is over every call fails fast; then one is let through, and it succeeds.
    let task: { id: string } | undefined;
    const attempt = async () => (task = await api.tasks.get(PULSE, DOC_TASK).catch(() => undefined));
    await expect.poll(attempt, { message: 'the breaker to let a call through' }).toBeDefined();
    expect(task?.id).toBe(DOC_TASK);
    expect(await logged()).toBe(4);
    expect((await api.customer.get()).organizationId).toBe(DEMO_ORG);
    expect(await logged()).toBe(5);
  });

  it('counts 4xx answers as successes: a partly failing upstream stays usable', async () => {
    const api = client({ breakerMinimumRps: 0.2, breakerWindowMs: 10_000, breakerHalfOpenAfterMs: 60_000, upstreamRetries: 0 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    for (let i = 0; i < 4; i++) expect((await failure(api.tasks.get(PULSE, UNKNOWN_ID))).code).toBe('NOT_FOUND');
    // Three failures out of nine calls: under the 50 % rate, the breaker stays closed.
    for (let i = 0; i < 3; i++) {
      await sim.setFaults([{ method: 'GET', path: '/task/', status: 500, times: 1 }]);
      expect((await failure(api.tasks.get(PULSE, DOC_TASK))).statusCode).toBe(500);
      expect((await api.tasks.get(PULSE, DOC_TASK)).id).toBe(DOC_TASK);
    }
    expect(await logged()).toBe(10);
  });

  it('shares one attempt between waiters, and each waiter retries a hung attempt on its own', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', hang: true, times: 1 }]);
    const api = client({ upstreamRetries: 2, upstreamAttemptTimeoutMs: 200 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const tasks = await Promise.all([api.tasks.get(PULSE, DOC_TASK), api.tasks.get(PULSE, DOC_TASK), api.tasks.get(PULSE, DOC_TASK)]);
    expect(tasks.map((t) => t.id)).toEqual([DOC_TASK, DOC_TASK, DOC_TASK]);
    const requests = await sim.requests();
    // The hung attempt was shared; the retries that followed may share again but never exceed one per waiter.
    expect(requests[0]!.fault).toBe('hang');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.length).toBeLessThanOrEqual(4);
  });

  it('gives a read up to its overall deadline, then UPSTREAM_UNAVAILABLE', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', hang: true }]);
    const api = client({ upstreamRetries: 10, upstreamAttemptTimeoutMs: 100, upstreamDeadlineMs: 450 }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const error = await failure(api.tasks.get(PULSE, DOC_TASK));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toContain('did not answer in time');
    expect(await logged()).toBeLessThanOrEqual(5);
  });
});

describe('hostile ids', () => {
  const hostile = ['../x', '%2F', 'a?b', '#', '0'.repeat(25), '', '6805e3a97d3775bffdb8760/', '6805e3a97d3775bffdb8760%'];

  it('are rejected with BAD_USER_INPUT before any request is sent', async () => {
    const api = client().forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const calls: Array<(bad: string) => Promise<unknown>> = [
      (bad) => api.tasks.get(PULSE, bad),
      (bad) => api.tasks.get(bad, DOC_TASK),
      (bad) => api.tasks.stop(PULSE, bad),
      (bad) => api.executions.get(PULSE, bad),
      (bad) => api.executions.cancel(PULSE, bad),
      (bad) => api.projects.get(bad),
      (bad) => api.projects.delete(bad),
      (bad) => api.agentflows.get(bad),
      (bad) => api.agentflows.updateSkilledAgent(PULSE, DOC_FLOW, bad, {
        title: 't', role: 'r', roleDescription: 'd', skillIds: [], llm: { model: 'm', temperature: 0, maxTokens: 1 }, promptTemplate: 'p',
      }),
      (bad) => api.dashboards.deleteComponent(PULSE, bad),
      (bad) => api.connectors.get(bad),
      (bad) => api.executions.monitor(bad),
    ];
    let rejected = 0;
    for (const bad of hostile) {
      for (const call of calls) {
        const error = await failure(call(bad));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(/projectId|taskId|executionId|agentflowId|agentId|componentId|connectorId/);
        rejected++;
      }
    }
    expect(rejected).toBe(hostile.length * calls.length);
    expect(await logged()).toBe(0);
  });
});

describe('de-duplication of concurrent GETs', () => {
  it('shares one upstream call between identical GETs of one key', async () => {
    await sim.setFaults([{ method: 'GET', path: '/task/', latencyMs: 150 }]);
    const api = client().forKey(sim.demoKey, testKeyHash(sim.demoKey));
    const [a, b] = await Promise.all([api.tasks.get(PULSE, DOC_TASK), api.tasks.get(PULSE, DOC_TASK)]);
    expect(a.id).toBe(DOC_TASK);
    expect(b).toEqual(a);
    expect(await logged()).toBe(1);
  });

  it('shares across forKey() calls of the same key', async () => {
    await sim.setFaults([{ method: 'GET', path: '/customer', latencyMs: 150 }]);
    const c = client();
    await Promise.all([c.forKey(sim.demoKey, testKeyHash(sim.demoKey)).customer.get(), c.forKey(sim.demoKey, testKeyHash(sim.demoKey)).customer.get()]);
    expect(await logged()).toBe(1);
  });

  it('never shares between two keys', async () => {
    await sim.setFaults([{ method: 'GET', path: '/customer', latencyMs: 150 }]);
    const c = client();
    const [demo, other] = await Promise.all([c.forKey(sim.demoKey, testKeyHash(sim.demoKey)).customer.get(), c.forKey(sim.otherKey, testKeyHash(sim.otherKey)).customer.get()]);
    expect(demo.organizationId).toBe(DEMO_ORG);
    expect(other.organizationId).not.toBe(demo.organizationId);
    expect(await logged()).toBe(2);
  });

  it('sends every call when switched off, and never shares POSTs', async () => {
    await sim.setFaults([{ path: '/task/', latencyMs: 150 }]);
    const api = client({ dedupeInflightGets: false }).forKey(sim.demoKey, testKeyHash(sim.demoKey));
    await Promise.all([api.tasks.get(PULSE, DOC_TASK), api.tasks.get(PULSE, DOC_TASK)]);
    expect(await logged()).toBe(2);
    const shared = client().forKey(sim.demoKey, testKeyHash(sim.demoKey));
    await Promise.all([shared.tasks.pause(PULSE, DOC_TASK).catch(() => null), shared.tasks.pause(PULSE, DOC_TASK).catch(() => null)]);
    expect(await logged()).toBe(4);
  });
});
