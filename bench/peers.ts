/**
 * Side by side over one simulated Wexa in its own process: our gateway (compiled, production mode, its
 * per-key limit off), Tailcall 1.0.0 in its best configuration for these screens (dedupe on every
 * @http, see bench/peers/tailcall.graphql), a bare graphql-yoga baseline, the "ideal" (the screen's
 * upstream calls made directly, answering `{}`), and Node's ceiling (a bare node:http server
 * answering the expected bytes at once). Every server and the load generator (autocannon, the same
 * for all) run in processes of their own; rounds alternate the order; figures are medians of rounds.
 *
 * Correctness under load: each server's answer to a screen is taken alone first (the gateway's is
 * the reference; every peer's must be the same JSON, and its own bytes are then its expected answer),
 * and every answer under load must equal it byte for byte. A round with any wrong answer, non-2xx,
 * error or timeout is INVALID: shown, and left out of the medians.
 *
 * Two tables: under load (the main screen at 20 ms upstream / 20 connections and 0 ms / 50
 * connections), and light load (one request at a time, 20 ms upstream, three screens, p50 over each
 * screen's ideal). Light load is measured by a sequential client of its own (bench/peers/light.ts,
 * one keep-alive connection per server, `performance.now()` timing) that alternates each server's
 * request with the ideal's (server, ideal, server, ideal …): "over the ideal" is the median of those
 * paired differences, in hundredths of a ms. Every light-load answer is checked byte for byte too;
 * one wrong answer makes the row INVALID. Prints figures; asserts nothing.
 *
 *   npx tsx bench/peers.ts   DURATION=6 (s per round) ROUNDS=3 WARMUP=2 (s)
 *                            LIGHT_REQUESTS=200 (pairs per server per screen) LIGHT_WARMUP=20 (pairs)
 *                            PEERS=all|ours   WORKERS=2 adds the worker-mode gateway (REDIS_URL)
 *                            BENCH_NODE=/path/to/node runs the gateway, baseline, ideal and ceiling on it
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { answerOf, checkReference, compareToReference } from './peers/expected.js';
import type { LightServerResult } from './peers/light.js';
import { runRounds, summarise, type Contestant, type Summary } from './peers/rounds.js';
import { bodyOf, IDEAL_ANSWER, SCREENS, TASKS_SCREEN, type Screen } from './peers/screens.js';
import {
  runLight,
  startBaseline,
  startCeiling,
  startGateway,
  startIdeal,
  startSimulatorProcess,
  startTailcall,
  tailcallBinary,
  type Running,
} from './peers/servers.js';

const DURATION_S = Number(process.env.DURATION ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WARMUP_S = Number(process.env.WARMUP ?? 2);
const LIGHT_REQUESTS = Number(process.env.LIGHT_REQUESTS ?? 200);
const LIGHT_WARMUP = Number(process.env.LIGHT_WARMUP ?? 20);
const ONLY_OURS = process.env.PEERS === 'ours';
const API_KEY = 'wexa-sim-demo-key'; // the simulator's public demo key (not a secret)

interface Setting {
  label: string;
  latencyMs: number;
  connections: number;
}
const SETTINGS: Setting[] = [
  { label: '20 ms upstream, 20 connections', latencyMs: 20, connections: 20 },
  { label: '0 ms upstream, 50 connections', latencyMs: 0, connections: 50 },
];

/** A server under test and what it can answer. */
interface Peer {
  name: string;
  server: Running;
  kind: 'ours' | 'peer' | 'ideal' | 'ceiling';
  /** The screens it serves (the baseline only the main one). */
  screens: readonly Screen[];
  /** Its exact expected answer and its upstream calls alone, by screen name. */
  expected: Map<string, string>;
  callsAlone: Map<string, number>;
}

