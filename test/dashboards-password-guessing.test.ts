/**
 * Finding 1: password guessing was not limited under concurrency. The wrong-password limit was a
 * check before the (slow, scrypt) verification and a count after it, so 100 parallel wrong guesses
 * were all verified (all 403) and one GraphQL request with 25 aliases of `publicDashboard` verified all
 * 25. Now a try is reserved atomically before each verification (and given back for a right
 * password), per slug and client plus a ceiling per slug, in Redis when the gateway has it and in the
 * store otherwise; and scrypt runs at most `DASHBOARD_PASSWORD_CHECKS` at once.
 *
 * Other clients are real: requests leave from other loopback addresses (127.0.0.2, …), so the gateway
 * sees another remote address, as it would for another viewer.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config.js';
import { registerSecret } from './setup/no-secrets.js';
import { createClock, createTestStore, ENGINES, originOf, rest, type TestStore } from './utils/dashboards.js';
import { PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import { REDIS_URL, startWorkerGateway, type WorkerGateway } from './utils/workers.js';

const BASE = '/api/v1/analytics/dashboards';
const PASSWORD = 'correct horse battery staple';
registerSecret(PASSWORD);
/** Three wrong passwords per slug and client, six per slug from everyone. */
const LIMITS: ConfigInput = { dashboardPasswordMaxFailures: 3, dashboardPasswordSlugMaxFailures: 6, dashboardSchedulerTickMs: 0 };

interface Answer {
  status: number;
  json: any;
}

/** POSTs JSON to `origin + path` on a new connection from `from` (a loopback address). */
function postFrom(origin: string, path: string, body: unknown, from = '127.0.0.1'): Promise<Answer> {
  const url = new URL(path, origin);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data === '' ? null : JSON.parse(data) }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** How many answers had each status, e.g. `{403: 3, 429: 197}`. */
function tally(answers: Answer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

/** The GraphQL error codes of an answer, counted. */
function codeTally(answer: Answer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of (answer.json.errors ?? []) as { extensions?: { code?: string } }[]) {
    const code = e.extensions?.code ?? 'none';
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

/** 25 aliases of `publicDashboard` with wrong passwords, in one document. */
const ALIASES = `query ($s: String!) { ${Array.from({ length: 25 }, (_, i) => `g${i}: publicDashboard(slug: $s, password: "wrong ${i}") { title }`).join(' ')} }`;
const RIGHT = `query ($s: String!, $p: String) { publicDashboard(slug: $s, password: $p) { title } }`;

/** What every variant below runs against: gateways' origins (requests alternate between them). */
interface Target {
  origins: () => string[];
  /** A new published dashboard behind PASSWORD; resolves to its slug. */
  publish(title: string): Promise<string>;
}

function publisher(origins: () => string[]): Target['publish'] {
  return async (title) => {
    const origin = origins()[0]!;
    const id = (await rest(origin, 'POST', BASE, { projectId: PULSE, title })).json.dashboard.id;
    const published = await rest(origin, 'POST', `${BASE}/${id}/publish`, { password: PASSWORD });
    expect(published.status).toBe(200);
    return published.json.slug as string;
  };
}

/** The three behaviours every deployment must show (store, Redis, workers). */
function guessingTests(target: Target): void {
  const open = (slug: string, password: string, from?: string, i = 0) => {
    const origins = target.origins();
    return postFrom(origins[i % origins.length]!, `/api/v1/public/dashboards/${slug}`, { password }, from);
  };

  it('verifies at most the limit of 200 parallel wrong REST guesses from one client; the right password from another client still opens', async () => {
    const slug = await target.publish('Two hundred guesses');
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => open(slug, `wrong ${i}`, '127.0.0.1', i)));
    expect(tally(answers)).toEqual({ 403: 3, 429: 197 });
    expect(answers.filter((a) => a.status === 403).every((a) => a.json.error === 'forbidden')).toBe(true);
    expect(answers.filter((a) => a.status === 429).every((a) => a.json.error === 'rate_limited')).toBe(true);

    // That client waits, even with the right password; another client is not locked out by it.
    expect((await open(slug, PASSWORD, '127.0.0.1')).status).toBe(429);
    const other = await open(slug, PASSWORD, '127.0.0.2');
    expect([other.status, other.json.dashboard?.title]).toEqual([200, 'Two hundred guesses']);
  });

  it('verifies at most the limit of 25 aliased guesses in one GraphQL request, per client', async () => {
    const slug = await target.publish('Aliased guesses');
    const origin = target.origins()[0]!;
    const guessed = await postFrom(origin, '/graphql', { query: ALIASES, variables: { s: slug } }, '127.0.0.1');
    expect(codeTally(guessed)).toEqual({ FORBIDDEN: 3, RATE_LIMITED: 22 });
    const other = await postFrom(origin, '/graphql', { query: RIGHT, variables: { s: slug, p: PASSWORD } }, '127.0.0.2');
    expect(other.json).toEqual({ data: { publicDashboard: { title: 'Aliased guesses' } } });
  });

  it('stops every client at the per-slug ceiling', async () => {
    const slug = await target.publish('Ceiling');
    const guesses = await Promise.all(
      ['127.0.0.3', '127.0.0.4', '127.0.0.5'].flatMap((from, c) => Array.from({ length: 5 }, (_, i) => open(slug, `wrong ${c}.${i}`, from, i))),
    );
    // Three clients of three tries each, but six for the slug.
    expect(tally(guesses)).toEqual({ 403: 6, 429: 9 });
    expect((await open(slug, PASSWORD, '127.0.0.6')).status).toBe(429);
  });
}

