/**
 * `npm start` / `npm run start:prod`: loads the configuration from the environment and starts the gateway.
 *
 * With `WEXA_API_URL` unset (outside production), it first starts the embedded Wexa simulator and
 * points the gateway at it, printing the GraphiQL URL and the simulator's demo key. With it set, it
 * proxies that upstream. In production (`NODE_ENV=production`) `WEXA_API_URL` is required.
 *
 * A setting or a port that cannot be used ends the process with exit code 1 and one message that
 * names the variable and what to do, without a stack trace. The only module that reads `process.env`.
 */
import { createGateway } from './app.js';
import { ConfigError, isProduction, loadConfig } from './config.js';
import { startSimulator } from './simulator/index.js';

/** A start-up failure the operator can fix; printed as its message alone. */
class StartupError extends Error {}

/** Turns a listen failure into a message naming the setting to change. */
function listenError(error: unknown, host: string, port: number, what: string, variable: string): unknown {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') {
    return new StartupError(`${what}: port ${port} is in use on ${host}; set ${variable} to a free port (e.g. ${variable}=${port + 1}).`);
  }
  if (code === 'EACCES') {
    return new StartupError(`${what}: not allowed to listen on port ${port}; set ${variable} to a port above 1023 (e.g. ${variable}=4000).`);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StartupError(`${what}: cannot listen on host ${host}; set HOST to an address of this machine (e.g. HOST=127.0.0.1, or HOST=0.0.0.0 for all interfaces).`);
  }
  return error;
}

async function main(): Promise<void> {
  const env = process.env;
  const embedded = (env.WEXA_API_URL ?? '') === '' && !isProduction(env);
  // Validate everything but the upstream before starting anything.
  const config = loadConfig(embedded ? { ...env, WEXA_API_URL: 'http://127.0.0.1:1' } : env);
  const simPort = Number(env.SIM_PORT ?? 0);
  if (embedded && (!Number.isInteger(simPort) || simPort < 0 || simPort > 65_535)) {
    throw new StartupError(`Invalid configuration:\n  SIM_PORT=${JSON.stringify(env.SIM_PORT)} is not valid: expected a whole number from 0 to 65535, e.g. 4010.`);
  }
  const simulator = embedded
    ? await startSimulator({ port: simPort, stepMs: 1500, quiet: true }).catch((error: unknown) => {
        throw listenError(error, '127.0.0.1', simPort, 'embedded simulator', 'SIM_PORT');
      })
    : undefined;
  let gateway;
  try {
    gateway = await createGateway(
      simulator ? { ...config, wexaApiUrl: simulator.url } : config,
      simulator ? { demoKey: simulator.keys.demo } : {},
    );
  } catch (error) {
    await simulator?.close();
    throw listenError(error, config.host, config.port, 'wexa-graph', 'PORT');
  }

  const lines = [`wexa-graph listening: ${gateway.url}${config.production ? ' (production)' : ''}`];
  if (config.graphiql) lines.push(`GraphiQL: open ${gateway.url} in a browser`);
  lines.push(
    `Subscriptions: graphql-ws on ${gateway.url.replace(/^http/, 'ws')} or SSE on ${gateway.url}; ` +
      (config.redisUrl ? 'live updates shared across replicas through Redis (REDIS_URL)' : 'live updates in this process'),
    `Saved dashboards: REST on ${gateway.url.replace(/\/graphql$/, '')}/api/v1/analytics/dashboards, stored in ${gateway.dashboards.store.location}`,
  );
  if (simulator) {
    lines.push(
      `Upstream: embedded Wexa simulator at ${simulator.url} (set WEXA_API_URL to use the real API)`,
      `Demo key (simulator only, already filled in GraphiQL): ${simulator.keys.demo}`,
    );
  } else {
    lines.push(
      config.authMode === 'jwt'
        ? `Upstream: ${config.wexaApiUrl}; callers send a bearer token (Authorization: Bearer …), the gateway holds the Wexa keys`
        : `Upstream: ${config.wexaApiUrl}; send your Wexa API key in the x-api-key header`,
    );
  }
  lines.push(`Health: /healthz (alive), /readyz (ready)${config.metrics ? ', metrics: /metrics' : ''}`);
  console.log(lines.join('\n'));
  // Say at once when a configured dependency is not there (logged once; /readyz reports it until it is).
  void gateway.readiness.report();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down (in-flight requests get up to ${config.shutdownTimeoutMs} ms)`);
    const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000);
    timer.unref();
    await gateway.close();
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // An operator changed the keys file (token authentication): read it again; a bad file keeps the keys in use.
  process.on('SIGHUP', () => {
    try {
      gateway.reload();
      console.log('SIGHUP: configuration files read again');
    } catch (error) {
      console.error(`SIGHUP: ${error instanceof Error ? error.message : String(error)}; the previous keys stay in use`);
    }
  });
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  console.error(known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
