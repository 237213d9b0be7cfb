/**
 * The "ideal" of `bench/peers.ts`: a server that answers the screen by making its dependent upstream
 * calls directly, level after level (the project's task list, then every distinct agentflow of its
 * executions, in parallel), with no GraphQL, no normalisation and no shaping of the answer, which is
 * a fixed `{"data":{}}`. Measured by the same load generator as the gateways, it is the floor any
 * gateway could reach over this upstream: the upstream round trips plus the one loopback hop from
 * the client, without a gateway's own work. It shares nothing between requests.
 *
 *   UPSTREAM_URL=http://127.0.0.1:4010 PORT=0 npx tsx bench/ideal/server.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4010';
const PROJECT_ID = process.env.PROJECT_ID ?? '67fdea40aac77be632954f13';
const LIMIT = Number(process.env.LIMIT ?? 50);
const pool = new Pool(upstream, { connections: 64, keepAliveTimeout: 30_000 });

async function get<T>(path: string, apiKey: string): Promise<T> {
  const res = await pool.request({ method: 'GET', path, headers: { 'x-api-key': apiKey, accept: 'application/json' } });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`GET ${path}: ${res.statusCode}`);
  }
  return (await res.body.json()) as T;
}

async function screen(apiKey: string): Promise<void> {
  const page = await get<{ data: { executions?: { agentflow_id: string | null }[] }[] }>(`/tasks/${PROJECT_ID}?skip=0&limit=${LIMIT}`, apiKey);
  const ids = new Set<string>();
  for (const task of page.data) for (const e of task.executions ?? []) if (e.agentflow_id) ids.add(e.agentflow_id);
  await Promise.all([...ids].map((id) => get(`/agentflow/${id}`, apiKey)));
}

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    const key = req.headers['x-api-key'];
    screen(typeof key === 'string' ? key : '').then(
      () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":{}}');
      },
      (error: unknown) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
      },
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
