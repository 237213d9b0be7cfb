/**
 * `startGatewayChild(upstreamUrl)`: the gateway in a child process (`gateway-child-entry.ts`, forked with
 * `--expose-gc`), for a test that measures the gateway's own memory while it generates the load itself.
 * Unlike `startTestGateway`, the gateway runs with its production defaults (rate limits, hedged GETs);
 * only its saved dashboards go to a throwaway data directory (removed on `stop`). The benchmarks start
 * their gateway child through it too (`bench/bench-sim.ts`).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigInput } from '../../src/config.js';
import type { FromChild, ToChild } from './gateway-child-entry.js';

/** A gateway child process. */
export interface GatewayChild {
  url: string;
  /** The child's memory after a full GC. */
  measure(): Promise<Extract<FromChild, { type: 'measured' }>>;
  stop(): Promise<void>;
}

/** Forks the gateway child, starts a gateway pointed at `upstreamUrl` in it and resolves once it listens. */
export async function startGatewayChild(upstreamUrl: string, config: ConfigInput = {}): Promise<GatewayChild> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = fork(fileURLToPath(new URL('./gateway-child-entry.ts', import.meta.url)), [], {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T extends FromChild['type']>(message: ToChild, answer: T) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      const onMessage = (reply: FromChild) => {
        if (reply.type === 'failed') reject(new Error(`gateway child: ${reply.message}`));
        else if (reply.type === answer) resolve(reply as Extract<FromChild, { type: T }>);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-child-'));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ type: 'stop' }, 'stopped');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const startConfig = { port: 0, host: '127.0.0.1', wexaApiUrl: upstreamUrl, logLevel: 'silent' as const, graphiql: false, dataDir, ...config };
  try {
    const { url } = await ask({ type: 'start', config: startConfig }, 'started');
    return { url, measure: () => ask({ type: 'measure' }, 'measured'), stop };
  } catch (error) {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
