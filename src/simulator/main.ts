/**
 * `npm run simulator`: starts the Wexa simulator on `SIM_PORT` (default 4010) with `SIM_STEP_MS`
 * (default 1500) and prints its URL and the demo key.
 */
import { DEMO_API_KEY, startSimulator } from './index.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const sim = await startSimulator({
  port: intFromEnv('SIM_PORT', 4010),
  host: process.env['SIM_HOST'] || '127.0.0.1',
  stepMs: intFromEnv('SIM_STEP_MS', 1500),
  seed: intFromEnv('SIM_SEED', 42),
  quiet: process.env['SIM_QUIET'] === '1',
});
console.log(`Wexa simulator listening on ${sim.url}`);
console.log(`Demo API key (x-api-key header): ${DEMO_API_KEY}`);
console.log(`Control API: ${sim.url}/__simulator/requests`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