describe.each(ENGINES)('finding 1: password guessing is limited under concurrency, counted in the store on %s (two replicas)', (engine) => {
  const clock = createClock();
  const stack = useStack({ store: engine, gateways: 2, config: LIMITS, deps: { now: clock.now } });
  const origins = () => stack.gws.map((g) => originOf(g.url));
  guessingTests({ origins, publish: publisher(origins) });

  it('gives the try back for a right password, and opens the slug again when the window ends', async () => {
    const slug = await publisher(origins)('Window');
    const open = (password: string, from = '127.0.0.7') => postFrom(origins()[0]!, `/api/v1/public/dashboards/${slug}`, { password }, from);
    expect((await open('wrong 1')).status).toBe(403);
    expect((await open('wrong 2')).status).toBe(403);
    for (let i = 0; i < 5; i += 1) expect((await open(PASSWORD)).status).toBe(200);
    expect((await open('wrong 3')).status).toBe(403);
    const locked = await open(PASSWORD);
    expect(locked.status).toBe(429);
    clock.advance(900);
    expect((await open(PASSWORD)).status).toBe(200);
    // The counters are rows of the store.
    expect((await stack.store.rawRows('dashboard_password_tries')).length).toBeGreaterThan(0);
  });
});

describe('finding 1: password guessing is limited under concurrency, counted in Redis (two replicas)', () => {
  const prefix = `wexa-graph-test:${randomUUID()}:`;
  const stack = useStack({ store: 'sqlite', gateways: 2, config: { ...LIMITS, redisUrl: REDIS_URL, redisPrefix: prefix } });
  const origins = () => stack.gws.map((g) => originOf(g.url));
  guessingTests({ origins, publish: publisher(origins) });

  it('keeps the counters in Redis, not in the store', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      expect((await redis.keys(`${prefix}dashboards:password:*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    expect(await stack.store.rawRows('dashboard_password_tries')).toEqual([]);
  });
});

describe('finding 1: password guessing is limited under concurrency, over a two-worker gateway with Redis', () => {
  const stack = useStack({ gateways: 0 });
  let store: TestStore;
  let workers: WorkerGateway | undefined;
  beforeAll(async () => {
    store = createTestStore('sqlite');
    workers = await startWorkerGateway({ upstreamUrl: stack.sim.url, workers: 2, config: { ...store.config, ...LIMITS } });
  }, 180_000);
  afterAll(async () => {
    await workers?.close();
    await store?.drop();
  });
  const origins = () => [originOf(workers!.url)];
  guessingTests({ origins, publish: publisher(origins) });
});

describe('finding 1: scrypt verifications run at most DASHBOARD_PASSWORD_CHECKS at once', () => {
  const stack = useStack({ config: { dashboardPasswordMaxFailures: 500, dashboardPasswordSlugMaxFailures: 500, dashboardPasswordChecks: 2, dashboardSchedulerTickMs: 0 } });

  it('verifies 100 parallel guesses two at a time', async () => {
    const slug = await publisher(() => [originOf(stack.gw.url)])('Two at a time');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => postFrom(originOf(stack.gw.url), `/api/v1/public/dashboards/${slug}`, { password: `wrong ${i}` })),
    );
    expect(tally(answers)).toEqual({ 403: 100 });
    expect(stack.gw.gateway.dashboards.passwordChecks()).toEqual({ running: 0, waiting: 0, peak: 2 });
  });
});
