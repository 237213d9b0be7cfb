/**
 * Where the upstream is the limit, as with a SaaS API (issue 20): the simulator answers at 80 ms and
 * allows the one API key at most 20 concurrent requests and 100 a second (429 with `Retry-After`
 * beyond). Three screens, 50 connections, our gateway (at its default per-key limit, and tuned to the
 * upstream's quota) against Tailcall 1.0.0 configured as well as it can be (`bench/quota/tailcall.graphql`,
 * whose header says where it cannot give the same answer). Every answer is checked byte for byte against
 * the server's own answer taken without the quota, and those answers are checked to hold the same data
 * across servers: a 200 with errors, or other data, is not a correct screen.
 *
 *   npx tsx bench/quota.ts     DURATION=5 (s per run; about 3 minutes in all) ROUNDS=2 WARMUP=1 (s) LATENCY=80 (ms)
 *                              QUOTA_CONCURRENT=20 QUOTA_PER_SECOND=100 CONNECTIONS=50
 *                              TUNED="RATE_LIMIT_PER_SECOND=100 RATE_LIMIT_MAX_WAIT_MS=2000 ..." (the tuned gateway's settings)
 *
 * Rounds alternate the servers' order; figures are medians over rounds. Between runs the bench waits
 * until the upstream has seen no call for a second, so that retries left over from one run never spend
 * the next run's quota. Prints figures; asserts nothing.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseConfig } from '../src/config.js';
import type { QuotaLoadResult } from './quota/load.js';
import { runQuotaLoad, startQuotaTailcall } from './quota/servers.js';
import { startGateway, startSimulatorProcess, tailcallBinary, type Running } from './peers/servers.js';

const DURATION_S = Number(process.env.DURATION ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const WARMUP_S = Number(process.env.WARMUP ?? 1);
const LATENCY_MS = Number(process.env.LATENCY ?? 80);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const QUOTA = { concurrent: Number(process.env.QUOTA_CONCURRENT ?? 20), perSecond: Number(process.env.QUOTA_PER_SECOND ?? 100) };

const API_KEY = 'wexa-sim-demo-key'; // the simulator's public demo key (not a secret)
const PULSE = '67fdea40aac77be632954f13';
const HARBOR = '67fc9e20b4daee51a3744b87';
const ATLAS = '67fb4ca0679b802116dda104';

/**
 * The gateway's settings for a key whose upstream quota is known (see docs/configuration.md);
 * `TUNED="NAME=value NAME=value"` replaces them, to compare others.
 */
const TUNED_ENV: Record<string, string> = process.env.TUNED
  ? Object.fromEntries(process.env.TUNED.split(/\s+/).filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]))
  : {
      RATE_LIMIT_PER_SECOND: String(QUOTA.perSecond),
      RATE_LIMIT_BURST_PER_MINUTE: '0',
      RATE_LIMIT_CONCURRENCY: String(QUOTA.concurrent),
      RATE_LIMIT_MAX_WAIT_MS: '2000',
    };

type Kind = 'gateway' | 'tailcall';

interface Contestant {
  name: string;
  kind: Kind;
  how: string;
  server: Running;
}

