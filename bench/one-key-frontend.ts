/**
 * One busy frontend on one org key: 30 clients read the fault suite's four screens back to back for
 * `--seconds` (default 10) through a gateway in this process, with the per-key rate limit at its
 * defaults (or `--rate` / `--burst`), no faults. Prints reads a second, upstream calls a second (from
 * the simulator's log) and the share of reads refused with RATE_LIMITED.
 *
 *   npx tsx bench/one-key-frontend.ts
 *   npx tsx bench/one-key-frontend.ts --rate 50 --burst 500
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGateway } from '../src/app.js';
import { parseConfig, type ConfigInput } from '../src/config.js';
import { startSimulator } from '../src/simulator/index.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, rate: { type: 'string' }, burst: { type: 'string' } } });
const seconds = Number(values.seconds);
const CLIENTS = 30;
const PULSE = '67fdea40aac77be632954f13';
const MARKET_SCANNER = '680351c0d90e5957cbd52173';
const READS = [
  `{ project(id: "${PULSE}") { name tasks(first: 5) { nodes { name status } } } }`,
  '{ projects(first: 3) { nodes { name } } }',
  `{ agentflow(id: "${MARKET_SCANNER}") { name agents { title } } }`,
  `{ project(id: "${PULSE}") { agentflows(first: 5) { nodes { name } } } }`,
];

const sim = await startSimulator({ port: 0, stepMs: 0, quiet: true });
const dataDir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-bench-'));
const limits: ConfigInput = {
  ...(values.rate === undefined ? {} : { rateLimitPerSecond: values.rate }),
  ...(values.burst === undefined ? {} : { rateLimitBurstPerMinute: values.burst }),
};
const config = parseConfig({ port: 0, wexaApiUrl: sim.url, logLevel: 'silent', dataDir, ...limits });
const gateway = await createGateway(config);

let reads = 0;
let refused = 0;
let failed = 0;
const until = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, i) => {
    for (let n = i; performance.now() < until; n++) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': sim.keys.demo },
        body: JSON.stringify({ query: READS[n % READS.length] }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      reads += 1;
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      if (codes.includes('RATE_LIMITED')) refused += 1;
      else if (codes.length > 0) failed += 1;
    }
  }),
);
const log = (await (await fetch(`${sim.url}/__simulator/requests`)).json()) as { total: number };
console.log(
  `limit ${config.rateLimitPerSecond}/s + ${config.rateLimitBurstPerMinute}/min: ${(reads / seconds).toFixed(0)} reads/s, ` +
    `${(log.total / seconds).toFixed(0)} upstream calls/s, ${((refused / reads) * 100).toFixed(1)} % RATE_LIMITED, ${failed} other failures`,
);
await gateway.close();
await sim.close();
rmSync(dataDir, { recursive: true, force: true });
