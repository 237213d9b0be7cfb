/**
 * Which circuit breaker scope keeps one tenant's trouble from becoming everyone's? Runs the upstream
 * client (the layers of `src/wexa/`, default settings but no per-key limit) against the simulator, one
 * fresh client per breaker scope (`upstream`, `route`, `key`, `key-route`) and scenario:
 *
 * - **hammer**: key A hammers `GET /task/{id}`, which answers 503 to everyone; key B reads healthy
 *   endpoints (its customer, its project list, its project, its task list).
 * - **tenant-5xx**: every call of key A answers 503 (its organisation's data is broken, say); A and B
 *   read the same four endpoints.
 * - **tenant-slow**: every call of key A hangs (cut off by the attempt deadline); A and B read the same
 *   four endpoints.
 * - **route-down**: `GET /tasks/{projectID}` answers 503 to everyone; A and B read the four endpoints.
 *   Success is counted on the three healthy ones; the calls that still reach the failing route are the
 *   breaker's shedding.
 * - **outage**: every call answers 503; the calls that reach the upstream a second are the shedding.
 *
 * A runs 20 callers back to back, B 4 callers with a 20 ms pause, for `--seconds` each (default 6).
 * Then, with `--expose-gc`, the heap one breaker costs (10,000 breakers of distinct keys).
 *
 *   node --expose-gc --import tsx bench/breaker-scope.ts
 *   npx tsx bench/breaker-scope.ts --seconds 10 --scopes key,upstream
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { parseConfig, type Config } from '../src/config.js';
import { GatewayError } from '../src/errors.js';
import { startSimulator } from '../src/simulator/index.js';
import { createBreakers } from '../src/wexa/breakers.js';
import { createWexaClient } from '../src/wexa/client.js';
import type { WexaApi } from '../src/wexa/api.js';
import { sleep } from './stats.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '6' }, scopes: { type: 'string', default: 'upstream,route,key,key-route' } } });
const seconds = Number(values.seconds);
const scopes = values.scopes.split(',') as Config['breakerScope'][];

const PULSE = '67fdea40aac77be632954f13';
const DOC_TASK = '6805e3a97d3775bffdb87608';

const sim = await startSimulator({ port: 0, stepMs: 0, quiet: true });
const keyA = sim.keys.demo;
const keyB = sim.keys.other;
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}/__simulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as { total?: number; counts?: Record<string, number> };
};

/** A caller's reads, each named by its endpoint template. */
type Read = [endpoint: string, run: (api: WexaApi) => Promise<unknown>];
const mix = (projectId: string): Read[] => [
  ['GET /customer', (api) => api.customer.get()],
  ['GET /v1/project', (api) => api.projects.list({ limit: 5 })],
  ['GET /v1/project/{projectId}', (api) => api.projects.get(projectId)],
  ['GET /tasks/{projectID}', (api) => api.tasks.list(projectId, { limit: 5 })],
];

interface Tally {
  ok: number;
  failed: number;
}
const rate = (t: Tally) => (t.ok + t.failed === 0 ? NaN : t.ok / (t.ok + t.failed));

/** Runs `callers` loops of `reads` until `until`, counting outcomes (optionally only on some endpoints). */
async function callers(api: WexaApi, count: number, reads: Read[], until: number, pauseMs: number, tally: Tally, counted?: (endpoint: string) => boolean) {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      for (let n = i; performance.now() < until; n++) {
        const [endpoint, run] = reads[n % reads.length]!;
        let ok = true;
        try {
          await run(api);
        } catch (error) {
          if (!(error instanceof GatewayError)) throw error;
          ok = false;
        }
        if (!counted || counted(endpoint)) tally[ok ? 'ok' : 'failed'] += 1;
        // Even back to back, a caller yields to I/O (a refused call settles in microtasks only; over HTTP it never could).
        await (pauseMs > 0 ? sleep(pauseMs) : new Promise<void>((resolve) => setImmediate(resolve)));
      }
    }),
  );
}

