/**
 * Worker mode: the gateway on every core. The primary process forks `WORKERS` workers (default: the
 * number of cores), each running a whole gateway; `node:cluster` shares the one listening socket
 * between them, so `PORT` works as with a single process (`PORT=0` too: every worker gets the same
 * free port).
 *
 * What stays correct across workers:
 * - Upstream limits and in-flight sharing of identical GETs hold per worker (each has its own pool of
 *   `WEXA_CONNECTIONS` sockets): N workers may open N times as many upstream sockets.
 * - Live updates need `REDIS_URL`: every worker then publishes and receives events through Redis and
 *   a Redis lease makes exactly one worker poll each watched resource. Without Redis a subscription's
 *   watch would be polled once per worker that has a subscriber to it, and a mutation on one worker
 *   could not re-poll another worker's watches, so the primary refuses to start more than one worker
 *   and says so.
 * - With no `WEXA_API_URL` the embedded simulator runs once, in the primary, shared by every worker.
 *
 * The primary restarts a worker that dies unexpectedly, and on SIGINT/SIGTERM lets every worker
 * close its gateway (finishing requests in flight) before it exits. Like `main.ts`, an entry point
 * that reads `process.env` (through `loadConfig`).
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createGateway } from './app.js';
import { loadConfig } from './config.js';
import { startSimulator } from './simulator/index.js';

/** Messages a worker sends its primary. */
type FromWorker = { type: 'listening'; url: string } | { type: 'failed'; message: string };

/** `WORKERS` as a positive integer, the core count when unset. Throws a readable error otherwise. */
function workerCount(raw: string | undefined, cores = availableParallelism()): number {
  if (raw === undefined || raw.trim() === '') return cores;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`WORKERS must be an integer from 1 to 256, got ${JSON.stringify(raw)}`);
  return n;
}

async function runWorker(): Promise<void> {
  const config = loadConfig(process.env);
  const gateway = await createGateway(config);
  process.send?.({ type: 'listening', url: gateway.url } satisfies FromWorker);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    void gateway.close().then(() => process.exit(0));
  };
  // The primary disconnects a worker to stop it; signals come when the whole group is interrupted.
  process.on('disconnect', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The primary passes SIGHUP on: read the keys file again (a bad file keeps the keys in use).
  process.on('SIGHUP', () => {
    try {
      gateway.reload();
    } catch (error) {
      console.error(`SIGHUP: ${error instanceof Error ? error.message : String(error)}; the previous keys stay in use`);
    }
  });
}

async function runPrimary(): Promise<void> {
  const env = process.env;
  let workers = workerCount(env.WORKERS);
  if (workers > 1 && !env.REDIS_URL) {
    console.log(
      `WORKERS=${workers} needs REDIS_URL: without Redis each worker would poll its own copy of every live watch ` +
        'and mutations could not reach other workers\' subscribers. Starting 1 worker; set REDIS_URL to use more.',
    );
    workers = 1;
  }
  const embedded = (env.WEXA_API_URL ?? '') === '';
  const simulator = embedded
    ? await startSimulator({ port: Number(env.SIM_PORT ?? 0) || 0, stepMs: 1500, quiet: true })
    : undefined;
  const workerEnv = simulator ? { WEXA_API_URL: simulator.url } : {};
  // Validate the settings once, here, so a bad one fails the start instead of every worker in a loop.
  loadConfig({ ...env, ...workerEnv });

  let stopping = false;
  const fork = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const worker: Worker = cluster.fork(workerEnv);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'listening') resolve(message.url);
        else reject(new Error(message.message));
      });
      worker.once('exit', (code, signal) => {
        reject(new Error(`worker exited (${signal ?? code}) before listening`));
        if (!stopping && worker.exitedAfterDisconnect !== true && listening) {
          console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
          void fork().catch((error: unknown) => console.error(error instanceof Error ? error.message : error));
        }
      });
    });
  let listening = false;
  const urls = await Promise.all(Array.from({ length: workers }, fork));
  listening = true;
  const url = urls[0] as string;
  const lines = [
    `wexa-graph listening: ${url} (${workers} worker${workers === 1 ? '' : 's'})`,
    `Subscriptions: graphql-ws on ${url.replace(/^http/, 'ws')} or SSE on ${url}; ` +
      (env.REDIS_URL ? 'live updates shared across workers through Redis' : 'live updates in this process'),
  ];
  if (simulator) {
    lines.push(
      `Upstream: embedded Wexa simulator at ${simulator.url} (set WEXA_API_URL to use the real API)`,
      `Demo key (simulator only): ${simulator.keys.demo}`,
    );
  }
  console.log(lines.join('\n'));

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down ${workers} worker${workers === 1 ? '' : 's'}`);
    const timer = setTimeout(() => process.exit(1), 12_000);
    timer.unref();
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.disconnect();
          }),
      ),
    );
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => {
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && !worker.isDead()) worker.process.kill('SIGHUP');
  });
}

(cluster.isPrimary ? runPrimary() : runWorker()).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (cluster.isPrimary) {
    console.error(message);
    process.exit(1);
  }
  process.send?.({ type: 'failed', message } satisfies FromWorker);
  process.exit(1);
});
