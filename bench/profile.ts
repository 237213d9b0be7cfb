/**
 * A CPU profile of the gateway serving the peers' screen under load, summarised by self time.
 *
 *   npx tsx bench/profile.ts                 (20 ms upstream, 20 connections, DURATION=10 s)
 *   LATENCY=0 CONNECTIONS=50 npx tsx bench/profile.ts   (the CPU-bound case: 0 ms upstream, 50 connections)
 *   npx tsx bench/profile.ts some.cpuprofile (only summarise an existing profile)
 *
 * The gateway runs in its own process with `--cpu-prof`; the profile is written when it exits and
 * kept in `.profiles/` (ignored by git). The summary lists the functions with the most self time,
 * then the same time grouped by where the code lives (our files by folder, dependencies by package).
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureBuilt, runLoad, startGateway, startSimulatorProcess, ROOT } from './peers/servers.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = Number(process.env.TOP ?? 25);

/** Where a frame's code lives: `src/wexa/parse`, a package name, `node:…`, or a V8 pseudo-frame. */
function place(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1] as string;
  if (path.startsWith('node:')) return 'node internals';
  const rel = relative(ROOT, path);
  return rel.startsWith('..') ? path : rel.split('/').slice(0, -1).join('/') || rel;
}

/** Summarises a profile; samples in the first `skipMs` (start-up and warm-up) are left out. */
export function summarise(file: string, skipMs = 0, endMs = Infinity): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    clock += dt;
    if (clock < skipMs * 1000 || clock > endMs * 1000) return;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, t]) => s + t, 0);
  const busy = total - idle;
  const fns = new Map<string, number>();
  const places = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const where = place(frame.url, frame.functionName);
    const short = frame.url ? `${frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/.*node_modules\//, '')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${short}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + time);
    places.set(where, (places.get(where) ?? 0) + time);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)} %`;
  const lines = [
    `profile ${relative(ROOT, file)}: ${(total / 1e6).toFixed(1)} s sampled under load (after ${(skipMs / 1000).toFixed(1)} s of start-up and warm-up), main thread idle ${((100 * idle) / total).toFixed(1)} %`,
    '',
    `| self time (share of busy) | function |`,
    '| --- | --- |',
    ...[...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, t]) => `| ${pct(t)} | ${k} |`),
    '',
    `| self time | where |`,
    '| --- | --- |',
    ...[...places].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, t]) => `| ${pct(t)} | ${k} |`),
  ];
  return lines.join('\n');
}

async function profileUnderLoad(): Promise<{ file: string; skipMs: number; endMs: number }> {
  const dir = join(ROOT, '.profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  ensureBuilt();
  const sim = await startSimulatorProcess();
  try {
    await fetch(`${sim.url}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ latencyMs: Number(process.env.LATENCY ?? process.env.RTT_MS ?? 20) }] }),
    });
    const spawned = performance.now();
    const gateway = await startGateway(sim.url, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const body = JSON.stringify({
      query: 'query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }',
      variables: { id: '67fdea40aac77be632954f13' },
    });
    const load = { url: gateway.url, apiKey: 'wexa-sim-demo-key', body, connections: Number(process.env.CONNECTIONS ?? 20) };
    await runLoad({ ...load, durationS: 2 });
    const skipMs = performance.now() - spawned;
    const result = await runLoad({ ...load, durationS: Number(process.env.DURATION ?? 10) });
    // Samples after the load (the process winding down and flushing its logs) are left out too.
    const endMs = performance.now() - spawned;
    console.log(`under profile: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.failed} failed`);
    await gateway.stop();
    return { file: newestProfile(dir, before), skipMs, endMs };
  } finally {
    await sim.stop();
  }
}

function newestProfile(dir: string, before: Set<string>): string {
  const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  // Under tsx the module hooks run in a worker thread that writes a profile too: the main thread's is the largest.
  const newest = fresh.map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!newest) throw new Error('the gateway wrote no profile');
  return newest;
}

const { file, skipMs, endMs } = process.argv[2]
  ? { file: process.argv[2], skipMs: Number(process.env.SKIP_MS ?? 0), endMs: Infinity }
  : await profileUnderLoad();
console.log(summarise(file, skipMs, endMs));
