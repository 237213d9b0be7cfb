/**
 * The gateway in a process of its own, started by `startGatewayChild()` (`gateway-child.ts`) with
 * `fork()` and `--expose-gc`, so that its memory figures hold only the gateway (not the test's
 * requests or the simulator). A copy of `bench/gateway-child.ts`, which the benchmarks keep using.
 *
 * IPC protocol (parent → child → parent):
 * - `{ type: 'start', config }` → `{ type: 'started', url }`
 * - `{ type: 'measure' }` → `{ type: 'measured', memory, gc, live, sockets, errorLines }` (after two
 *   full GCs when available; `errorLines`: lines logged at error level so far)
 * - `{ type: 'stop' }` → `{ type: 'stopped' }`, then the process exits.
 */
import { Writable } from 'node:stream';
import { createGateway, type Gateway } from '../../src/app.js';
import { parseConfig, type ConfigInput } from '../../src/config.js';
import type { LiveStats } from '../../src/live/index.js';
import { createLogger } from '../../src/logger.js';

/** A message from the parent. */
export type ToChild = { type: 'start'; config: ConfigInput } | { type: 'measure' } | { type: 'stop' };

/** A message to the parent. */
export type FromChild =
  | { type: 'started'; url: string }
  | {
      type: 'measured';
      memory: NodeJS.MemoryUsage;
      gc: boolean;
      /** The live layer's counts (watches, pollers, subscribers, reads, polls). */
      live: LiveStats | null;
      /** Open client connections of the HTTP server. */
      sockets: number;
      errorLines: number;
      errorSamples: string[];
    }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

let gateway: Gateway | undefined;
/**
 * The gateway logs at info into this counter, which keeps the lines written at error level or above
 * (pino level ≥ 50): what nobody expected. The parent reads them with each measurement.
 */
const errorLines: string[] = [];
const counting = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      const entry = JSON.parse(line) as { level: number; msg?: string; code?: string };
      if (entry.level >= 50) errorLines.push(`${entry.msg ?? ''}${entry.code ? ` (${entry.code})` : ''}`.slice(0, 200));
    }
    done();
  },
});
const send = (message: FromChild) => process.send?.(message);
const gc = (globalThis as { gc?: () => void }).gc;

async function handle(message: ToChild): Promise<void> {
  switch (message.type) {
    case 'start': {
      gateway = await createGateway(parseConfig({ ...message.config, logLevel: 'info' }), { logger: createLogger('info', counting) });
      send({ type: 'started', url: gateway.url });
      return;
    }
    case 'measure': {
      if (gc) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      const live = gateway?.live.stats() ?? null;
      const sockets = await new Promise<number>((resolve) => (gateway ? gateway.server.getConnections((_, n) => resolve(n)) : resolve(0)));
      send({ type: 'measured', memory: process.memoryUsage(), gc: gc !== undefined, live, sockets, errorLines: errorLines.length, errorSamples: errorLines.slice(0, 5) });
      return;
    }
    case 'stop': {
      await gateway?.close();
      send({ type: 'stopped' });
      process.disconnect?.();
      return;
    }
  }
}

process.on('message', (message: ToChild) => {
  handle(message).catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
