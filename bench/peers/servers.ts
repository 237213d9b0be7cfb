/**
 * The processes `bench/peers.ts` runs side by side: the simulator (with a control API for latency and
 * the request log), our gateway, Tailcall, the bare baseline, the ideal and Node's ceiling, each in a
 * process of its own, plus the forked load generator and light-load client. Every server listens on
 * a free port and is stopped by its handle.
 *
 * `BENCH_NODE=/path/to/node` runs the gateway and the bench's own servers (baseline, ideal, ceiling)
 * on that Node binary; the simulator, the load generator and the light-load client stay on the Node
 * that runs the bench.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightResult, LightSpec } from './light.js';
import type { LoadResult, LoadSpec } from './load.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Node binary of the servers under test (`BENCH_NODE`, else this process's). */
export const BENCH_NODE = process.env.BENCH_NODE || process.execPath;
const TAILCALL_PACKAGE = '@tailcallhq/core-linux-x64-gnu@1.0.0';

/** A server process under test. */
export interface Running {
  name: string;
  /** Its GraphQL endpoint (or base URL, for the simulator). */
  url: string;
  /** How it was started, for the table header. */
  how: string;
  /** The version of the Node binary it runs on (`v24.1.0`), when it is a Node process. */
  node?: string;
  /** CPU time (user + system, ms) its process and its child processes have used so far; null off Linux. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** CPU time of a process and its descendants, from /proc (Linux); null where there is no /proc. */
function cpuOfTree(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync('/proc/self/stat')) return null;
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state ppid … utime(14) stime(15).
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    ticks += stats.get(current)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === current) stack.push(child);
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}


const versions = new Map<string, string>();
/** The `--version` of a Node binary (cached); `unknown` when it cannot be run. */
export function nodeVersion(bin: string = BENCH_NODE): string {
  let version = versions.get(bin);
  if (version === undefined) {
    const run = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    version = run.status === 0 ? run.stdout.trim() : 'unknown';
    versions.set(bin, version);
  }
  return version;
}

