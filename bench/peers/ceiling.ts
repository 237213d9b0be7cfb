/**
 * Node's ceiling for `bench/peers.ts`: a bare `node:http` server that reads each request and answers
 * at once with the exact bytes of the screen's expected answer (from the file `ANSWER_FILE`). No
 * GraphQL, no upstream: what one Node process costs per request to take a POST and send the same
 * ~3 KB of JSON back, the most any Node gateway could serve on this machine.
 *
 *   ANSWER_FILE=/tmp/answer.json PORT=0 npx tsx bench/peers/ceiling.ts
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.env.ANSWER_FILE;
if (!file) throw new Error('ANSWER_FILE is required');
const answer = readFileSync(file);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(answer.length) };

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(200, headers);
    res.end(answer);
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`ceiling listening: http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
