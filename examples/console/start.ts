/**
 * `startConsole()`: everything the example needs, started in one process, in order:
 *
 * 1. the demo identity provider (`idp.ts`: a key pair made with jose, a JWKS, a sign-in endpoint);
 * 2. the Wexa API: the embedded simulator (executions at human pace), or the one given in `upstream`;
 * 3. a gateway in token mode (`AUTH_MODE=jwt`) trusting that provider, holding the demo tenant's Wexa
 *    key in a keys file written owner-only into a fresh temporary directory (with the gateway's
 *    dashboards data), so the key never reaches a browser, a log or the page;
 * 4. the page, built with esbuild, and the console's server, which serves it and passes `/graphql`
 *    through to the gateway (`server.ts`).
 *
 * `close()` stops all of it and removes the temporary directory. Used by `main.ts`
 * (`npm run example:console`) and, with port 0 and a test's simulator, by the browser test.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGateway, type Gateway } from '../../src/app.js';
import { parseConfig, type ConfigInput } from '../../src/config.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { buildConsoleAssets } from './build.js';
import { startIdentityProvider, type DemoUser, type IdentityProvider } from './idp.js';
import { startConsoleServer, type ConsoleServer } from './server.js';

/** The demo's one user: printed at start, never a Wexa key. */
export const DEMO_USER: DemoUser = { username: 'demo', password: 'demo-console', name: 'Dana Demo', tenant: 'demo' };

/** The `aud` of the provider's tokens, which the gateway requires. */
export const AUDIENCE = 'wexa-graph-console';

export interface ConsoleOptions {
  /** Interface every server binds to (default 127.0.0.1). */
  host?: string;
  /** The console's port (0: any free one; default 0). */
  port?: number;
  /** The identity provider's port (default 0). */
  idpPort?: number;
  /** A Wexa API to use and the key the gateway holds for the demo tenant; unset: the embedded simulator and its demo key. */
  upstream?: { url: string; key: string };
  /** Options of the embedded simulator (default: 1.5 s per agent step). */
  simulator?: SimulatorOptions;
  /** Gateway settings on top of the example's. */
  gateway?: ConfigInput;
}

export interface RunningConsole {
  /** The page. */
  url: string;
  /** The identity provider (also the tokens' issuer). */
  idpUrl: string;
  /** The gateway's own GraphQL endpoint (the page reaches it through `url` + `graphql`). */
  gatewayUrl: string;
  /** The Wexa API behind the gateway. */
  upstreamUrl: string;
  /** Who can sign in. */
  login: { username: string; password: string };
  close(): Promise<void>;
}

/** Starts the identity provider, the simulator (unless `upstream`), the gateway and the console's server. */
export async function startConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const stop of closers.splice(0).reverse()) await stop();
  };
  try {
    const dir = mkdtempSync(path.join(tmpdir(), 'wexa-console-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));

    let consoleOrigin = '';
    const idp: IdentityProvider = await startIdentityProvider({
      host,
      port: options.idpPort ?? 0,
      users: [DEMO_USER],
      audience: AUDIENCE,
      // The page's origin, also as `localhost` (what people often type for 127.0.0.1).
      allowedOrigins: () => [consoleOrigin, consoleOrigin.replace('//127.0.0.1:', '//localhost:')],
    });
    closers.push(() => idp.close());

    let upstream = options.upstream;
    if (upstream === undefined) {
      const simulator: Simulator = await startSimulator({ host, port: 0, stepMs: 1500, quiet: true, ...options.simulator });
      closers.push(() => simulator.close());
      upstream = { url: simulator.url, key: simulator.keys.demo };
    }

    // The only place the Wexa key is written: a file only this user can read, in a directory only this user can enter.
    const keysFile = path.join(dir, 'wexa-keys.json');
    writeFileSync(keysFile, JSON.stringify({ [DEMO_USER.tenant]: upstream.key }), { mode: 0o600 });
    chmodSync(keysFile, 0o600);

    const gateway: Gateway = await createGateway(
      parseConfig({
        host,
        port: 0,
        wexaApiUrl: upstream.url,
        authMode: 'jwt',
        jwtJwksUrl: idp.jwksUrl,
        jwtIssuer: idp.url,
        jwtAudience: AUDIENCE,
        wexaKeysFile: keysFile,
        dataDir: path.join(dir, 'data'),
        logLevel: 'warn',
        // A person watches: a change shows within a second or two, even after a quiet spell.
        pollMinMs: 500,
        pollMaxMs: 2_000,
        ...options.gateway,
      }),
    );
    closers.push(() => gateway.close());

    const assets = await buildConsoleAssets();
    const server: ConsoleServer = await startConsoleServer({ assets, gatewayUrl: gateway.url, idpUrl: idp.url, host, port: options.port ?? 0 });
    closers.push(() => server.close());
    consoleOrigin = new URL(server.url).origin;

    return {
      url: server.url,
      idpUrl: idp.url,
      gatewayUrl: gateway.url,
      upstreamUrl: upstream.url,
      login: { username: DEMO_USER.username, password: DEMO_USER.password },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
