/**
 * What `bench/quota.ts` starts beyond `bench/peers/servers.ts`: Tailcall with this bench's own
 * configuration (`bench/quota/tailcall.graphql`), and the checking load generator in a forked process.
 */
import { fork, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, freePort, type Running } from '../peers/servers.js';
import type { QuotaLoadResult, QuotaLoadSpec } from './load.js';

/** Tailcall with `bench/quota/tailcall.graphql`, one worker thread per core (its default). */
export async function startQuotaTailcall(bin: string, upstream: string): Promise<Running> {
  const port = await freePort();
  const dir = join(tmpdir(), `wexa-graph-bench-quota-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const config = readFileSync(join(ROOT, 'bench/quota/tailcall.graphql'), 'utf8')
    .replaceAll('__UPSTREAM__', upstream)
    .replaceAll('__PORT__', String(port))
    .replaceAll('__WORKERS__', String(availableParallelism()));
  const file = join(dir, 'tailcall.graphql');
  writeFileSync(file, config);
  copyFileSync(join(ROOT, 'bench/quota/tailcall.js'), join(dir, 'tailcall.js'));
  const child = spawn(bin, ['start', file], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TC_TRACKER: 'false' } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tailcall exited (${child.exitCode})\n${stderr}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`tailcall not ready after 30 s\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { name: 'Tailcall 1.0.0', url, how: `bench/quota/tailcall.graphql, ${availableParallelism()} worker threads`, cpuMs: () => null, stop };
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
