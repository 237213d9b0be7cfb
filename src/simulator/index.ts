/**
 * A Wexa-compatible HTTP simulator on node built-ins only: seeded state, execution lifecycle,
 * fault injection and a request log. See `docs/simulator.md` for the HTTP contract.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimCore } from './core.js';
import { FaultRules } from './faults.js';
import { DEMO_API_KEY, OTHER_API_KEY } from './keys.js';
import { Engine } from './lifecycle.js';
import { KeyQuota } from './quota.js';
import { RequestLog } from './request-log.js';
import { controlRoutes } from './routes/control.js';
import { apiRoutes } from './routes/index.js';
import { buildSeedState } from './seed.js';
import { createPipeline } from './server.js';

export { DEMO_API_KEY, OTHER_API_KEY } from './keys.js';
export type { LogEntry, LogView } from './request-log.js';
export type { FaultRule } from './faults.js';
export type { QuotaSettings, QuotaView } from './quota.js';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Milliseconds per agent step; 0 = manual mode (only the control API advances executions). Default 1500. */
  stepMs?: number;
  /** Seed of the generated data and ids; default 42. */
  seed?: number;
  /** When false, prints one line per request (method, path, status; never keys). Default true. */
  quiet?: boolean;
  /**
   * When false, executions never show what they wait on (`previews` and `runtime_inputs` stay `{}`,
   * `anomaly_detected` null), as in Wexa's documented examples; the inbox still holds the requests.
   * Default true.
   */
  waitMarkers?: boolean;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  /** The API keys of the demo and the second organisation. */
  keys: { demo: string; other: string };
  /** Stops timers, drops open connections (including hanging ones) and closes the server. */
  close(): Promise<void>;
}

/** Starts a simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 42;
  const host = options.host ?? '127.0.0.1';
  const holder = { state: buildSeedState(seed) };
  // The engine reads the state through the core, which reset replaces wholesale.
  const core: SimCore = Object.assign(holder, { engine: new Engine(holder, options.stepMs ?? 1500), waitMarkers: options.waitMarkers ?? true });
  const log = new RequestLog();
  const faults = new FaultRules(seed);
  const quota = new KeyQuota();
  const pending = { timers: new Set<NodeJS.Timeout>(), hanging: new Set<ServerResponse>() };
  const reset = (): void => {
    core.engine.stop();
    core.state = buildSeedState(seed);
    log.clear();
    faults.clear();
    quota.clear();
  };
  const listener = createPipeline(
    {
      core,
      routes: apiRoutes,
      controlRoutes: controlRoutes({ core, log, faults, quota, reset }),
      log,
      faults,
      quota,
      print: options.quiet === false ? (line) => console.log(`[wexa-sim] ${line}`) : undefined,
    },
    pending,
  );
  const server = createServer(listener);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    keys: { demo: DEMO_API_KEY, other: OTHER_API_KEY },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        core.engine.stop();
        for (const t of pending.timers) clearTimeout(t);
        pending.timers.clear();
        for (const res of pending.hanging) res.socket?.destroy();
        pending.hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
