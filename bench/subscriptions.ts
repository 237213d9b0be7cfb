/**
 * Subscription benchmark: what 1,000 and 10,000 concurrent subscriptions over 100 executions cost.
 *
 *   npx tsx bench/subscriptions.ts                 # levels 1000 and 10000
 *   npx tsx bench/subscriptions.ts --levels=1000   # a quicker run
 *   npx tsx bench/subscriptions.ts --redis=redis://127.0.0.1:6379   # gateway on the Redis bus and leases
 *
 * Layout: the simulator (manual lifecycle) and the load generator run in this process; the gateway
 * runs in a child process started with `--expose-gc` (see `gateway-child.ts`), so its memory figures
 * are its own and are taken after full GCs whatever flags this process got.
 *
 * For each level it prints:
 * - upstream polls per second, from the simulator's request log, over a quiet window (nothing
 *   changes) and over the active window (executions advancing);
 * - event delay: each execution is advanced through the simulator's control API at a random moment
 *   of each round, and the delay is the time from just before that call until each of its subscribers
 *   receives a result showing the new step (p50, p90, p99, max). Round 1 follows the quiet window,
 *   so the pollers have backed off towards `pollMaxMs`; later rounds show the fast schedule;
 * - gateway memory per subscription: heap and RSS of the gateway process after GC, with the
 *   subscriptions open minus before, divided by the number of subscriptions (the 100 sockets'
 *   share is included).
 * It prints figures only; nothing here passes or fails on time.
 */
import { parseConfig } from '../src/config.js';
import { startSimulator } from '../src/simulator/index.js';
import { PROJECT_ID, pollFigures, randomSeed, seeded, simClient, startGatewayChild } from './bench-sim.js';
import { openLoad, type Delivery, type Target } from './load-client.js';
import { bytes, eachLimited, ms, percentile, sleep } from './stats.js';

const EXECUTIONS = 100;
const SOCKETS = 100;
const ROUNDS = 3;
const QUIET_WINDOW_MS = 10_000;
const ROUND_SPREAD_MS = 1_000;
const ROUND_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 60_000;

/** What each subscription asks for: the execution's status and how many agent steps it has. */
const SUBSCRIPTION = /* GraphQL */ `
  subscription Bench($projectId: ID!, $id: ID!) {
    executionUpdated(projectId: $projectId, id: $id) {
      status
      agentOutputs { agentId }
    }
  }
`;

/** The number of agent steps a result shows, or null when it shows none. */
function progressOf(data: Record<string, unknown> | null): number | null {
  const execution = data?.['executionUpdated'] as { agentOutputs?: unknown[] } | null | undefined;
  return Array.isArray(execution?.agentOutputs) ? execution.agentOutputs.length : null;
}

const levels = (process.argv.find((a) => a.startsWith('--levels='))?.slice('--levels='.length) ?? '1000,10000')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
/** With `--redis=<url>` the gateway runs its live layer over Redis (one replica), to show what the bus adds. */
const redisUrl = process.argv.find((a) => a.startsWith('--redis='))?.slice('--redis='.length);


interface LevelResult {
  subscriptions: number;
  readyMs: number;
  subscribeReads: Record<string, number>;
  quietPolls: number;
  activePolls: number;
  byRoute: Record<string, number>;
  delays: number[];
  missing: number;
  heapPerSub: number;
  rssPerSub: number;
  problems: string;
  liveStats: unknown;
}

