/**
 * Side by side over one simulated Wexa: our gateway, Tailcall 1.0.0 (Rust), a bare graphql-yoga
 * baseline, and the "ideal": a server that makes the screen's dependent upstream calls directly,
 * level after level, and answers `{}` (so the client's loopback hop counts, a gateway's work does
 * not). Every server and the load generator (autocannon, the same for all) run in processes of their
 * own; rounds alternate the order of the servers so that none always runs first or last. Prints
 * figures, including each server's CPU time per request (from /proc); asserts nothing.
 *
 *   npx tsx bench/peers.ts         DURATION=6 (s per round) ROUNDS=2 WARMUP=2 (s) PEERS=all|ours
 *                                  WORKERS=2 adds the worker-mode gateway (REDIS_URL, default the local Redis)
 *
 * The screen: one project's tasks (first: 50), each task's executions with status, and each
 * execution's agentflow name. Sharing whole responses between identical concurrent operations is
 * off everywhere (the gateway has no such option on; Tailcall's batchRequests/dedupe of operations
 * is not configured); in-flight sharing of identical upstream GETs is on in both gateways.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { LoadResult } from './peers/load.js';
import {
  runLoad,
  startBaseline,
  startGateway,
  startIdeal,
  startSimulatorProcess,
  startTailcall,
  tailcallBinary,
  type Running,
} from './peers/servers.js';

const DURATION_S = Number(process.env.DURATION ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const WARMUP_S = Number(process.env.WARMUP ?? 2);
const ONLY_OURS = process.env.PEERS === 'ours';

const PROJECT_ID = '67fdea40aac77be632954f13';
const FIRST = 50;
const QUERY = `query ($id: ID!) { project(id: $id) { tasks(first: ${FIRST}) { nodes { executions { status agentflow { name } } } } } }`;
const BODY = JSON.stringify({ query: QUERY, variables: { id: PROJECT_ID } });

interface Setting {
  label: string;
  latencyMs: number;
  connections: number;
  durationS: number;
}
const SETTINGS: Setting[] = [
  { label: '20 ms upstream, 20 connections', latencyMs: 20, connections: 20, durationS: DURATION_S },
  { label: '0 ms upstream, 50 connections', latencyMs: 0, connections: 50, durationS: DURATION_S },
  { label: '20 ms upstream, 1 connection (light load)', latencyMs: 20, connections: 1, durationS: Math.max(3, Math.round(DURATION_S * 0.7)) },
];

/** A contestant: a GraphQL server, or the ideal (which answers `{}`). */
interface Peer {
  name: string;
  how: string;
  server: Running;
  ideal?: boolean;
}

