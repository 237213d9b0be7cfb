/**
 * Upstream calls and latency of whole-screen queries, against the simulator with a simulated
 * network round trip. Prints figures; passes or fails nothing.
 *
 *   npx tsx bench/queries.ts            (RTT_MS=20 RUNS=30 CONCURRENCY=10 by default)
 *
 * For each screen:
 * - upstream calls of one query, against the distinct resources it touches (what the same gateway
 *   reads with list reads switched off: each distinct list and object once) and against one call per
 *   parent (what a client, or resolvers without loaders, would pay: one list per parent plus one
 *   by-id read per linked object, counted from the result);
 * - latency, against the ideal: the same screen's upstream calls made directly, level after level
 *   (each level's calls in parallel), so the round trips count and no gateway work does.
 *
 * The last three screens are bench/peers/screens.ts's (the same queries and ideals); the light-load
 * table of `bench/peers.ts` times them against the compiled gateway in its own process, beside Tailcall.
 */
import { createGateway } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startSimulator } from '../src/simulator/index.js';
import { PROJECT_NAME_SCREEN, TASK_SCREEN, TASKS_SCREEN, type Screen } from './peers/screens.js';

const RTT_MS = Number(process.env.RTT_MS ?? 20);
const RUNS = Number(process.env.RUNS ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 10);

type Get = (path: string) => Promise<any>;

interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  naive(data: any): number;
  /** The screen's upstream reads made directly, one dependent level after another. */
  ideal(get: Get): Promise<void>;
}

/** A shared screen as a scenario, with its one-call-per-parent count. */
const fromScreen = (screen: Screen, naive: (data: any) => number): Scenario => ({
  name: screen.name,
  query: screen.query,
  variables: screen.variables,
  naive,
  ideal: (get) => screen.ideal(get),
});

const ids = (list: { data: { _id: string }[] }) => list.data.map((item) => item._id);

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
    async ideal(get) {
      const projects = ids(await get('/v1/project?page=1&limit=21')).slice(0, 20);
      // Agentflows and executions of a project both need only its id: one level.
      const perProject = await Promise.all(
        projects.map(async (p) => {
          const [flows, runs] = await Promise.all([
            get(`/agentflows?projectID=${p}&skip=0&limit=21`),
            get(`/${p}/execution_flows?projectID=${p}&skip=0&limit=1000`),
          ]);
          const tasks = new Set<string>();
          for (const flow of ids(flows).slice(0, 20)) {
            for (const run of runs.data.filter((e: any) => e.agentflow_id === flow).slice(0, 5)) if (run.task_id) tasks.add(run.task_id);
          }
          return { p, tasks };
        }),
      );
      await Promise.all(
        perProject.map(({ p, tasks }) =>
          tasks.size >= 3 ? get(`/tasks/${p}?skip=0&limit=100`) : Promise.all([...tasks].map((t) => get(`/task/${t}?projectID=${p}`))),
        ),
      );
    },
  },
  fromScreen(TASKS_SCREEN, (d) => {
    // The project, its task list, then one agentflow read per execution.
    const runs = d.project.tasks.nodes.flatMap((t: any) => t.executions);
    return 2 + runs.length;
  }),
  fromScreen(PROJECT_NAME_SCREEN, () => 1),
  fromScreen(TASK_SCREEN, (d) => 1 + d.task.executions.length),
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
  const byId = await createGateway(parseConfig({ port: 0, logLevel: 'silent', wexaApiUrl: sim.url, listReadMinIds: 0 }));
  const get: Get = async (path) => {
    const res = await fetch(`${sim.url}${path}`, { headers: { 'x-api-key': sim.keys.demo } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return res.json();
  };
  const post = async (s: Scenario, url = gateway.url) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': sim.keys.demo },
      body: JSON.stringify({ query: s.query, variables: s.variables }),
    });
    const json = (await res.json()) as { data?: any; errors?: unknown[] };
    if (json.errors) throw new Error(`query failed: ${JSON.stringify(json.errors)}`);
    return json.data;
  };

  const timed = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    return times.sort((x, y) => x - y);
  };

  console.log(`# Screens: upstream round trip ${RTT_MS} ms (simulated), ${RUNS} sequential runs, then ${CONCURRENCY} identical queries at once\n`);
  const rows: string[] = [];
  const details: string[] = [];
  const totals = { calls: 0, naive: 0, overIdeal: [] as number[] };
  for (const s of scenarios) {
    await control('DELETE', '/requests');
    await post(s, byId.url);
    const distinct = (await control('GET', '/requests')).total as number;
    await control('DELETE', '/requests');
    const data = await post(s);
    const log = await control('GET', '/requests');
    const times = await timed(() => post(s));
    const ideal = await timed(() => s.ideal(get));
    await control('DELETE', '/requests');
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => post(s)));
    const burstMs = performance.now() - t0;
    const burst = await control('GET', '/requests');
    rows.push(
      `| \`${s.name}\` | ${log.total} | ${distinct} | ${s.naive(data)} | ${percentile(times, 50).toFixed(0)} / ${percentile(times, 99).toFixed(0)} ms | ` +
        `${percentile(ideal, 50).toFixed(0)} / ${percentile(ideal, 99).toFixed(0)} ms | ${burst.total} calls, ${burstMs.toFixed(0)} ms |`,
    );
    details.push(`- ${s.name}: ${JSON.stringify(log.counts)}`);
    totals.calls += log.total as number;
    totals.naive += s.naive(data);
    totals.overIdeal.push(percentile(times, 50) - percentile(ideal, 50));
  }
  console.log(`| screen | upstream calls | distinct resources | one call per parent | p50 / p99 | ideal p50 / p99 | ${CONCURRENCY} at once |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(
    `\nWhere the time goes: over these screens the gateway makes ${totals.calls} upstream calls where one call per parent would make ${totals.naive}, ` +
      `so alone a screen costs about its levels of round trips: its p50 is ${Math.min(...totals.overIdeal).toFixed(0)} to ${Math.max(...totals.overIdeal).toFixed(0)} ms over the ideal's ` +
      `(in process here; bench/peers.ts times the compiled gateway in its own process).`,
  );
  console.log(`\ncalls by endpoint:\n${details.join('\n')}`);
  await byId.close();
  await gateway.close();
  await sim.close();
}

await main();