/** One server's light-load figures over one screen, with its CPU ms per request. */
interface LightRow extends LightServerResult {
  cpu: number;
}
/** A screen's light-load figures: each server's row, and the ideal's p50 over all its pairs and CPU. */
interface LightScreen {
  rows: Map<string, LightRow>;
  idealP50: number;
  idealCpu: number;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** A difference in ms with its sign, e.g. `+2.0` or `-1.5` (`digits` decimals). */
const signed = (n: number, digits = 1) => `${n >= 0 ? '+' : ''}${fmt(n, digits)}`;

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/__simulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as { total?: number };
  };
  const setLatency = (latencyMs: number) =>
    latencyMs > 0 ? control('POST', '/faults', { rules: [{ latencyMs }] }) : control('DELETE', '/faults');
  const clearCalls = async () => void (await control('DELETE', '/requests'));
  const countCalls = async () => (await control('GET', '/requests')).total ?? Number.NaN;

  const peers: Peer[] = [];
  const stops: (() => Promise<void>)[] = [sim.stop];
  const add = (name: string, server: Running, kind: Peer['kind'], screens: readonly Screen[]) => {
    stops.push(server.stop);
    peers.push({ name, server, kind, screens, expected: new Map(), callsAlone: new Map() });
  };
  try {
    add('wexa-graph', await startGateway(sim.url), 'ours', SCREENS);
    const workers = Number(process.env.WORKERS ?? 0);
    if (workers > 1) {
      const env = { WORKERS: String(workers), REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `wexa-graph-bench:${process.pid}:` };
      const cluster = await startGateway(sim.url, { workers: true, env });
      add(`wexa-graph ×${workers} workers`, { ...cluster, how: `${cluster.how}, WORKERS=${workers}, Redis` }, 'ours', [TASKS_SCREEN]);
    }
    if (!ONLY_OURS) {
      const bin = tailcallBinary();
      if (bin) add('Tailcall 1.0.0', await startTailcall(bin, sim.url), 'peer', SCREENS);
      else console.log('Tailcall: not available on this platform (linux-x64 glibc only); left out');
      add('baseline', await startBaseline(sim.url), 'peer', [TASKS_SCREEN]);
    }
    add('ideal', await startIdeal(sim.url), 'ideal', SCREENS);

    // The expected answers, alone and at 0 ms: the gateway's is the reference for each screen.
    await setLatency(0);
    const sameness: string[] = [];
    for (const screen of SCREENS) {
      let reference: { status: number; text: string } | undefined;
      for (const peer of peers.filter((p) => p.screens.includes(screen))) {
        await clearCalls();
        const answer = await answerOf(peer.server.url, bodyOf(screen), API_KEY);
        peer.callsAlone.set(screen.name, await countCalls());
        if (peer.kind === 'ideal') {
          if (answer.status !== 200 || answer.text !== IDEAL_ANSWER) throw new Error(`the ideal failed ${screen.name}: ${answer.status} ${answer.text}`);
        } else if (reference === undefined) {
          checkReference(`${peer.name} (${screen.name})`, answer);
          reference = answer;
        } else {
          const how = compareToReference(`${peer.name} (${screen.name})`, answer, reference);
          if (how !== 'same bytes') sameness.push(`${peer.name}, ${screen.name}: ${how}`);
        }
        peer.expected.set(screen.name, answer.text);
      }
    }
    const mainAnswer = peers[0]!.expected.get(TASKS_SCREEN.name) as string;
    add('Node ceiling', await startCeiling(mainAnswer), 'ceiling', [TASKS_SCREEN]);
    const ceiling = peers.at(-1) as Peer;
    ceiling.expected.set(TASKS_SCREEN.name, mainAnswer);
    ceiling.callsAlone.set(TASKS_SCREEN.name, 0);

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`# Peers: the same screens side by side over one simulated Wexa (its own process)`);
    console.log(`${availableParallelism()} cores (${cpu}), load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; bench and simulator on Node ${process.version}`);
    console.log(`${ROUNDS} rounds of ${DURATION_S} s per setting (order alternates), ${WARMUP_S} s warm-up; load from autocannon in its own process; light load: ${LIGHT_REQUESTS} pairs (server, ideal) per server and screen after ${LIGHT_WARMUP} warm-up pairs, from a sequential undici client in its own process`);
    for (const peer of peers) console.log(`- ${peer.name}${peer.server.node ? ` (Node ${peer.server.node})` : ''}: ${peer.server.how}`);
    console.log(`every answer under load is compared byte for byte with the server's own answer alone, which is the gateway's JSON (main screen: ${Buffer.byteLength(mainAnswer)} bytes)`);
    if (sameness.length > 0) console.log(`(${sameness.join('; ')})`);
    console.log(`main screen: ${TASKS_SCREEN.query}\n`);

    const common = { apiKey: API_KEY, simulator: sim, clearCalls, countCalls };
    const contestant = (peer: Peer, screen: Screen): Contestant => ({
      name: peer.name,
      server: peer.server,
      body: bodyOf(screen),
      expected: peer.expected.get(screen.name) as string,
    });

    // Under load: the main screen.
    const underLoad = new Map<string, Map<string, Summary>>();
    for (const setting of SETTINGS) {
      await setLatency(setting.latencyMs);
      const loaded = peers.filter((p) => p.screens.includes(TASKS_SCREEN) && (p.kind !== 'ceiling' || setting.latencyMs === 0));
      const rounds = await runRounds({
        ...common,
        contestants: loaded.map((p) => contestant(p, TASKS_SCREEN)),
        connections: setting.connections,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        rounds: ROUNDS,
      });
      underLoad.set(setting.label, new Map([...rounds].map(([name, r]) => [name, summarise(r)])));
    }
    printUnderLoad(peers, underLoad);

    // Light load: one request at a time, 20 ms upstream, every screen; each server's requests paired with the ideal's.
    await setLatency(20);
    const light = new Map<string, LightScreen>();
    const ideal = peers.find((p) => p.kind === 'ideal') as Peer;
    for (const screen of SCREENS) {
      const served = peers.filter((p) => p.screens.includes(screen) && lightPeer(p) && p.kind !== 'ideal');
      const cpuBefore = new Map(served.map((p) => [p.name, p.server.cpuMs()]));
      const idealCpuBefore = ideal.server.cpuMs();
      const result = await runLight({
        apiKey: API_KEY,
        body: bodyOf(screen),
        servers: served.map((p) => ({ name: p.name, url: p.server.url, expected: p.expected.get(screen.name) as string })),
        ideal: { name: ideal.name, url: ideal.server.url, expected: IDEAL_ANSWER },
        pairs: LIGHT_REQUESTS,
        warmupPairs: LIGHT_WARMUP,
      });
      const perRequest = (before: number | null, after: number | null, n: number) =>
        before === null || after === null ? Number.NaN : (after - before) / Math.max(1, n);
      const rows = new Map<string, LightRow>();
      for (const row of result.servers) {
        const peer = served.find((p) => p.name === row.name) as Peer;
        rows.set(row.name, { ...row, cpu: perRequest(cpuBefore.get(row.name) ?? null, peer.server.cpuMs(), result.requestsPerServer) });
      }
      light.set(screen.name, { rows, idealP50: result.idealP50, idealCpu: perRequest(idealCpuBefore, ideal.server.cpuMs(), result.idealRequests) });
    }
    printLight(peers, light);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** Light load compares our single-process gateway, Tailcall and the ideal. */
