/**
 * A throwaway HTTP server standing in for the upstream in client tests that need exact control of
 * the wire (echoed bodies, garbage JSON, HTTP-date Retry-After) or need to see exactly what the
 * client sent (headers, URL, body). Listens on port 0; `close()` also ends hung connections.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status?: number;
  json?: unknown;
  /** Raw body text (wins over `json`). */
  text?: string;
  headers?: Record<string, string>;
  /** Never answer. */
  hang?: boolean;
  /** Close the socket without answering. */
  drop?: boolean;
}

export interface FakeUpstream {
  url: string;
  requests: CapturedRequest[];
  /** Replaces the reply function. */
  reply(fn: (req: CapturedRequest) => FakeReply): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(initial: (req: CapturedRequest) => FakeReply = () => ({ json: {} })): Promise<FakeUpstream> {
  let handler = initial;
  const requests: CapturedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      const r = handler(captured);
      if (r.drop) {
        req.socket.destroy();
        return;
      }
      if (r.hang) return;
      const body = r.text ?? (r.json === undefined ? '' : JSON.stringify(r.json));
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
      res.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    reply(fn) {
      handler = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
