/**
 * Liveness and readiness tell the truth: `/healthz` and `/health` answer while the process lives;
 * `/readyz` fails while the upstream refuses connections (or Redis is unreachable) and recovers
 * when it is back, and the loss and the recovery are each logged once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../src/app.js';
import { pino } from 'pino';
import { parseConfig } from '../src/config.js';
import { readinessRoute } from '../src/http/routes.js';
import { breakerTracker, createReadiness, databaseCheck, upstreamCheck } from '../src/observability/health.js';
import { startTestSimulator, type TestSimulator } from './utils/simulator.js';
import { captureLogs } from './utils/log-capture.js';

/** The gateways' data directory (their defaults apart from it: never the checkout's `./data`). */
const dataDir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-health-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function get(url: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** A TCP server that counts the connections it accepts and closes each at once (enough for a check that only connects). */
async function connectionCounter(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    socket.on('error', () => socket.destroy());
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('health endpoints', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('/readyz fails while the upstream is down and recovers after; /healthz stays up', async () => {
    let sim: TestSimulator = await startTestSimulator();
    const port = sim.sim.port;
    const logs = captureLogs();
    // The checks run in the background only; a short interval lets /readyz follow the simulator quickly.
    const gateway: Gateway = await createGateway(parseConfig({ port: 0, wexaApiUrl: sim.url, dataDir, readinessIntervalMs: 50 }), { logger: logs.logger });
    cleanup.push(() => gateway.close());
    const origin = new URL(gateway.url).origin;

    expect(await get(`${origin}/readyz`)).toEqual({ status: 200, body: { status: 'ready', checks: { upstream: { ok: true } } } });

    await sim.close();
    await expect.poll(async () => (await get(`${origin}/readyz`)).status, { message: '/readyz to see the upstream gone' }).toBe(503);
    expect((await get(`${origin}/readyz`)).body.checks.upstream).toEqual({ ok: false, reason: 'ECONNREFUSED' });
    expect((await get(`${origin}/healthz`)).status).toBe(200);
    expect(await get(`${origin}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    // Asked again while still down (and checked again in the background): no second log line.
    expect((await get(`${origin}/readyz`)).status).toBe(503);

    sim = await startTestSimulator({ port });
    cleanup.push(() => sim.close());
    await expect.poll(async () => (await get(`${origin}/readyz`)).status, { message: '/readyz to see the upstream back' }).toBe(200);

    const changes = logs.lines.filter((l) => typeof l.dependency === 'string').map((l) => [l.level, l.msg]);
    expect(changes).toEqual([
      [40, 'dependency unavailable: upstream'],
      [30, 'dependency available again: upstream'],
    ]);
  });

  it('/readyz fails while Redis is unreachable, without a log line per reconnect attempt', async () => {
    const sim = await startTestSimulator();
    cleanup.push(() => sim.close());
    const logs = captureLogs();
    const gateway = await createGateway(parseConfig({ port: 0, wexaApiUrl: sim.url, dataDir, redisUrl: 'redis://127.0.0.1:1' }), {
      logger: logs.logger,
    });
    cleanup.push(() => gateway.close());
    const origin = new URL(gateway.url).origin;
    for (let i = 0; i < 3; i++) {
      const ready = await get(`${origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.redis.ok).toBe(false);
      expect(ready.body.checks.upstream.ok).toBe(true);
    }
    expect(logs.lines.filter((l) => (l.level as number) >= 40)).toEqual([
      expect.objectContaining({ dependency: 'redis', msg: 'dependency unavailable: redis' }),
    ]);
    expect(logs.text()).not.toContain('    at ');
  });

  it('/readyz opens connections per request: 50 unauthenticated /readyz open no upstream or database connection', async () => {
    // The gateway's readiness as app.ts builds it (upstream and database checks) behind its /readyz
    // route, with fake TCP servers for Wexa and PostgreSQL that count the connections they get.
    const upstream = await connectionCounter();
    cleanup.push(() => upstream.close());
    const database = await connectionCounter();
    cleanup.push(() => database.close());
    const readiness = createReadiness(
      [upstreamCheck(`http://127.0.0.1:${upstream.port}`, breakerTracker(5_000)), databaseCheck(`postgres://wexa@127.0.0.1:${database.port}/wexa`)],
      pino({ level: 'silent' }),
      // No background round during the requests below: only the first one, at once.
      600_000,
    );
    cleanup.push(() => readiness.close());
    const route = readinessRoute(readiness);
    const server = createHttpServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    expect(await get(`${origin}/readyz`)).toEqual({ status: 200, body: { status: 'ready', checks: { upstream: { ok: true }, database: { ok: true } } } });
    expect({ upstream: upstream.connections(), database: database.connections() }).toEqual({ upstream: 1, database: 1 });

    const answers = await Promise.all(Array.from({ length: 50 }, () => get(`${origin}/readyz`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect({ upstream: upstream.connections(), database: database.connections() }).toEqual({ upstream: 1, database: 1 });
  });

  it('answers GET / with where the GraphQL endpoint is', async () => {
    const sim = await startTestSimulator();
    cleanup.push(() => sim.close());
    const gateway = await createGateway(parseConfig({ port: 0, wexaApiUrl: sim.url, dataDir, logLevel: 'silent' }));
    cleanup.push(() => gateway.close());
    const origin = new URL(gateway.url).origin;
    const root = await get(`${origin}/`);
    expect(root.status).toBe(200);
    expect(root.body.graphql).toBe('/graphql');
    const html = await fetch(`${origin}/`, { headers: { accept: 'text/html' } });
    expect(await html.text()).toContain('href="/graphql"');
  });
});
