/**
 * `startWorkerGateway(...)`: the gateway in worker mode (`src/cluster.ts`, several workers behind one
 * port, live layer over Redis) as a child process, for tests that must pass against it as they do
 * against the in-process gateway. Settings are passed as the environment variables `loadConfig` reads;
 * every start gets its own Redis prefix, so parallel test files never share channels or leases.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ENV_NAMES, type ConfigInput } from '../../src/config.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A worker-mode gateway process. */
export interface WorkerGateway {
  url: string;
  /** How many workers the primary said it started. */
  workers: number;
  /** The Redis prefix of this gateway's channels and leases. */
  redisPrefix: string;
  /** Everything the primary printed (never holds a key: the upstream is not the embedded simulator). */
  output(): string;
  close(): Promise<void>;
}

/** Environment variables for a config (the inverse of `loadConfig`). */
function envOf(config: ConfigInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV_NAMES)) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined && value !== null) env[name] = String(value);
  }
  return env;
}

/** Starts `src/cluster.ts` with `workers` workers pointed at `upstreamUrl`; resolves once it listens. */
export async function startWorkerGateway(options: {
  upstreamUrl: string;
  workers?: number;
  config?: ConfigInput;
  redis?: boolean;
}): Promise<WorkerGateway> {
  const redisPrefix = `wexa-graph-test:${randomUUID()}:`;
  const env = {
    ...process.env,
    ...envOf({ logLevel: 'warn', graphiql: false, ...options.config }),
    WEXA_API_URL: options.upstreamUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    WORKERS: String(options.workers ?? 2),
    REDIS_PREFIX: redisPrefix,
    REDIS_URL: options.redis === false ? '' : REDIS_URL,
  };
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // The compiled build when the suite runs against it (`WEXA_GRAPH_DIST=1`), else the sources.
  const entry = process.env.WEXA_GRAPH_DIST ? ['dist/cluster.js'] : ['--import', 'tsx', 'src/cluster.ts'];
  const child = spawn(process.execPath, entry, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker gateway not listening after 180 s:\n${out}`)), 180_000);
    const check = () => {
      const found = out.match(/listening: (http:\/\/\S+) \((\d+) workers?\)/);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker gateway exited before listening:\n${out}`));
    });
  });
  return {
    url: match[1] as string,
    workers: Number(match[2]),
    redisPrefix,
    output: () => out,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