/** A free TCP port on 127.0.0.1 (for Tailcall, which cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

/** Spawns a process and resolves with the first match of `ready` on its stdout (30 s at most). */
async function spawnUntil(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready after 30 s\n${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = out.match(ready);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready\n${stderr}`));
    });
  });
  child.stdout?.resume();
  return { child, match };
}

/** The Wexa simulator in its own process (manual execution mode: the data does not move). */
export async function startSimulatorProcess(): Promise<Running> {
  const { child, match } = await spawnUntil(
    process.execPath,
    ['--import', 'tsx', 'src/simulator/main.ts'],
    { SIM_PORT: '0', SIM_STEP_MS: '0', SIM_QUIET: '1' },
    /listening on (http:\/\/\S+)/,
  );
  return {
    name: 'simulator',
    url: match[1] as string,
    how: 'tsx src/simulator/main.ts',
    node: process.version,
    cpuMs: () => cpuOfTree(child.pid),
    stop: stopper(child),
  };
}

/** The newest modification time of any file under `dir` (0 when there is none). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds `dist/` (`npm run build`) when it is missing or older than `src/`, so the benchmarks always
 * measure the compiled production start of the code as it is.
 */
export function ensureBuilt(): void {
  const built = existsSync(join(ROOT, 'dist/main.js')) ? statSync(join(ROOT, 'dist/main.js')).mtimeMs : 0;
  if (built > 0 && built >= newestMtime(join(ROOT, 'src'))) return;
  console.log('building dist/ (npm run build)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/**
 * Our gateway, production-like: `NODE_ENV=production`, warnings-only logging, no GraphiQL. Compiled
 * (`dist/`) when a build exists, else through tsx. With `workers`, the worker-mode start (`cluster`).
 * `GATEWAY_ENTRY=<path to a compiled main.js>` runs another build instead (e.g. an older commit's, to
 * compare two versions side by side); `dist/` is then not rebuilt. Runs on `BENCH_NODE` unless `node`
 * names another binary.
 */
/** The V8 flags of the production start (`npm run start:prod`, the image's NODE_OPTIONS). */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=64'];

export async function startGateway(
  upstream: string,
  options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; workers?: boolean; node?: string } = {},
): Promise<Running> {
  if (process.env.GATEWAY_ENTRY === undefined) ensureBuilt();
  const entry = options.workers ? 'cluster' : 'main';
  const compiled = [process.env.GATEWAY_ENTRY ?? '', `dist/src/${entry}.js`, `dist/${entry}.js`].find((file) => file !== '' && existsSync(join(ROOT, file)));
  const args = compiled ? [compiled] : ['--import', 'tsx', `src/${entry}.ts`];
  // All load comes with one key, so the gateway's per-key limit (a protection the peers do not have) is
  // off here: with it, most requests would be RATE_LIMITED answers instead of work.
  const env = {
    NODE_ENV: 'production',
    WEXA_API_URL: upstream,
    PORT: '0',
    LOG_LEVEL: 'warn',
    GRAPHIQL: 'false',
    RATE_LIMIT_PER_SECOND: '0',
    ...options.env,
  };
  const node = options.node ?? BENCH_NODE;
  // Compiled, it starts as `npm run start:prod` and the image do: with their V8 flags.
  const nodeArgs = [...(compiled ? PRODUCTION_NODE_FLAGS : []), ...(options.nodeArgs ?? [])];
  const { child, match } = await spawnUntil(node, [...nodeArgs, ...args], env, /listening: (http:\/\/\S+)/);
  return {
    name: 'wexa-graph',
    url: match[1] as string,
    how: `node ${[...nodeArgs, ...args].join(' ')}`,
    node: nodeVersion(node),
    cpuMs: () => cpuOfTree(child.pid),
    stop: stopper(child),
  };
}

/** One of the bench's own servers (a script run through tsx on `BENCH_NODE`). */
async function startBenchServer(name: string, script: string, how: string, env: NodeJS.ProcessEnv): Promise<Running> {
  const { child, match } = await spawnUntil(BENCH_NODE, ['--import', 'tsx', script], { PORT: '0', ...env }, /listening: (http:\/\/\S+)/);
  return { name, url: match[1] as string, how, node: nodeVersion(BENCH_NODE), cpuMs: () => cpuOfTree(child.pid), stop: stopper(child) };
}

/** The ideal (`bench/ideal/server.ts`): each screen's upstream calls made directly behind one hop. */
export const startIdeal = (upstream: string): Promise<Running> =>
  startBenchServer(
    'ideal',
    'bench/ideal/server.ts',
    'the same dependent upstream calls made directly with undici, level after level, behind one loopback hop; answers {"data":{}} (bench/ideal)',
    { UPSTREAM_URL: upstream },
  );

/** Node's ceiling (`bench/peers/ceiling.ts`): a bare node:http server answering `answer`'s bytes at once. */
export async function startCeiling(answer: string): Promise<Running> {
  const dir = join(tmpdir(), `wexa-graph-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ceiling-answer.json');
  writeFileSync(file, answer);
  return startBenchServer(
    'Node ceiling',
    'bench/peers/ceiling.ts',
    `a bare node:http server answering the expected ${Buffer.byteLength(answer)} bytes at once, no upstream (bench/peers/ceiling.ts)`,
    { ANSWER_FILE: file },
  );
}

/** The bare baseline (`bench/baseline/server.ts`). */
export const startBaseline = (upstream: string): Promise<Running> =>
  startBenchServer('baseline', 'bench/baseline/server.ts', 'plain graphql-yoga + fetch (bench/baseline)', { UPSTREAM_URL: upstream });

/**
 * The Tailcall binary: `TAILCALL_BIN`, else the npm package installed (once, without touching the
 * project's package.json) under `node_modules/.cache/tailcall`. Null when it cannot be had.
 */
export function tailcallBinary(): string | null {
  if (process.env.TAILCALL_BIN) return process.env.TAILCALL_BIN;
  const dir = join(ROOT, 'node_modules/.cache/tailcall');
  const bin = join(dir, 'node_modules/@tailcallhq/core-linux-x64-gnu/bin/tailcall');
  if (existsSync(bin)) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  console.log(`installing ${TAILCALL_PACKAGE} into node_modules/.cache/tailcall (once)…`);
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', TAILCALL_PACKAGE], { cwd: dir, stdio: 'ignore' });
  return npm.status === 0 && existsSync(bin) ? bin : null;
}

/**
 * Tailcall with a configuration of this repository (default `bench/peers/tailcall.graphql`; `files`
 * are copied beside it, e.g. an `@link`ed script), one worker thread per core (its default).
 */
export async function startTailcall(
  bin: string,
  upstream: string,
  options: { config?: string; files?: string[] } = {},
): Promise<Running> {
  const configPath = options.config ?? 'bench/peers/tailcall.graphql';
  const port = await freePort();
  const dir = join(tmpdir(), `wexa-graph-bench-${process.pid}-${configPath.replaceAll('/', '-')}`);
  mkdirSync(dir, { recursive: true });
  for (const extra of options.files ?? []) copyFileSync(join(ROOT, extra), join(dir, basename(extra)));
  const config = readFileSync(join(ROOT, configPath), 'utf8')
    .replaceAll('__UPSTREAM__', upstream)
    .replaceAll('__PORT__', String(port))
    .replaceAll('__WORKERS__', String(availableParallelism()));
  const file = join(dir, 'tailcall.graphql');
  writeFileSync(file, config);
  const child = spawn(bin, ['start', file], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TC_TRACKER: 'false' } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
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
  return {
    name: 'Tailcall 1.0.0',
    url,
    how: `${TAILCALL_PACKAGE}, ${availableParallelism()} worker threads, dedupe on every @http (${configPath})`,
    cpuMs: () => cpuOfTree(child.pid),
    stop: stopper(child),
  };
}

type Reply<R> = { type: 'result'; result: R } | { type: 'failed'; message: string };
interface Helper {
  child: ChildProcess | null;
  queue: Promise<unknown>;
}
/** The forked helper processes (the load generator, the light-load client), by script. */
const helpers = new Map<string, Helper>();

/** A helper's process, forked once and reused (its IPC channel holds this process only during a call). */
function helperProcess(script: string, helper: Helper): ChildProcess {
  if (helper.child !== null && helper.child.exitCode === null && helper.child.connected) return helper.child;
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  helper.child = child;
  return child;
}

/** Sends `spec` to the helper process of `script` (one call at a time per helper) and resolves with its reply. */
function callHelper<S, R>(script: string, what: string, spec: S): Promise<R> {
  let helper = helpers.get(script);
  if (helper === undefined) {
    helper = { child: null, queue: Promise.resolve() };
    helpers.set(script, helper);
  }
  const h = helper;
  const run = h.queue.then(
    () =>
      new Promise<R>((resolve, reject) => {
        const child = helperProcess(script, h);
        const done = () => {
          child.off('message', onMessage);
          child.off('exit', onExit);
          child.channel?.unref();
        };
        const onMessage = (reply: Reply<R>) => {
          done();
          if (reply.type === 'result') resolve(reply.result);
          else reject(new Error(`${what}: ${reply.message}`));
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`${what} process exited (${code})`));
        };
        child.channel?.ref();
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(spec as object);
      }),
  );
  h.queue = run.catch(() => undefined);
  return run;
}

/** Runs one load in the load generator's process (`load.ts`, one load at a time) and returns its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return callHelper<LoadSpec, LoadResult>('./load.ts', 'load', spec);
}

/**
 * Runs one light-load measurement (one screen, sequential pairs of each server's request and the
 * ideal's) in the light-load client's process (`light.ts`) and returns its figures.
 */
export function runLight(spec: LightSpec): Promise<LightResult> {
  return callHelper<LightSpec, LightResult>('./light.ts', 'light load', spec);
}
