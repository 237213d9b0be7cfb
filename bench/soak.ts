/**
 * Soak: the gateway (a child process, `--expose-gc`) against the simulator with about 21 % upstream
 * faults (5xx, hangs, resets, 429) for N minutes, with 200 HTTP clients reading with a 250 ms pause
 * between requests (one of them also starting executions) and 1,000 subscriptions over 50 graphql-ws sockets. Prints throughput, errors
 * by code, latency p50/p99, the gateway's RSS at start and end (after a full GC), and what is left
 * over once every client has gone: watches, pollers, subscribers and open sockets (all should be 0).
 *
 *   npx tsx bench/soak.ts              # 5 minutes
 *   npx tsx bench/soak.ts --minutes 1
 */
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { startSimulator } from '../src/simulator/index.js';
import { startGatewayChild } from './bench-sim.js';
import { bytes, percentile, sleep } from './stats.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '5' } } });
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes takes a positive number');

const CLIENTS = 200;
const SOCKETS = 50;
const SUBSCRIPTIONS = 1_000;
const THINK_MS = 250;
const PULSE = '67fdea40aac77be632954f13';
const MARKET_SCANNER = '680351c0d90e5957cbd52173';
const READS = [
  `{ project(id: "${PULSE}") { name tasks(first: 5) { nodes { name status } } } }`,
  '{ projects(first: 3) { nodes { name agentflows(first: 3) { nodes { name } } } } }',
  `{ agentflow(id: "${MARKET_SCANNER}") { name agents { title } } }`,
  `{ project(id: "${PULSE}") { executions(first: 10) { nodes { status task { name } } } } }`,
];
const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId } } }`;
const FAULTS = {
  rules: [
    { status: 503, errorRate: 0.08 },
    { method: 'GET', hang: true, errorRate: 0.022 },
    { drop: true, errorRate: 0.06 },
    { status: 429, errorRate: 0.065 },
  ],
};

const sim = await startSimulator({ port: 0, stepMs: 1_500, quiet: true });
const key = sim.keys.demo;
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sim.url}/__simulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
// One caller key shared by every client: the per-key limit is lifted so the figures are about the gateway.
const gateway = await startGatewayChild(sim.url, undefined, { rateLimitPerSecond: 0, maxSubscriptionsPerKey: 0, maxSocketsPerKey: 0 });
const origin = new URL(gateway.url).origin;
const pool = new Pool(origin, { connections: CLIENTS });

const latencies: number[] = [];
const codes = new Map<string, number>();
let answers = 0;
let malformed = 0;
const count = (code: string) => codes.set(code, (codes.get(code) ?? 0) + 1);

async function ask(query: string, variables?: unknown): Promise<void> {
  const started = performance.now();
  try {
    const res = await pool.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.body.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    if (res.statusCode >= 500) malformed++;
    if (body.errors?.length) for (const e of body.errors) count(e.extensions?.code ?? 'NO_CODE');
    else count('OK');
  } catch {
    malformed++;
  }
  answers++;
  latencies.push(performance.now() - started);
}

const startRss = (await gateway.measure()).memory.rss;
await control('POST', '/faults', FAULTS);
const until = performance.now() + minutes * 60_000;

// 1,000 subscriptions: projectExecutions of Pulse on every socket, plus executionUpdated of started runs.
const sockets: Client[] = Array.from({ length: SOCKETS }, () =>
  createClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { 'x-api-key': key }, retryAttempts: 5, lazy: true }),
);
let events = 0;
let subscriptionErrors = 0;
const stops: Array<() => void> = [];
for (let i = 0; i < SUBSCRIPTIONS; i++) {
  const socket = sockets[i % SOCKETS]!;
  stops.push(
    socket.subscribe(
      { query: 'subscription ($p: ID!) { projectExecutions(projectId: $p) { status } }', variables: { p: PULSE } },
      { next: () => void events++, error: () => void subscriptionErrors++, complete: () => {} },
    ),
  );
}

// Each client reads, thinks for THINK_MS, reads again; client 0 starts an execution every tenth turn.
const clients = Array.from({ length: CLIENTS }, async (_, i) => {
  await sleep(Math.random() * THINK_MS);
  for (let n = i; performance.now() < until; n++) {
    if (i === 0 && n % 10 === 0) await ask(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `soak ${n}` } });
    else await ask(READS[n % READS.length]!);
    await sleep(THINK_MS);
  }
});
const started = performance.now();
await Promise.all(clients);
const elapsed = (performance.now() - started) / 1000;

// Everyone leaves.
for (const stop of stops) stop();
await Promise.all(sockets.map((s) => s.dispose()));
await pool.close();
await control('DELETE', '/faults');
let end = await gateway.measure();
for (let i = 0; i < 30; i++) {
  const live = end.live as { watches: number; pollers: number; subscribers: number } | null;
  if (end.sockets === 0 && (!live || live.watches + live.pollers + live.subscribers === 0)) break;
  await sleep(500);
  end = await gateway.measure();
}
const faults = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as { requests: { fault?: string }[] };

const errors = [...codes].filter(([c]) => c !== 'OK').sort((a, b) => b[1] - a[1]);
console.log(`soak: ${minutes} min, ${CLIENTS} clients (${THINK_MS} ms think time), ${SUBSCRIPTIONS} subscriptions on ${SOCKETS} sockets, upstream faults ~21 %`);
console.log(`upstream calls: ${faults.requests.length} (${faults.requests.filter((r) => r.fault).length} faulted)`);
console.log(`answers: ${answers} (${(answers / elapsed).toFixed(1)}/s), malformed or 5xx: ${malformed}`);
console.log(`ok: ${codes.get('OK') ?? 0}; errors by code: ${errors.map(([c, n]) => `${c} ${n} (${((n / answers) * 100).toFixed(2)} %)`).join(', ') || 'none'}`);
console.log(`latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
console.log(`subscription events: ${events}, subscription errors: ${subscriptionErrors}`);
console.log(`gateway RSS: start ${bytes(startRss)}, end ${bytes(end.memory.rss)}`);
console.log(`left over after the clients left: ${JSON.stringify(end.live)}, open sockets ${end.sockets}`);

await gateway.stop();
await sim.close();
