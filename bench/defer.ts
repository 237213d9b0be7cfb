/**
 * What `@defer` buys a screen whose second level is slow: time to the first part (what the user
 * sees first) and to the whole answer, against the same screen without `@defer` (one JSON answer,
 * compiled execution), over multipart HTTP and SSE. The simulator adds a round trip to every call and
 * makes the deferred reads (the project's executions and its analytics) slow. Prints figures; passes
 * or fails nothing.
 *
 *   npx tsx bench/defer.ts              (RTT_MS=20 SLOW_MS=400 RUNS=30 by default)
 */
import { createGateway } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startSimulator } from '../src/simulator/index.js';
import { ms, percentile } from './stats.js';

const RTT_MS = Number(process.env.RTT_MS ?? 20);
const SLOW_MS = Number(process.env.SLOW_MS ?? 400);
const RUNS = Number(process.env.RUNS ?? 30);
const PULSE = '67fdea40aac77be632954f13';
const KEY = 'wexa-sim-demo-key';

/** A project screen: its head at once; its runs and analytics (the slow reads) deferred or not. */
const screen = (defer: boolean) => `query ProjectScreen($id: ID!) {
  project(id: $id) {
    name description
    agentflows(first: 10) { nodes { name agents { title } } }
    ... ${defer ? '@defer ' : ''}{
      executions(first: 20) { totalCount nodes { status goal createdAt agentflow { name } } }
      analytics
    }
  }
}`;

interface Timing {
  /** From sending to the first part (or the whole JSON answer) read, ms. */
  first: number;
  /** From sending to the end of the answer, ms. */
  whole: number;
}

/** Sends the screen and times its first part and its end, reading the answer as it streams. */
async function timed(url: string, query: string, accept: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, accept },
    body: JSON.stringify({ query, variables: { id: PULSE } }),
  });
  const type = response.headers.get('content-type') ?? '';
  // The end of the first part: the boundary after it (multipart), the first event (SSE), or the end (JSON).
  const firstEnd = type.startsWith('multipart/mixed') ? /\r\n---[\s\S]*?\r\n\r\n\{[\s\S]*?\r\n---/ : type.startsWith('text/event-stream') ? /event: next\ndata: [^\n]*\n\n/ : null;
  const decoder = new TextDecoder();
  let text = '';
  let first = Number.NaN;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    if (Number.isNaN(first) && firstEnd?.test(text)) first = performance.now() - started;
  }
  const whole = performance.now() - started;
  if (!text.includes('"Pulse"') || !text.includes('"executions"')) throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  return { first: Number.isNaN(first) ? whole : first, whole };
}

const sim = await startSimulator({ port: 0, stepMs: 0, quiet: true });
const faults = await fetch(`${sim.url}/__simulator/faults`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    rules: [
      { method: 'GET', path: '/{projectID}/execution_flows', latencyMs: SLOW_MS },
      { method: 'GET', path: '/analytics', latencyMs: SLOW_MS },
      { latencyMs: RTT_MS },
    ],
  }),
});
if (!faults.ok) throw new Error(`simulator faults: ${faults.status}`);
const gateway = await createGateway(parseConfig({ port: 0, logLevel: 'silent', wexaApiUrl: sim.url, rateLimitPerSecond: 0 }));

const variants = [
  { name: 'without @defer (JSON, compiled)', query: screen(false), accept: 'application/graphql-response+json, application/json' },
  { name: '@defer over multipart HTTP', query: screen(true), accept: 'multipart/mixed;deferSpec=20220824, application/json' },
  { name: '@defer over SSE', query: screen(true), accept: 'text/event-stream' },
];
const results = new Map<string, Timing[]>(variants.map((v) => [v.name, []]));
const calls = new Map<string, number>();
/** Upstream calls one answer of a variant costs (the simulator's log). */
async function upstreamCalls(query: string, accept: string): Promise<number> {
  await fetch(`${sim.url}/__simulator/requests`, { method: 'DELETE' });
  await timed(gateway.url, query, accept);
  const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as { requests: unknown[] };
  return log.requests.length;
}
try {
  // Warm-up: compile, fill the parse caches, open the upstream sockets.
  for (const v of variants) for (let i = 0; i < 3; i += 1) await timed(gateway.url, v.query, v.accept);
  for (const v of variants) calls.set(v.name, await upstreamCalls(v.query, v.accept));
  // Interleaved, so a slow moment of the machine falls on every variant alike.
  for (let run = 0; run < RUNS; run += 1) for (const v of variants) results.get(v.name)!.push(await timed(gateway.url, v.query, v.accept));
} finally {
  await gateway.close();
  await sim.close();
}

console.log(`# A project screen with a slow second level: upstream round trip ${RTT_MS} ms, executions and analytics ${SLOW_MS} ms, ${RUNS} runs each\n`);
console.log('| variant | first part p50 / p90 | whole answer p50 / p90 | upstream calls |');
console.log('| --- | --- | --- | --- |');
for (const v of variants) {
  const timings = results.get(v.name)!;
  const first = timings.map((t) => t.first);
  const whole = timings.map((t) => t.whole);
  console.log(`| ${v.name} | ${ms(percentile(first, 50))} / ${ms(percentile(first, 90))} | ${ms(percentile(whole, 50))} / ${ms(percentile(whole, 90))} | ${calls.get(v.name)} |`);
}
