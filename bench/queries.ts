/**
 * Upstream calls and latency of whole-screen queries, against the simulator with a simulated
 * network round trip. Prints figures; passes or fails nothing.
 *
 *   npx tsx bench/queries.ts            (RTT_MS=20 RUNS=30 CONCURRENCY=10 by default)
 *
 * "naive" is what a client (or a resolver without loaders) would pay with one REST call per parent:
 * one list per parent plus one by-id read per linked object, counted from the actual result.
 */
import { createGateway } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startSimulator } from '../src/simulator/index.js';

const RTT_MS = Number(process.env.RTT_MS ?? 20);
const RUNS = Number(process.env.RUNS ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);
const PULSE = '67fdea40aac77be632954f13';

interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  naive(data: any): number;
}

const scenarios: Scenario[] = [
  {
    name: 'projects → agentflows → executions(5) → task + agentflow',
    query: `{ projects { nodes { agentflows { nodes { executions(first: 5) { nodes { task { name } agentflow { name } } } } } } } }`,
    naive: (d) => {
      const projects = d.projects.nodes;
      const flows = projects.flatMap((p: any) => p.agentflows.nodes);
      const runs = flows.flatMap((f: any) => f.executions.nodes);
      return 1 + projects.length + flows.length + runs.length * 2;
    },
  },
  {
    name: 'project → tasks(50) → executions → agentflow',
    query: `query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }`,
    variables: { id: PULSE },
    naive: (d) => {
      const tasks = d.project.tasks.nodes;
      const runs = tasks.flatMap((t: any) => t.executions);
      return 2 + tasks.length + runs.length;
    },
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0, stepMs: 0, quiet: true });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.url}/__simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((r) => r.json() as Promise<any>);
  await control('POST', '/faults', { rules: [{ latencyMs: RTT_MS }] });
  const gateway = await createGateway(parseConfig({ port: 0, logLevel: 'silent', wexaApiUrl: sim.url }));
  const post = async (s: Scenario) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sim.keys.demo },
      body: JSON.stringify({ query: s.query, variables: s.variables }),
    });
    const json = (await res.json()) as { data?: any; errors?: unknown[] };
    if (json.errors) throw new Error(`query failed: ${JSON.stringify(json.errors)}`);
    return json.data;
  };

  console.log(`upstream round trip ${RTT_MS} ms (simulated), ${RUNS} sequential runs, then ${CONCURRENCY} concurrent clients\n`);
  for (const s of scenarios) {
    await control('DELETE', '/requests');
    const data = await post(s);
    const log = await control('GET', '/requests');
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await post(s);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    await control('DELETE', '/requests');
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => post(s)));
    const burstMs = performance.now() - t0;
    const burst = await control('GET', '/requests');
    console.log(s.name);
    console.log(`  upstream calls per query:   ${log.total} (naive one-call-per-parent: ${s.naive(data)})`);
    console.log(`  by endpoint:                ${JSON.stringify(log.counts)}`);
    console.log(`  latency p50 / p99:          ${percentile(times, 50).toFixed(1)} / ${percentile(times, 99).toFixed(1)} ms`);
    console.log(`  ${CONCURRENCY} concurrent queries:      ${burst.total} upstream calls in ${burstMs.toFixed(0)} ms\n`);
  }
  await gateway.close();
  await sim.close();
}

await main();
