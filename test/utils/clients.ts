/**
 * What the client suites (`test/clients-*.test.ts`) share: one simulator with a gateway per auth mode
 * in front of it, and how each mode's credentials travel, so a suite runs the same client code in
 * both modes:
 *
 * - `api-key`: the caller's Wexa key in `x-api-key` (HTTP, SSE) or in `connection_init` (graphql-ws);
 * - `jwt`: `AUTH_MODE=jwt`, a bearer token signed by a local identity provider (jose keys, its JWKS
 *   served by a tiny HTTP server), in `authorization` or in `connection_init`; the gateway holds the
 *   demo key (`WEXA_API_KEY`).
 *
 * `trusted(mode)` starts (once, on first use) another gateway in that mode with a persisted
 * operations file in allow-list mode, for the trusted-documents tests. Subscriptions poll fast here
 * (20–50 ms) and the simulator's lifecycle is manual: `runToCompletion` steps an execution to its end.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import type { ConfigInput } from '../../src/config.js';
import { registerSecret } from '../setup/no-secrets.js';
import type { TestGateway } from './gateway.js';
import { DEMO_KEY } from './ids.js';
import type { TestSimulator } from './simulator.js';
import { useStack } from './stack.js';

export const AUTH_MODES = ['api-key', 'jwt'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** One gateway as a client sees it: where it is and the credentials of its mode. */
export interface ClientTarget {
  mode: AuthMode;
  gw: TestGateway;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `ws://127.0.0.1:<port>/graphql` */
  wsUrl: string;
  /** The credentials as HTTP headers (queries, mutations, SSE, multipart). */
  headers: Record<string, string>;
  /** The credentials as a graphql-ws `connection_init` payload. */
  connectionParams: Record<string, string>;
}

export interface ClientStack {
  sim: TestSimulator;
  /** The gateway of `mode` (started with the stack). */
  target(mode: AuthMode): ClientTarget;
  /** A gateway of `mode` that only runs the persisted operations of `trustedFile()` (started on first use). */
  trusted(mode: AuthMode): Promise<ClientTarget>;
}

/** A WebSocket class for clients that take one (Node 20 has no global WebSocket). */
export const WebSocketImpl = WebSocket;
// Clients written for browsers also look at the global (Apollo's GraphQLWsLink tells error events apart with it).
if (!('WebSocket' in globalThis)) Object.assign(globalThis, { WebSocket });

const ISSUER = 'https://idp.clients.test';
const AUDIENCE = 'wexa-graph';

/** A local identity provider: one ES256 key, its JWKS over HTTP, tokens for the `acme` tenant. */
async function startIdentityProvider(): Promise<{ jwksUrl: string; token(): Promise<string>; close(): Promise<void> }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'clients', alg: 'ES256', use: 'sig' }] });
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sign = async (key: CryptoKey) => {
    const jwt = await new SignJWT({ wexa_tenant: 'acme' })
      .setProtectedHeader({ alg: 'ES256', kid: 'clients' })
      .setSubject('client-suite')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('30m')
      .sign(key);
    registerSecret(jwt);
    return jwt;
  };
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    token: () => sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Fast polling and no upstream retries: tests wait for events, never for time. */
const LIVE: ConfigInput = { pollMinMs: 20, pollMaxMs: 50, upstreamRetries: 0 };

/**
 * Registers the stack for the file: a simulator, a gateway per auth mode with `options().config`
 * on top of {@link LIVE}, and the identity provider. `options` is read in `beforeAll`, after hooks
 * registered before this call (a fixture compiled there can be named).
 */
export function useClientStack(options: () => { config?: ConfigInput; trustedFile?: string } = () => ({})): ClientStack {
  let idp: Awaited<ReturnType<typeof startIdentityProvider>> | undefined;
  let token = '';
  beforeAll(async () => {
    idp = await startIdentityProvider();
    token = await idp.token();
  });
  afterAll(async () => {
    await idp?.close();
  });
  const stack = useStack(() => ({ config: { ...LIVE, ...options().config } }));
  const jwtConfig = (): ConfigInput => ({
    authMode: 'jwt',
    jwtJwksUrl: idp!.jwksUrl,
    jwtIssuer: ISSUER,
    jwtAudience: AUDIENCE,
    wexaApiKey: DEMO_KEY,
  });
  let jwtGateway: TestGateway | undefined;
  beforeAll(async () => {
    jwtGateway = await stack.startGateway({ config: { ...LIVE, ...options().config, ...jwtConfig() } });
  });

  const targetOf = (mode: AuthMode, gw: TestGateway): ClientTarget => ({
    mode,
    gw,
    url: gw.url,
    wsUrl: gw.url.replace(/^http/, 'ws'),
    headers: mode === 'jwt' ? { authorization: `Bearer ${token}` } : { 'x-api-key': DEMO_KEY },
    connectionParams: mode === 'jwt' ? { authorization: `Bearer ${token}` } : { 'x-api-key': DEMO_KEY },
  });
  const trusted = new Map<AuthMode, Promise<ClientTarget>>();
  return {
    get sim() {
      return stack.sim;
    },
    target: (mode) => (mode === 'jwt' ? targetOf(mode, jwtGateway!) : targetOf(mode, stack.gw)),
    trusted: (mode) => {
      let started = trusted.get(mode);
      if (!started) {
        const file = options().trustedFile;
        if (!file) throw new Error('useClientStack(): trusted() needs options().trustedFile');
        const config = { ...LIVE, persistedOperationsFile: file, persistedOperationsOnly: true, ...(mode === 'jwt' ? jwtConfig() : {}) };
        started = stack.startGateway({ config }).then((gw) => targetOf(mode, gw));
        trusted.set(mode, started);
      }
      return started;
    },
  };
}

/** Steps an execution through the simulator's lifecycle until it completes; resolves to its wire JSON. */
export async function runToCompletion(sim: TestSimulator, executionId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const wire = await sim.advance(executionId);
    if (wire.status === 'completed') return wire;
  }
}
