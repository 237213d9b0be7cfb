/**
 * `npm start`: loads the configuration from the environment and starts the gateway.
 *
 * With `WEXA_API_URL` unset, it first starts the embedded Wexa simulator and points the gateway at
 * it, printing the GraphiQL URL and the simulator's demo key. With it set, it proxies that upstream.
 * The only module that reads `process.env`.
 */
import { createGateway } from './app.js';
import { loadConfig } from './config.js';
import { startSimulator } from './simulator/index.js';

async function main(): Promise<void> {
  const env = process.env;
  const embedded = (env.WEXA_API_URL ?? '') === '';
  const simulator = embedded
    ? await startSimulator({ port: Number(env.SIM_PORT ?? 0) || 0, stepMs: 1500, quiet: true })
    : undefined;
  const config = loadConfig(simulator ? { ...env, WEXA_API_URL: simulator.url } : env);
  const gateway = await createGateway(config, simulator ? { demoKey: simulator.keys.demo } : {});

  const lines = [
    `wexa-graph listening: ${gateway.url}`,
    `GraphiQL: open ${gateway.url} in a browser`,
    `Subscriptions: graphql-ws on ${gateway.url.replace(/^http/, 'ws')} or SSE on ${gateway.url}; ` +
      (config.redisUrl ? 'live updates shared across replicas through Redis' : 'live updates in this process'),
    `Saved dashboards: REST on ${gateway.url.replace(/\/graphql$/, '')}/api/v1/analytics/dashboards, stored in ${gateway.dashboards.store.location}`,
  ];
  if (simulator) {
    lines.push(
      `Upstream: embedded Wexa simulator at ${simulator.url} (set WEXA_API_URL to use the real API)`,
      `Demo key (simulator only, already filled in GraphiQL): ${simulator.keys.demo}`,
    );
  } else {
    lines.push(`Upstream: ${config.wexaApiUrl}; send your Wexa API key in the x-api-key header`);
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await gateway.close();
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
