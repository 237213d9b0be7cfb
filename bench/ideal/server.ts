/**
 * The "ideal" of `bench/peers.ts`: a server that answers a screen by making its dependent upstream
 * calls directly, level after level (see `bench/peers/screens.ts`), through an undici pool like the
 * gateway's, with no GraphQL, no normalisation and no shaping of the answer, which is a fixed
 * `{"data":{}}`. It tells the screens apart by the query in the POST body. Measured by the same load
 * generator as the gateways, it is the floor any gateway could reach over this upstream: the upstream
 * round trips plus the one loopback hop from the client. It shares nothing between requests.
 *
 *   UPSTREAM_URL=http://127.0.0.1:4010 PORT=0 npx tsx bench/ideal/server.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { IDEAL_ANSWER, screenOfBody } from '../peers/screens.js';

const upstream = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4010';
const pool = new Pool(upstream, { connections: 64, keepAliveTimeout: 30_000 });

const getWith = (apiKey: string) => async (path: string): Promise<unknown> => {
  const res = await pool.request({ method: 'GET', path, headers: { 'x-api-key': apiKey, accept: 'application/json' } });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`GET ${path}: ${res.statusCode}`);
  }
  return res.body.json();
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => {
    const key = req.headers['x-api-key'];
    const screen = screenOfBody(Buffer.concat(chunks).toString('utf8'));
    const answer = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!screen) return answer(400, '{"errors":[{"message":"not one of the bench screens"}]}');
    screen.ideal(getWith(typeof key === 'string' ? key : '')).then(
      () => answer(200, IDEAL_ANSWER),
      (error: unknown) => answer(502, JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] })),
    );
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`ideal listening: http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.close();
});
