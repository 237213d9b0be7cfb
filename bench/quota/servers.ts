/**
 * What `bench/quota.ts` starts beyond `bench/peers/servers.ts`: Tailcall with this bench's own
 * configuration (`bench/quota/tailcall.graphql`), and the checking load generator in a forked process.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ROOT, startTailcall, type Running } from '../peers/servers.js';
import type { QuotaLoadResult, QuotaLoadSpec } from './load.js';

/** Tailcall with `bench/quota/tailcall.graphql` (and the script it links), one worker thread per core. */
export async function startQuotaTailcall(bin: string, upstream: string): Promise<Running> {
  const tailcall = await startTailcall(bin, upstream, { config: 'bench/quota/tailcall.graphql', files: ['bench/quota/tailcall.js'] });
  return { ...tailcall, how: `bench/quota/tailcall.graphql, ${availableParallelism()} worker threads` };
}

/** Runs one checked load in a forked process. */
export async function runQuotaLoad(spec: QuotaLoadSpec): Promise<QuotaLoadResult> {
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (reply: { type: 'result'; result: QuotaLoadResult } | { type: 'failed'; message: string }) => {
      if (reply.type === 'result') resolve(reply.result);
      else reject(new Error(`load: ${reply.message}`));
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load process exited (${code})`));
    });
    child.send(spec);
  });
}
