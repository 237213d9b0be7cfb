/**
 * The gateway under test, in a process of its own so that its memory figures hold only the gateway
 * (not the load generator, the simulator or 10,000 client-side subscriptions), and so that gateway and
 * load generator each get a core. Started by `bench/subscriptions.ts` with `fork()` and `--expose-gc`.
 *
 * IPC protocol (parent → child → parent):
 * - `{ type: 'start', config }` → `{ type: 'started', url }`
 * - `{ type: 'measure' }` → `{ type: 'measured', memory, live, sockets }` (after two full GCs when available;
 *   `sockets`: open client connections of the HTTP server)
 * - `{ type: 'stop' }` → `{ type: 'stopped' }`, then the process exits.
 */
import { createGateway, type Gateway } from '../src/app.js';
import { parseConfig, type ConfigInput } from '../src/config.js';

/** A message from the parent. */
export type ToChild = { type: 'start'; config: ConfigInput } | { type: 'measure' } | { type: 'stop' };

/** A message to the parent. */
export type FromChild =
  | { type: 'started'; url: string }
  | { type: 'measured'; memory: NodeJS.MemoryUsage; gc: boolean; live: unknown; sockets: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

let gateway: Gateway | undefined;
const send = (message: FromChild) => process.send?.(message);
const gc = (globalThis as { gc?: () => void }).gc;

async function handle(message: ToChild): Promise<void> {
  switch (message.type) {
    case 'start': {
      gateway = await createGateway(parseConfig(message.config));
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
      send({ type: 'measured', memory: process.memoryUsage(), gc: gc !== undefined, live, sockets });
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
