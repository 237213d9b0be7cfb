/**
 * Start-up: how long the gateway takes from process start to listening, and to its first answer of
 * the peers' screen (a cold process: nothing compiled or cached yet), against a simulator in its own
 * process. Each start mode is measured RUNS times (default 3); prints medians.
 *
 *   npx tsx bench/startup.ts
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuilt, startGateway, startSimulatorProcess } from './peers/servers.js';

const RUNS = Number(process.env.RUNS ?? 3);
const BODY = JSON.stringify({
  query: 'query ($id: ID!) { project(id: $id) { tasks(first: 50) { nodes { executions { status agentflow { name } } } } } }',
  variables: { id: '67fdea40aac77be632954f13' },
});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  ensureBuilt();
  const sim = await startSimulatorProcess();
  const rows: string[] = [];
  try {
    const modes: { label: string; env?: NodeJS.ProcessEnv }[] = [{ label: 'single process' }];
    if (existsSync(join(ROOT, 'src/cluster.ts'))) {
      const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      modes.push({ label: 'workers (WORKERS=2, Redis)', env: { WORKERS: '2', REDIS_URL: redis, REDIS_PREFIX: `wexa-graph-startup:${process.pid}:` } });
    }
    for (const mode of modes) {
      const ready: number[] = [];
      const first: number[] = [];
      let how = '';
      for (let run = 0; run < RUNS; run++) {
        const t0 = performance.now();
        const gw = await startGateway(sim.url, { env: mode.env, workers: mode.env?.WORKERS !== undefined });
        ready.push(performance.now() - t0);
        how = gw.how;
        const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'wexa-sim-demo-key' }, body: BODY });
        const json = (await res.json()) as { errors?: unknown };
        if (json.errors) throw new Error(`first query failed: ${JSON.stringify(json.errors)}`);
        first.push(performance.now() - t0);
        await gw.stop();
      }
      rows.push(`| ${mode.label}: ${how} | ${median(ready).toFixed(0)} ms | ${median(first).toFixed(0)} ms |`);
    }
  } finally {
    await sim.stop();
  }
  console.log(`# Start-up (median of ${RUNS})\n`);
  console.log('| start | process start → listening | → first screen answered |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(row);
}

await main();