const lightPeer = (p: Peer) => (p.kind === 'ours' && !p.name.includes('workers')) || p.kind === 'ideal' || p.name.startsWith('Tailcall');

/** A cell of the under-load table. */
function cell(s: Summary | undefined): string {
  if (s === undefined) return '–';
  if (s.invalid === s.rounds) return `INVALID (${s.wrong} wrong)`;
  const range = s.rounds - s.invalid > 1 ? ` (${fmt(s.rpsMin)}–${fmt(s.rpsMax)})` : '';
  const invalid = s.invalid > 0 ? `; ${s.invalid} of ${s.rounds} rounds INVALID (${s.wrong} wrong)` : '';
  return `${fmt(s.rps)}${range} req/s · p50 ${fmt(s.p50, 1)} / p99 ${fmt(s.p99, 1)} ms · ${fmt(s.calls, 2)} calls · ${fmt(s.cpu, 2)} CPU ms${invalid}`;
}

function printWrong(table: Map<string, Map<string, Summary>>): void {
  for (const [label, byName] of table) {
    for (const [name, s] of byName) {
      if (s.wrong > 0) console.log(`- ${name}, ${label}: ${s.wrong} wrong answers in ${s.invalid} INVALID round(s); first: ${s.sample ?? '(no body: non-2xx, error or timeout)'}`);
    }
  }
}

