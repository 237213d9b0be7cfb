/**
 * Finding: the upstream can send unlimited bodies, forever. A fake upstream streams answers the way a
 * broken or hostile one would: 100 MB of JSON, or a body trickled one byte at a time that never ends
 * (undici's body timeout measures the gap between chunks, so a trickle never trips it). The client
 * must stop reading at its size cap and at its deadlines, drop the connection, answer with a coded
 * error, and never send a write twice.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../src/config.js';
import { createWexaClient, type WexaClient } from '../src/wexa/client.js';
import { failure } from './utils/failure.js';
import { CREATED_EXECUTION as EXEC, DEMO_KEY as KEY, DOC_TASK as TASK, PULSE as PROJECT } from './utils/ids.js';
import { testKeyHash } from './utils/key-hash.js';

const MB = 1_000_000;

/** What the fake upstream does with the next requests. */
type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** Streams `total` bytes of a JSON string in 64 KB chunks (chunked, or with its length), minding backpressure. */
const huge =
  (total: number, declare = false): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(declare ? { 'content-length': String(total + 15) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    res.write('{"padding":"');
    let sent = 0;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end('"}');
    };
    pump();
  };

/** Answers 200 at once, then one byte every 20 ms, forever (until the client goes away). */
const trickle: Behaviour = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => {
    written += 1;
    res.write(' ');
  }, 20);
  res.on('close', () => clearInterval(timer));
};

let behaviour: Behaviour = trickle;
let requests: string[] = [];
let written = 0;
let closedSockets = 0;
const sockets = new Set<Socket>();
const server = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  req.resume();
  req.on('end', () => behaviour(req, res));
});
server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.on('close', () => {
    sockets.delete(socket);
    closedSockets += 1;
  });
});
let url = '';

const clients: WexaClient[] = [];
function api(overrides: ConfigInput = {}) {
  const client = createWexaClient(
    parseConfig({ wexaApiUrl: url, upstreamRetryBaseMs: 1, upstreamHedgeAfterMs: 0, breakerMinimumRps: 1_000_000, ...overrides }),
  );
  clients.push(client);
  return client.forKey(KEY, testKeyHash(KEY));
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
});
beforeEach(() => {
  requests = [];
  written = 0;
  closedSockets = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the upstream can send unlimited bodies, forever', () => {
  it('stops reading a 100 MB answer at the size cap: UPSTREAM_CONTRACT naming the cap, the connection dropped, not retried', async () => {
    behaviour = huge(100 * MB);
    const error = await failure(api({ upstreamMaxResponseBytes: 1 * MB, upstreamRetries: 2 }).tasks.get(PROJECT, TASK));
    expect(error.code).toBe('UPSTREAM_CONTRACT');
    expect(error.message).toContain('GET /task/{id}');
    expect(error.message).toContain('1000000 bytes');
    expect(requests).toHaveLength(1);
    await expect.poll(() => closedSockets, { message: 'the gateway to drop the connection' }).toBe(1);
    // The server wrote what the socket buffers took before the drop, nowhere near the 100 MB.
    expect(written).toBeLessThan(20 * MB);

    // A length declared over the cap is refused before the body is read.
    behaviour = huge(100 * MB, true);
    expect((await failure(api({ upstreamMaxResponseBytes: 1 * MB }).tasks.get(PROJECT, TASK))).code).toBe('UPSTREAM_CONTRACT');
    await expect.poll(() => closedSockets).toBe(2);
    expect(requests).toHaveLength(2);
  });

  it('ends a write whose body trickles forever at the write deadline, sending it once, and a read at its attempt deadline', async () => {
    behaviour = trickle;
    const client = api({ upstreamWriteTimeoutMs: 300, upstreamAttemptTimeoutMs: 200, upstreamRetries: 1, upstreamBodyTimeoutMs: 15_000 });
    const write = await failure(client.executions.pause(PROJECT, EXEC));
    expect(write.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(write.message).toContain('write deadline');
    expect(requests).toEqual([`POST /execute_flow/${EXEC}/pause?projectID=${PROJECT}`]);
    await expect.poll(() => closedSockets, { message: 'the gateway to drop the trickling connection' }).toBe(1);

    const read = await failure(client.tasks.get(PROJECT, TASK));
    expect(read.code).toBe('UPSTREAM_UNAVAILABLE');
    // One try and one retry, each cut off at the attempt deadline.
    expect(requests.slice(1)).toEqual([`GET /task/${TASK}?projectID=${PROJECT}`, `GET /task/${TASK}?projectID=${PROJECT}`]);
    await expect.poll(() => closedSockets).toBe(3);
  });
});