interface Scenario {
  name: string;
  faults: Record<string, unknown>[];
  /** A's reads. */
  a: (orbit: string) => Read[];
  /** Which of B's endpoints count (all when unset). */
  healthy?: (endpoint: string) => boolean;
  /** Upstream calls counted as reaching the trouble (for the shedding figure). */
  troubled: (counts: Record<string, number>) => number;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const scenarios: Scenario[] = [
  {
    name: 'hammer',
    faults: [{ method: 'GET', path: '/task/', status: 503 }],
    a: () => [['GET /task/{id}', (api) => api.tasks.get(PULSE, DOC_TASK)]],
    troubled: (c) => c['GET /task/{id}'] ?? 0,
  },
  { name: 'tenant-5xx', faults: [{ apiKey: keyA, status: 503 }], a: () => mix(PULSE), troubled: () => NaN },
  { name: 'tenant-slow', faults: [{ apiKey: keyA, hang: true }], a: () => mix(PULSE), troubled: () => NaN },
  {
    name: 'route-down',
    faults: [{ method: 'GET', path: '/tasks/', status: 503 }],
    a: () => mix(PULSE),
    healthy: (e) => e !== 'GET /tasks/{projectID}',
    troubled: (c) => c['GET /tasks/{projectID}'] ?? 0,
  },
  { name: 'outage', faults: [{ status: 503 }], a: () => mix(PULSE), troubled: total },
];

const setup = createWexaClient(parseConfig({ wexaApiUrl: sim.url, rateLimitPerSecond: 0 }));
const orbit = (await setup.forKey(keyB, 'b').projects.list()).items[0]!.id;
await setup.close();

console.log(`${seconds} s per run; A: 20 callers back to back, B: 4 callers with a 20 ms pause; default breaker settings.`);
console.log('| scenario | scope | B success | A success | upstream calls/s | to the trouble/s |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const scenario of scenarios) {
  for (const scope of scopes) {
    const client = createWexaClient(parseConfig({ wexaApiUrl: sim.url, rateLimitPerSecond: 0, breakerScope: scope }));
    const a = client.forKey(keyA, 'key-a');
    const b = client.forKey(keyB, 'key-b');
    await control('DELETE', '/requests');
    await control('POST', '/faults', { rules: scenario.faults });
    const tallyA: Tally = { ok: 0, failed: 0 };
    const tallyB: Tally = { ok: 0, failed: 0 };
    const until = performance.now() + seconds * 1000;
    await Promise.all([
      callers(a, 20, scenario.a(orbit), until, 0, tallyA, scenario.healthy),
      callers(b, 4, mix(orbit), until, 20, tallyB, scenario.healthy),
    ]);
    const log = await control('GET', '/requests');
    await control('DELETE', '/faults');
    await client.close();
    const counts = log.counts ?? {};
    const perSecond = (n: number) => (Number.isNaN(n) ? '–' : (n / seconds).toFixed(0));
    console.log(
      `| ${scenario.name} | ${scope} | ${(rate(tallyB) * 100).toFixed(1)} % (${tallyB.ok + tallyB.failed}) | ${(rate(tallyA) * 100).toFixed(1)} % | ` +
        `${perSecond(total(counts))} | ${perSecond(scenario.troubled(counts))} |`,
    );
  }
}
await sim.close();

const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const count = 10_000;
  const breakers = createBreakers(parseConfig({ breakerMaxEntries: count }), pino({ level: 'silent' }), () => true);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) await breakers.for({ method: 'GET', keyHash: `key-${i}`, endpoint: 'GET /customer', path: '/customer', apiKey: '' }).execute(async () => 1);
  gc();
  console.log(`heap per breaker: ${Math.round((process.memoryUsage().heapUsed - before) / count)} bytes (${breakers.size()} held)`);
}