async function runLevel(
  subscriptions: number,
  sim: ReturnType<typeof simClient>,
  gateway: Awaited<ReturnType<typeof startGatewayChild>>,
  agentflowId: string,
): Promise<LevelResult> {
  console.log(`\n== ${subscriptions} subscriptions over ${EXECUTIONS} executions, ${SOCKETS} sockets`);
  // Fresh running executions for this level, each with steps left to advance.
  const ids: string[] = [];
  await eachLimited(Array.from({ length: EXECUTIONS }, (_, i) => i), 10, async (i) => {
    const id = await sim.createExecution(agentflowId, `bench ${subscriptions} #${i}`);
    await sim.advance(id); // ready → running
    ids[i] = id;
  });
  const targets: Target[] = ids.map((id) => ({ projectId: PROJECT_ID, id }));
  const before = await gateway.measure();

  // Per target: the round being measured, when its change was made and what progress shows it.
  const marks = targets.map(() => ({ round: 0, t0: 0, expected: Number.POSITIVE_INFINITY }));
  const firstSeen = new Uint8Array(subscriptions);
  const roundSeen = new Int32Array(subscriptions);
  const delays: number[] = [];
  let ready = 0;
  let roundReceived = 0;
  const onResult = ({ target, subscriber, data, at }: Delivery) => {
    if (firstSeen[subscriber] === 0) {
      firstSeen[subscriber] = 1;
      ready++;
    }
    const mark = marks[target]!;
    const progress = progressOf(data);
    if (progress !== null && progress >= mark.expected && (roundSeen[subscriber] ?? 0) < mark.round) {
      roundSeen[subscriber] = mark.round;
      delays.push(at - mark.t0);
      roundReceived++;
    }
  };

  await sim.resetLog();
  const startedAt = performance.now();
  const load = openLoad({ url: gateway.url, apiKey: sim.apiKey, sockets: SOCKETS, subscriptions, targets, query: SUBSCRIPTION, onResult });
  while (ready < subscriptions && performance.now() - startedAt < READY_TIMEOUT_MS) await sleep(50);
  const readyMs = performance.now() - startedAt;
  const subscribeReads = pollFigures(await sim.log(), readyMs).byRoute;
  console.log(`  ${ready}/${subscriptions} subscriptions delivered their first result after ${ms(readyMs)}; upstream GETs meanwhile ${JSON.stringify(subscribeReads)}`);

  await sleep(1_000);
  const open = await gateway.measure();
  const heapPerSub = (open.memory.heapUsed - before.memory.heapUsed) / subscriptions;
  const rssPerSub = (open.memory.rss - before.memory.rss) / subscriptions;
  console.log(`  gateway heap ${bytes(before.memory.heapUsed)} → ${bytes(open.memory.heapUsed)}, rss ${bytes(before.memory.rss)} → ${bytes(open.memory.rss)} (gc: ${open.gc})`);

  await sim.resetLog();
  await sleep(QUIET_WINDOW_MS);
  const quiet = pollFigures(await sim.log(), QUIET_WINDOW_MS);
  console.log(`  quiet window ${QUIET_WINDOW_MS / 1000}s: ${quiet.perSecond.toFixed(2)} upstream GETs/s ${JSON.stringify(quiet.byRoute)}`);

  await sim.resetLog();
  const activeStart = performance.now();
  const random = seeded(subscriptions);
  let missing = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    roundReceived = 0;
    await Promise.all(
      targets.map(async (_, target) => {
        await sleep(random() * ROUND_SPREAD_MS);
        const mark = marks[target]!;
        mark.t0 = performance.now();
        mark.expected = round;
        mark.round = round;
        await sim.advance(ids[target]!);
      }),
    );
    const roundStart = performance.now();
    while (roundReceived < subscriptions && performance.now() - roundStart < ROUND_TIMEOUT_MS) await sleep(20);
    missing += subscriptions - roundReceived;
    const these = delays.slice(delays.length - roundReceived);
    console.log(
      `  round ${round}: ${roundReceived}/${subscriptions} subscribers saw their execution's new step; delay p50 ${ms(percentile(these, 50))}, p99 ${ms(percentile(these, 99))}`,
    );
  }
  const activeMs = performance.now() - activeStart;
  const active = pollFigures(await sim.log(), activeMs);
  console.log(`  active window ${(activeMs / 1000).toFixed(1)}s: ${active.perSecond.toFixed(2)} upstream GETs/s ${JSON.stringify(active.byRoute)}`);

  const liveStats = (await gateway.measure()).live;
  const problems = load.problems;
  await load.close();
  return {
    subscriptions,
    readyMs,
    subscribeReads,
    quietPolls: quiet.perSecond,
    activePolls: active.perSecond,
    byRoute: active.byRoute,
    delays,
    missing,
    heapPerSub,
    rssPerSub,
    problems: `${problems.errors} errors, ${problems.completed} completed early${problems.first ? ` (first: ${problems.first})` : ''}`,
    liveStats,
  };
}

async function main() {
  const started = performance.now();
  // Over Redis, a random seed gives this run execution ids (hence watch and lease names) of its own;
  // seeds whose agentflows are too short for the rounds are skipped.
  let simulator = await startSimulator({ port: 0, stepMs: 0, quiet: true, seed: redisUrl ? randomSeed() : 42 });
  let agentflowId = await simClient(simulator).longestAgentflow(ROUNDS);
  while (agentflowId === null && redisUrl) {
    await simulator.close();
    simulator = await startSimulator({ port: 0, stepMs: 0, quiet: true, seed: randomSeed() });
    agentflowId = await simClient(simulator).longestAgentflow(ROUNDS);
  }
  if (agentflowId === null) throw new Error('no agentflow in the seed has enough agents for the rounds');
  const sim = simClient(simulator);
  // Ten thousand subscriptions of one key: the per-key caps are lifted, as for a load test.
  const gateway = await startGatewayChild(simulator.url, redisUrl, { maxSubscriptionsPerKey: 0, maxSocketsPerKey: 0 });
  const defaults = parseConfig({});
  console.log(`simulator ${simulator.url} (manual lifecycle), gateway ${gateway.url} (child process)`);
  console.log(
    `gateway settings (defaults): pollMinMs ${defaults.pollMinMs}, pollMaxMs ${defaults.pollMaxMs}, dedupeInflightGets ${defaults.dedupeInflightGets}, ${redisUrl ? 'live layer over Redis' : 'live layer in memory'}`,
  );
  const results: LevelResult[] = [];
  try {
    for (const level of levels) {
      results.push(await runLevel(level, sim, gateway, agentflowId));
      await sleep(2_000); // let the gateway drop the watches of this level
    }
  } finally {
    await gateway.stop();
    await simulator.close();
  }

  console.log('\n== summary (figures only; nothing here passes or fails)');
  for (const r of results) {
    console.log(`\n${r.subscriptions} subscriptions / ${EXECUTIONS} executions / ${SOCKETS} sockets`);
    console.log(`  upstream GETs per second: quiet ${r.quietPolls.toFixed(2)}, active ${r.activePolls.toFixed(2)}`);
    console.log(
      `  event delay (${r.delays.length} deliveries, ${r.missing} missing): p50 ${ms(percentile(r.delays, 50))}, p90 ${ms(percentile(r.delays, 90))}, p99 ${ms(percentile(r.delays, 99))}, max ${ms(percentile(r.delays, 100))}`,
    );
    console.log(`  gateway memory per subscription: heap ${bytes(r.heapPerSub)}, rss ${bytes(r.rssPerSub)}`);
    console.log(`  time to first result for all: ${ms(r.readyMs)} (upstream GETs meanwhile: ${JSON.stringify(r.subscribeReads)}); problems: ${r.problems}`);
    if (r.liveStats !== null) console.log(`  live stats before unsubscribing: ${JSON.stringify(r.liveStats)}`);
  }
  console.log(`\ntotal run time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