interface Screen {
  name: string;
  /** Dependent upstream levels of the screen: its fastest answer is about this many upstream latencies. */
  levels: number;
  /** How many variants (different data: another project, other task ids) the load takes in turn. */
  variants: number;
  body(kind: Kind, variant: number): string;
  /** The answer's data in a form both servers share (status case, field names and id forms aside). */
  normalise(kind: Kind, data: unknown): unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are walked loosely, then compared
type Loose = any;

const lower = (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s);

/** A task of the "recent tasks" pool: its project, its Wexa id and the gateway's global id. */
interface TaskRef {
  projectId: string;
  id: string;
  globalId: string;
}

const PROJECTS = [PULSE, HARBOR, ATLAS];
const RECENT_VARIANTS = 8;

/**
 * The screens. The 41-task screen takes each of the key's three projects in turn; "recent tasks"
 * takes 8 sets of 20 ids (10 of each of two projects, no id in two sets); the overview is one screen
 * per key.
 */
function screens(pool: { pulse: TaskRef[]; harbor: TaskRef[] }): Screen[] {
  const taskScreen = `query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }`;
  const overview = `{ projects { nodes { name agentflows { nodes { name executions(first: 5) { nodes { status task { name } agentflow { name } } } } } } } }`;
  const nodes = `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Task { wexaId name status } } }`;
  const recent = (v: number) => [...pool.pulse.slice(v * 10, v * 10 + 10), ...pool.harbor.slice(v * 10, v * 10 + 10)];
  const aliased = (tasks: TaskRef[]) => `{ ${tasks.map((t, i) => `t${i}: task(projectId: "${t.projectId}", id: "${t.id}") { _id name status }`).join(' ')} }`;
  return [
    {
      name: 'task screen, the issue\'s "41-task screen" (project → tasks(first: 50) → executions → agentflow; the seed\'s projects have 80–93 tasks, so 50 come back)',
      levels: 2,
      variants: PROJECTS.length,
      body: (_kind, v) => JSON.stringify({ query: taskScreen, variables: { id: PROJECTS[v] } }),
      normalise: (_kind, data: Loose) =>
        data.project.tasks.nodes.map((t: Loose) => t.executions.map((e: Loose) => [lower(e.status), e.agentflow?.name ?? null])),
    },
    {
      name: 'projects overview (projects → agentflows → executions(first: 5) → task + agentflow)',
      levels: 4,
      variants: 1,
      body: () => JSON.stringify({ query: overview }),
      normalise: (_kind, data: Loose) =>
        data.projects.nodes.map((p: Loose) => [
          p.name,
          p.agentflows.nodes.map((a: Loose) => [a.name, a.executions.nodes.map((e: Loose) => [lower(e.status), e.task?.name ?? null, e.agentflow?.name ?? null])]),
        ]),
    },
    {
      name: 'recent tasks (20 task ids across two projects)',
      levels: 1,
      variants: RECENT_VARIANTS,
      body: (kind, v) =>
        kind === 'gateway' ? JSON.stringify({ query: nodes, variables: { ids: recent(v).map((t) => t.globalId) } }) : JSON.stringify({ query: aliased(recent(v)) }),
      normalise: (kind, data: Loose) =>
        kind === 'gateway'
          ? data.nodes.map((n: Loose) => [n.wexaId, n.name, lower(n.status)])
          : Object.keys(data).map((alias) => [data[alias]._id, data[alias].name, lower(data[alias].status)]),
    },
  ];
}

interface Run extends QuotaLoadResult {
  /** Upstream calls admitted per answer. */
  callsPerAnswer: number;
  /** 429s the upstream answered, per second. */
  refusedPerS: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const control = async (method: string, path: string, body?: unknown): Promise<Loose> => {
    const res = await fetch(`${sim.url}/__simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.json();
  };
  const post = async (url: string, body: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body });
    return res.text();
  };
  /** Waits until the upstream has seen no request for a second (at most 15 s). */
  const settle = async () => {
    let last = -1;
    for (let i = 0; i < 30; i++) {
      const { total } = await control('GET', '/requests');
      if (total === last) return;
      last = total;
      await sleep(1000);
    }
  };

  const contestants: Contestant[] = [];
  const stops: (() => Promise<void>)[] = [sim.stop];
  try {
    const defaults = parseConfig({});
    const defaultEnv = { RATE_LIMIT_PER_SECOND: String(defaults.rateLimitPerSecond), RATE_LIMIT_BURST_PER_MINUTE: String(defaults.rateLimitBurstPerMinute) };
    const plain = await startGateway(sim.url, { env: defaultEnv });
    stops.push(plain.stop);
    contestants.push({ name: 'wexa-graph (defaults)', kind: 'gateway', how: `${plain.how}, default settings (${Object.entries(defaultEnv).map(([k, v]) => `${k}=${v}`).join(' ')})`, server: plain });
    const tuned = await startGateway(sim.url, { env: TUNED_ENV });
    stops.push(tuned.stop);
    contestants.push({ name: 'wexa-graph (tuned)', kind: 'gateway', how: `${tuned.how}, ${Object.entries(TUNED_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`, server: tuned });
    const bin = tailcallBinary();
    if (bin) {
      const tailcall = await startQuotaTailcall(bin, sim.url);
      stops.push(tailcall.stop);
      contestants.push({ name: tailcall.name, kind: 'tailcall', how: tailcall.how, server: tailcall });
    } else {
      console.log('Tailcall: not available on this platform (linux-x64 glibc only); left out');
    }

    // The recent tasks' pool: the newest tasks of two projects, with the gateway's global ids.
    const taskRefs = async (projectId: string): Promise<TaskRef[]> => {
      const query = `{ project(id: "${projectId}") { tasks(first: ${RECENT_VARIANTS * 10}) { nodes { id wexaId } } } }`;
      const json = JSON.parse(await post(plain.url, JSON.stringify({ query })));
      return (json.data.project.tasks.nodes as { id: string; wexaId: string }[]).map((t) => ({ projectId, id: t.wexaId, globalId: t.id }));
    };
    const all = screens({ pulse: await taskRefs(PULSE), harbor: await taskRefs(HARBOR) });

    console.log(`# Quota-bound upstream: ${LATENCY_MS} ms, ${QUOTA.concurrent} concurrent and ${QUOTA.perSecond} requests a second per key (429 + Retry-After beyond), ${CONNECTIONS} connections, one key`);
    console.log(`${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${ROUNDS} rounds of ${DURATION_S} s per screen and server (orders alternate), ${WARMUP_S} s warm-up each; load from autocannon in its own process`);
    for (const c of contestants) console.log(`- ${c.name}: ${c.how}`);
    console.log('- recent tasks: wexa-graph asks nodes(ids:) with the 20 Relay global ids; Tailcall (no global ids) 20 aliased task(projectId, id) reads');
    console.log('- the load takes each screen\'s variants in turn: the 3 projects for the 41-task screen, 8 disjoint sets of 20 ids for recent tasks\n');

    // Reference answers, without quota or latency: each server's own bytes, and the same data across servers.
    await control('DELETE', '/quota');
    await control('DELETE', '/faults');
    const expected = new Map<string, string[]>();
    const alone = new Map<string, number>();
    for (const screen of all) {
      for (const c of contestants) {
        expected.set(`${screen.name}|${c.name}`, []);
        alone.set(`${screen.name}|${c.name}`, 0);
      }
      for (let v = 0; v < screen.variants; v++) {
        let shared: string | null = null;
        for (const c of contestants) {
          await control('DELETE', '/requests');
          const text = await post(c.server.url, screen.body(c.kind, v));
          const json = JSON.parse(text) as { data?: unknown; errors?: unknown };
          if (json.errors || !json.data) throw new Error(`${c.name} failed "${screen.name}" (variant ${v}): ${text.slice(0, 400)}`);
          const normal = JSON.stringify(screen.normalise(c.kind, json.data));
          if (shared !== null && normal !== shared) throw new Error(`${c.name} answers "${screen.name}" (variant ${v}) with other data:\n${normal.slice(0, 400)}\nvs\n${shared.slice(0, 400)}`);
          shared = normal;
          expected.get(`${screen.name}|${c.name}`)!.push(text);
          const key = `${screen.name}|${c.name}`;
          alone.set(key, (alone.get(key) ?? 0) + (await control('GET', '/requests')).total / screen.variants);
        }
      }
    }
    console.log('every server gives the same data on every screen (checked once without the quota)\n');

    await control('POST', '/faults', { rules: [{ latencyMs: LATENCY_MS }] });
    for (const screen of all) {
      const runs = new Map<string, Run[]>(contestants.map((c) => [c.name, []]));
      const load = async (c: Contestant, durationS: number): Promise<Run> => {
        await settle();
        await control('POST', '/quota', QUOTA); // restarts the counters
        const result = await runQuotaLoad({
          url: c.server.url,
          apiKey: API_KEY,
          bodies: Array.from({ length: screen.variants }, (_, v) => screen.body(c.kind, v)),
          expected: expected.get(`${screen.name}|${c.name}`) as string[],
          connections: CONNECTIONS,
          durationS,
        });
        const quota = await control('GET', '/quota');
        return {
          ...result,
          callsPerAnswer: quota.admitted / Math.max(1, result.answers),
          refusedPerS: (quota.refused.concurrency + quota.refused.rate) / durationS,
        };
      };
      if (WARMUP_S > 0) for (const c of contestants) await load(c, WARMUP_S);
      for (let round = 0; round < ROUNDS; round++) {
        const order = contestants.map((_, i) => contestants[(i + round) % contestants.length] as Contestant);
        if (round % 2 === 1) order.reverse();
        for (const c of order) runs.get(c.name)!.push(await load(c, DURATION_S));
      }
      printScreen(screen, contestants, runs, alone);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

function printScreen(screen: Screen, contestants: Contestant[], runs: Map<string, Run[]>, alone: Map<string, number>): void {
  const of = (name: string, pick: (r: Run) => number) => median((runs.get(name) ?? []).map(pick));
  const range = (name: string, pick: (r: Run) => number) => {
    const values = (runs.get(name) ?? []).map(pick);
    return values.length > 1 ? ` (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})` : '';
  };
  console.log(`## ${screen.name}`);
  console.log('| | correct screens/s (min–max) | p50 ms | p99 ms | upstream calls per answer: under load / alone | upstream 429s per s | answers: correct / rate-limited errors / other wrong |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of contestants) {
    const all = runs.get(c.name) ?? [];
    const sum = (pick: (r: Run) => number) => all.reduce((n, r) => n + pick(r), 0);
    console.log(
      `| ${c.name} | ${fmt(of(c.name, (r) => r.correctPerS))}${range(c.name, (r) => r.correctPerS)} | ${fmt(of(c.name, (r) => r.p50))} | ${fmt(of(c.name, (r) => r.p99))} | ` +
        `${fmt(of(c.name, (r) => r.callsPerAnswer), 2)} / ${fmt(alone.get(`${screen.name}|${c.name}`) ?? NaN, 1)} | ${fmt(of(c.name, (r) => r.refusedPerS))} | ` +
        `${sum((r) => r.correct)} / ${sum((r) => r.rateLimited)} / ${sum((r) => r.otherWrong)} |`,
    );
  }
  console.log('');
  const tailcall = contestants.find((c) => c.kind === 'tailcall');
  if (tailcall) {
    const base = of(tailcall.name, (r) => r.correctPerS);
    console.log(
      `vs Tailcall: ${contestants
        .filter((c) => c.kind === 'gateway')
        .map((c) => `${c.name} ${base > 0 ? `${fmt(of(c.name, (r) => r.correctPerS) / base, 1)}×` : `${fmt(of(c.name, (r) => r.correctPerS))} vs 0 screens/s`}`)
        .join(', ')}`,
    );
  }
  // Where the time goes: a screen costs its dependent levels of upstream latency at least, and with
  // at most QUOTA.perSecond calls a second it cannot exceed that rate divided by its calls.
  const floorMs = screen.levels * LATENCY_MS;
  console.log(
    `where the time goes: an answer read fresh waits ${screen.levels} × ${LATENCY_MS} ms = ${floorMs} ms of upstream latency, so ${CONNECTIONS} connections ` +
      `get at most ~${fmt((CONNECTIONS * 1000) / floorMs)} screens/s from any server (less where in-flight sharing shortens the wait); ${QUOTA.perSecond} calls/s allow ` +
      contestants
        .map((c) => {
          const calls = of(c.name, (r) => r.callsPerAnswer);
          const p50 = of(c.name, (r) => r.p50);
          return `${c.name} ${fmt(QUOTA.perSecond / calls)} answers/s at ${fmt(calls, 1)} calls each (p50 ${fmt(p50 - floorMs)} ms above the latency floor)`;
        })
        .join('; '),
  );
  console.log('');
}

await main();