interface Round extends LoadResult {
  callsPerRequest: number;
  /** The server's CPU time (all its processes) per completed request, ms. */
  cpuPerRequest: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const apiKey = 'wexa-sim-demo-key'; // the simulator's public demo key (not a secret)
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as { total?: number; counts?: Record<string, number> };
  };
  const setLatency = (latencyMs: number) =>
    latencyMs > 0 ? control('POST', '/faults', { rules: [{ latencyMs }] }) : control('DELETE', '/faults');

  const peers: Peer[] = [];
  const stops: (() => Promise<void>)[] = [sim.stop];
  try {
    const ours = await startGateway(sim.url);
    stops.push(ours.stop);
    peers.push({ name: ours.name, how: ours.how, server: ours });
    const workers = Number(process.env.WORKERS ?? 0);
    if (workers > 1) {
      const env = { WORKERS: String(workers), REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `wexa-graph-bench:${process.pid}:` };
      const cluster = await startGateway(sim.url, { workers: true, env });
      stops.push(cluster.stop);
      peers.push({ name: `wexa-graph ×${workers} workers`, how: `${cluster.how}, WORKERS=${workers}, Redis`, server: cluster });
    }
    if (!ONLY_OURS) {
      const bin = tailcallBinary();
      if (bin) {
        const tailcall = await startTailcall(bin, sim.url);
        stops.push(tailcall.stop);
        peers.push({ name: tailcall.name, how: tailcall.how, server: tailcall });
      } else {
        console.log('Tailcall: not available on this platform (linux-x64 glibc only); left out');
      }
      const baseline = await startBaseline(sim.url);
      stops.push(baseline.stop);
      peers.push({ name: baseline.name, how: baseline.how, server: baseline });
    }
    const ideal = await startIdeal(sim.url);
    stops.push(ideal.stop);
    peers.push({ name: ideal.name, how: ideal.how, server: ideal, ideal: true });

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`# Peers: one screen query, side by side over the same simulator`);
    console.log(`${availableParallelism()} cores (${cpu}), Node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${ROUNDS} rounds of ${DURATION_S} s per setting (orders alternate), ${WARMUP_S} s warm-up; load from autocannon in its own process`);
    for (const peer of peers) console.log(`- ${peer.name}: ${peer.how}`);
    console.log(`query: ${QUERY}\n`);

    // Every server must answer the screen correctly, with the same data; count its calls alone.
    await setLatency(0);
    const alone = new Map<string, number>();
    let shape: string | null = null;
    for (const peer of peers) {
      await control('DELETE', '/requests');
      const res = await fetch(peer.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: BODY,
      });
      if (peer.ideal) {
        if (!res.ok) throw new Error(`the ideal failed the screen: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        alone.set(peer.name, (await control('GET', '/requests')).total ?? NaN);
        continue;
      }
      const json = (await res.json()) as { data?: { project?: { tasks: { nodes: { executions: { agentflow: { name: string } | null }[] }[] } } }; errors?: unknown };
      const nodes = json.data?.project?.tasks.nodes;
      if (json.errors || !nodes) throw new Error(`${peer.name} failed the screen: ${JSON.stringify(json).slice(0, 500)}`);
      const summary = `${nodes.length} tasks, ${nodes.reduce((n, t) => n + t.executions.length, 0)} executions, ${new Set(nodes.flatMap((t) => t.executions.map((e) => e.agentflow?.name))).size} agentflow names`;
      if (shape !== null && shape !== summary) throw new Error(`${peer.name} answered ${summary}, others ${shape}`);
      shape = summary;
      alone.set(peer.name, (await control('GET', '/requests')).total ?? NaN);
    }
    console.log(`each server answers: ${shape}\n`);

    const results = new Map<string, Map<string, Round[]>>();
    for (const setting of SETTINGS) {
      await setLatency(setting.latencyMs);
      const bySetting = new Map<string, Round[]>(peers.map((p) => [p.name, []]));
      results.set(setting.label, bySetting);
      const load = (peer: Peer, durationS: number) =>
        runLoad({ url: peer.server.url, apiKey, body: BODY, connections: setting.connections, durationS });
      if (WARMUP_S > 0) for (const peer of peers) await load(peer, WARMUP_S);
      for (let round = 0; round < ROUNDS; round++) {
        const order = peers.map((_, i) => peers[(i + round) % peers.length] as Peer);
        if (round % 2 === 1) order.reverse();
        for (const peer of order) {
          await control('DELETE', '/requests');
          const cpuBefore = peer.server.cpuMs();
          const result = await load(peer, setting.durationS);
          const cpuAfter = peer.server.cpuMs();
          const log = await control('GET', '/requests');
          const served = Math.max(1, result.ok + result.failed);
          bySetting.get(peer.name)!.push({
            ...result,
            callsPerRequest: (log.total ?? NaN) / served,
            cpuPerRequest: cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) / served,
          });
          if (result.failed > 0) console.log(`  (${peer.name}, ${setting.label}: ${result.failed} failed requests)`);
        }
      }
      printSetting(setting, peers, bySetting, alone);
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

function printSetting(setting: Setting, peers: Peer[], rounds: Map<string, Round[]>, alone: Map<string, number>): void {
  const of = (name: string, pick: (r: Round) => number) => median((rounds.get(name) ?? []).map(pick));
  const range = (name: string, pick: (r: Round) => number) => {
    const values = (rounds.get(name) ?? []).map(pick);
    return values.length > 1 ? ` (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})` : '';
  };
  console.log(`## ${setting.label}`);
  console.log('| | req/s (min–max) | p50 ms | p99 ms | upstream calls per request: under load / alone | server CPU ms per request |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const peer of peers) {
    const calls = `${fmt(of(peer.name, (r) => r.callsPerRequest), 2)} / ${fmt(alone.get(peer.name) ?? NaN)}`;
    console.log(
      `| ${peer.name} | ${fmt(of(peer.name, (r) => r.rps))}${range(peer.name, (r) => r.rps)} | ${fmt(of(peer.name, (r) => r.p50), 1)} | ${fmt(of(peer.name, (r) => r.p99), 1)} | ${calls} | ${fmt(of(peer.name, (r) => r.cpuPerRequest), 2)} |`,
    );
  }
  const idealP50 = of('ideal', (r) => r.p50);
  const idealP99 = of('ideal', (r) => r.p99);
  console.log('');
  for (const ours of peers.filter((p) => p.name.startsWith('wexa-graph'))) {
    const ratios = peers
      .filter((p) => !p.ideal && !p.name.startsWith('wexa-graph'))
      .map((p) => `${fmt(of(ours.name, (r) => r.rps) / of(p.name, (r) => r.rps), 2)}× ${p.name}`);
    console.log(
      `${ours.name}: throughput ${ratios.join(', ') || 'n/a'}; p50 ${fmt(of(ours.name, (r) => r.p50) - idealP50, 1)} ms over the ideal, ` +
        `p99 ${fmt(of(ours.name, (r) => r.p99) / idealP99, 2)}× the ideal`,
    );
  }
  console.log('');
}

await main();
