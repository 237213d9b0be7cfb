/**
 * `npm run example:console`: starts the example (identity provider, embedded Wexa simulator, a gateway
 * in token mode, the page) and prints where to open it and how to sign in. Ctrl-C stops everything.
 *
 * `CONSOLE_PORT` (default 4100) and `IDP_PORT` (default 4101) choose the two ports a browser uses.
 * With `WEXA_API_URL` and `WEXA_API_KEY` set, the gateway uses that Wexa API and key for the demo
 * tenant instead of the simulator (the key goes into the keys file only; it is never printed).
 */
import { startConsole } from './start.js';

function portOf(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not a port: expected a whole number from 0 to 65535, e.g. ${name}=${fallback}.`);
  }
  return port;
}

async function main(): Promise<void> {
  const { WEXA_API_URL: url, WEXA_API_KEY: key } = process.env;
  if ((url ?? '') !== '' && (key ?? '') === '') {
    throw new Error('WEXA_API_URL is set but WEXA_API_KEY is not: the gateway needs the Wexa key it holds for the demo tenant.');
  }
  const running = await startConsole({
    port: portOf('CONSOLE_PORT', 4100),
    idpPort: portOf('IDP_PORT', 4101),
    ...(url && key ? { upstream: { url, key } } : {}),
  });
  console.log(
    [
      `Wexa console: open ${running.url} in a browser`,
      `Sign in as "${running.login.username}" with the password "${running.login.password}" (a demo user of the local identity provider)`,
      `Identity provider: ${running.idpUrl} (JWKS at ${running.idpUrl}/.well-known/jwks.json)`,
      `Gateway (token mode): ${running.gatewayUrl}, reached by the page through ${running.url}graphql`,
      url ? `Upstream: ${running.upstreamUrl}` : `Upstream: embedded Wexa simulator at ${running.upstreamUrl}; start a run with "#approve" in its goal to be asked for an approval`,
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') {
    console.error('A port is in use: set CONSOLE_PORT and IDP_PORT to free ports (e.g. CONSOLE_PORT=4200 IDP_PORT=4201).');
  } else {
    console.error(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
