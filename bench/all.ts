/**
 * `npm run bench`: every benchmark, one after another, each in its own process, with shortened
 * settings so the whole run stays under eight minutes on 2 cores. Prints each one's tables as they come.
 *
 * - `bench/peers.ts`: the main screen under load beside Tailcall, the bare baseline, the ideal and
 *   Node's ceiling, with the worker mode as a row of its own; the light-load table over three screens;
 * - `bench/quota.ts`: the quota-bound benchmark;
 * - `bench/queries.ts`: upstream calls vs distinct resources vs one call per parent;
 * - `bench/subscriptions.ts --levels=1000`: a small subscription run;
 * - `bench/startup.ts`: start-up and first answer.
 *
 * A step whose script does not exist (yet) is skipped with a line saying so. `BENCH_NODE` (see
 * bench/peers/servers.ts) passes through to every step; the scripts that start the gateway with
 * `startGateway` (peers, startup) run it on that Node.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './peers/servers.js';

interface Step {
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

const steps: Step[] = [
  {
    script: 'bench/peers.ts',
    env: {
      DURATION: process.env.DURATION ?? '3',
      ROUNDS: process.env.ROUNDS ?? '3',
      WARMUP: '1',
      LIGHT_REQUESTS: process.env.LIGHT_REQUESTS ?? '130',
      WORKERS: process.env.WORKERS ?? String(availableParallelism()),
    },
  },
  { script: 'bench/quota.ts' },
  { script: 'bench/queries.ts', env: { RUNS: '20' } },
  { script: 'bench/subscriptions.ts', args: ['--levels=1000'] },
  { script: 'bench/startup.ts', env: { RUNS: '3' } },
];

/** Runs one step in its own process; resolves with its exit code. */
function run(step: Step): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', step.script, ...(step.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...step.env },
      stdio: 'inherit',
    });
    child.once('exit', resolve);
  });
}

const started = performance.now();
for (const step of steps) {
  const title = [step.script, ...(step.args ?? [])].join(' ');
  if (!existsSync(join(ROOT, step.script))) {
    console.log(`\n===== ${title}: skipped, ${step.script} does not exist in this checkout`);
    continue;
  }
  const t0 = performance.now();
  console.log(`\n===== ${title}\n`);
  const code = await run(step);
  console.log(`\n(${step.script}: ${((performance.now() - t0) / 1000).toFixed(0)} s${code === 0 ? '' : `, exit code ${code}`})`);
  if (code !== 0) process.exitCode = 1;
}
console.log(`\nall benchmarks: ${((performance.now() - started) / 1000).toFixed(0)} s`);