function printUnderLoad(peers: Peer[], table: Map<string, Map<string, Summary>>): void {
  const labels = [...table.keys()];
  console.log(`## Under load: ${TASKS_SCREEN.name} (median of valid rounds: req/s (min–max), p50 / p99, upstream calls per request, server CPU ms per request)`);
  console.log(`| | ${labels.join(' | ')} |`);
  console.log(`| --- |${labels.map(() => ' --- |').join('')}`);
  for (const peer of peers.filter((p) => p.screens.includes(TASKS_SCREEN))) {
    console.log(`| ${peer.name} | ${labels.map((l) => cell(table.get(l)?.get(peer.name))).join(' | ')} |`);
  }
  printWrong(table);
  // Where the time goes: at 0 ms upstream the machine is CPU-bound, so CPU per request tells it.
  const fast = table.get(SETTINGS[1]!.label);
  const slow = table.get(SETTINGS[0]!.label);
  const ours = fast?.get('wexa-graph');
  const ceiling = fast?.get('Node ceiling');
  const tailcall = fast?.get('Tailcall 1.0.0');
  const alone = peers[0]?.callsAlone.get(TASKS_SCREEN.name) ?? Number.NaN;
  if (ours && ceiling) {
    const machine = ours.cpu + ours.simCpu + ours.clientCpu;
    const ideal20 = slow?.get('ideal');
    const ours20 = slow?.get('wexa-graph');
    console.log(
      `\nWhere the time goes: at 0 ms upstream nothing waits on the network, so CPU decides: wexa-graph spends ${fmt(ours.cpu, 2)} CPU ms per request ` +
        `(${fmt((ours.cpu * ours.rps) / 10)}% of a core at ${fmt(ours.rps)} req/s) against ${fmt(ceiling.cpu, 2)} for Node's ceiling ` +
        `(the same POST in, the same bytes out)${tailcall ? ` and ${fmt(tailcall.cpu, 2)} for Tailcall` : ''}: ~${fmt(ours.cpu - ceiling.cpu, 2)} ms is its own work ` +
        `(GraphQL, the answer's JSON, and ${fmt(ours.calls, 2)} upstream calls per request, ${fmt(alone)} alone: identical reads in flight are shared); ` +
        `with the simulator's ${fmt(ours.simCpu, 2)} ms and autocannon's ${fmt(ours.clientCpu, 2)} ms the machine is ${fmt((machine * ours.rps) / 1000, 2)} of ${availableParallelism()} cores busy for it (other load: see the load average)` +
        (ideal20 && ours20
          ? `. At 20 ms upstream, waiting dominates: the ideal's p50 is ${fmt(ideal20.p50, 1)} ms, so 20 connections allow ~${fmt((20 * 1000) / ideal20.p50)} req/s at most; wexa-graph's p50 is ${signed(ours20.p50 - ideal20.p50)} ms against the ideal's.`
          : '.') +
        ` Node's ceiling row: its server used ${fmt((ceiling.cpu * ceiling.rps) / 10)}% of a core and autocannon ${fmt((ceiling.clientCpu * ceiling.rps) / 10)}% (whichever is near 100% bounds that row).`,
    );
  }
  console.log('');
}

/** A light-load row is invalid when any answer in its pairs (its own or the ideal's) was wrong. */
const lightWrong = (r: LightRow) => r.wrong + r.idealWrong;

function printLight(peers: Peer[], table: Map<string, LightScreen>): void {
  const names = peers.filter((p) => lightPeer(p) && p.kind !== 'ideal').map((p) => p.name);
  console.log(
    `## Light load: one request at a time, 20 ms upstream (${LIGHT_REQUESTS} pairs per server: its request, then the ideal's, the same upstream calls made directly; ` +
      `p50 in ms; over the ideal: the median of the paired differences)`,
  );
  console.log(`| screen | upstream calls alone (${[...names, 'ideal'].join(' / ')}) | ideal p50 · CPU ms | ${names.map((n) => `${n} p50 (ideal p50 in its pairs) over the ideal · CPU ms`).join(' | ')} |`);
  console.log(`| --- | --- | --- |${names.map(() => ' --- |').join('')}`);
  const byName = new Map(peers.map((p) => [p.name, p]));
  for (const [screen, { rows, idealP50, idealCpu }] of table) {
    const calls = [...names, 'ideal'].map((n) => fmt(byName.get(n)?.callsAlone.get(screen) ?? Number.NaN)).join(' / ');
    const cells = names.map((n) => {
      const r = rows.get(n);
      if (r === undefined) return '–';
      if (lightWrong(r) > 0) return `INVALID (${r.wrong} wrong${r.idealWrong > 0 ? `, the ideal ${r.idealWrong} wrong` : ''})`;
      return `${fmt(r.p50, 2)} (${fmt(r.idealP50, 2)}) ${signed(r.overP50, 2)} ms · ${fmt(r.cpu, 2)}`;
    });
    console.log(`| ${screen} | ${calls} | ${fmt(idealP50, 2)} ms · ${fmt(idealCpu, 2)} | ${cells.join(' | ')} |`);
  }
  for (const [screen, { rows }] of table) {
    for (const [name, r] of rows) {
      if (lightWrong(r) > 0) console.log(`- ${name}, ${screen}: ${lightWrong(r)} wrong answers; first: ${r.sample ?? '(none kept)'}`);
    }
  }
  const main = table.get(TASKS_SCREEN.name);
  const ours = main?.rows.get('wexa-graph');
  if (main && ours && lightWrong(ours) === 0) {
    console.log(
      `\nWhere the time goes: alone, a request waits on its upstream levels (the main screen's ideal: ${fmt(ours.idealP50, 2)} ms for 2 levels of 20 ms); ` +
        `wexa-graph's p50 is ${fmt(ours.p50, 2)} ms, ${signed(ours.overP50, 2)} ms over the ideal (median of ${ours.pairs} paired differences), and it spends ${fmt(ours.cpu, 2)} CPU ms per request (all its threads) where the ideal, ` +
        `which only fetches and parses the same upstream JSON, spends ${fmt(main.idealCpu, 2)}: nothing is shared between requests one at a time, so every call's JSON is read and normalised again.`,
    );
  }
  console.log('');
}

await main();
