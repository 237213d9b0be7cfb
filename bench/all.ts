/**
 * `npm run bench`: every benchmark, one after another, each in its own process, with shortened
 * settings so the whole run stays under five minutes. Prints each one's tables as they come.
 *
 * - `bench/peers.ts`: the screen side by side with Tailcall, the bare baseline and the ideal, with the
 *   worker mode (one worker per core, over the local Redis) as a row of its own;
 * - `bench/queries.ts`: upstream calls vs distinct resources vs one call per parent, latency vs the ideal;
 * - `bench/subscriptions.ts --levels=1000`: a small subscription run;
 * - `bench/startup.ts`: start-up and first answer.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { ROOT } from './peers/servers.js';

const steps: { script: string; args?: string[]; env?: NodeJS.ProcessEnv }[] = [
  {
    script: 'bench/peers.ts',
    env: { DURATION: process.env.DURATION ?? '4', ROUNDS: process.env.ROUNDS ?? '2', WARMUP: '1', WORKERS: process.env.WORKERS ?? String(availableParallelism()) },
  },
  { script: 'bench/queries.ts', env: { RUNS: '20' } },
  { script: 'bench/subscriptions.ts', args: ['--levels=1000'] },
  { script: 'bench/startup.ts', env: { RUNS: '3' } },
];

const started = performance.now();
for (const step of steps) {
  const t0 = performance.now();
  console.log(`\n===== ${step.script} ${(step.args ?? []).join(' ')}\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', step.script, ...(step.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...step.env },
      stdio: 'inherit',
    });
    child.once('exit', resolve);
  });
  console.log(`\n(${step.script}: ${((performance.now() - t0) / 1000).toFixed(0)} s${code === 0 ? '' : `, exit code ${code}`})`);
  if (code !== 0) process.exitCode = 1;
}
console.log(`\nall benchmarks: ${((performance.now() - started) / 1000).toFixed(0)} s`);
