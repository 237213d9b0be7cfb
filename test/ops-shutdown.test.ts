/**
 * Graceful shutdown: a query in flight when the gateway is told to stop still gets its answer, new
 * connections are refused meanwhile, and WebSocket subscribers are closed with 1001 (going away).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './utils/gateway.js';
import { startTestSimulator } from './utils/simulator.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';

/** A proxy to the simulator that holds project reads until released. */
async function startHoldingProxy(target: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.url?.startsWith('/v1/project/')) {
        arrived();
        await released;
      }
      const upstream = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers: { 'x-api-key': String(req.headers['x-api-key']) } });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(await upstream.text());
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    arrival,
    release,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('graceful shutdown', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('finishes the query in flight, refuses new connections and closes WebSockets with 1001', async () => {
    const sim = await startTestSimulator();
    cleanup.push(() => sim.close());
    const proxy = await startHoldingProxy(sim.url);
    cleanup.push(() => proxy.close());
    const gw = await startTestGateway({ upstreamUrl: proxy.url, config: { shutdownTimeoutMs: 10_000 } });

    const socket = new WebSocket(gw.url.replace('http', 'ws'), 'graphql-transport-ws');
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': DEMO_KEY } }));
    await once(socket, 'message');
    const closed = once(socket, 'close') as Promise<[number, Buffer]>;

    const inflight = gw.gql(`{ project(id: "${PULSE}") { name } }`);
    await proxy.arrival;
    const stopping = gw.close();

    const [code] = await closed;
    expect(code).toBe(1001);
    const connecting = () => fetch(`${new URL(gw.url).origin}/healthz`).then(() => 'accepted', () => 'refused');
    await expect.poll(connecting, { message: 'new connections refused' }).toBe('refused');

    proxy.release();
    const result = await inflight;
    expect(result.errors).toBeUndefined();
    expect(result.data?.project?.name).toBe('Pulse');
    await stopping;
  });
});
