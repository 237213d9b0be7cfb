/**
 * Token authentication (`AUTH_MODE=jwt`), as a browser app meets it: tokens made with jose and
 * signed by a local identity provider whose JWKS a tiny HTTP server serves. A valid token's tenant
 * picks the Wexa key the gateway holds (a keys file); every kind of bad token is UNAUTHENTICATED with
 * a reason that never quotes it (401 over HTTP); a client's own `x-api-key` is refused; the WebSocket,
 * SSE and the dashboards REST routes take the token too; a subscription ends when its token expires;
 * and neither a token nor a Wexa key appears in a log line or an answer.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { registerSecret } from './setup/no-secrets.js';
import { postGraphQL } from './utils/graphql.js';
import { DEMO_KEY, OTHER_KEY, PULSE } from './utils/ids.js';
import { captureLogs } from './utils/log-capture.js';
import { useStack } from './utils/stack.js';
import { record, runningExecution } from './utils/subscriptions.js';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'wexa-graph';

/** A signing key of the identity provider. */
interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** The identity provider's JWKS endpoint; `publish` changes the keys it lists (rotation). */
async function startJwks(): Promise<{ url: string; publish(keys: SigningKey[]): void; fetches: () => number; close(): Promise<void> }> {
  let body = JSON.stringify({ keys: [] });
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    publish: (keys) => {
      body = JSON.stringify({ keys: keys.map((k) => k.jwk) });
    },
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Claims {
  tenant?: string | null;
  issuer?: string;
  audience?: string;
  expiresIn?: string | number;
  notBefore?: string | number;
}

/** A token for `claims`, signed with `key` (the header names `kid`, which may differ from the key's). */
async function token(key: SigningKey, claims: Claims = {}, kid = key.kid): Promise<string> {
  const jwt = new SignJWT(claims.tenant === null ? {} : { wexa_tenant: claims.tenant ?? 'acme' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setSubject('user-1')
    .setIssuer(claims.issuer ?? ISSUER)
    .setAudience(claims.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '10m');
  if (claims.notBefore !== undefined) jwt.setNotBefore(claims.notBefore);
  const signed = await jwt.sign(key.privateKey);
  registerSecret(signed);
  return signed;
}

const PROJECT_NAME = /* GraphQL */ `query ($id: ID!) { project(id: $id) { name } }`;

const logs = captureLogs('debug');
let jwks: Awaited<ReturnType<typeof startJwks>>;
let keyA: SigningKey;
let keyB: SigningKey;
let stranger: SigningKey;
const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-tokens-'));
const keysFile = path.join(dir, 'wexa-keys.json');

/** Writes the keys file the gateway holds (owner-only, as it requires). */
function writeKeys(keys: Record<string, string>): void {
  writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
  chmodSync(keysFile, 0o600);
}

beforeAll(async () => {
  [keyA, keyB, stranger] = await Promise.all([signingKey('key-a'), signingKey('key-b'), signingKey('key-a')]);
  jwks = await startJwks();
  jwks.publish([keyA]);
  writeKeys({ acme: DEMO_KEY, globex: OTHER_KEY });
});

afterAll(async () => {
  await jwks?.close();
  rmSync(dir, { recursive: true, force: true });
});

const stack = useStack(() => ({
  config: {
    authMode: 'jwt',
    jwtJwksUrl: jwks.url,
    jwtIssuer: ISSUER,
    jwtAudience: AUDIENCE,
    wexaKeysFile: keysFile,
    // Rotation is tested: a token with an unknown kid fetches the JWKS again at once.
    jwtJwksRefreshMinMs: 0,
    jwtClockToleranceS: 0,
  },
  deps: { logger: logs.logger },
}));

/** A graphql-ws client that sends `jwt` in its `connection_init` payload. */
const wsWithToken = (jwt: string) =>
  createWsClient({
    url: stack.gw.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${jwt}` },
    retryAttempts: 0,
    lazy: true,
  });

/** POSTs a query with `Authorization: Bearer <jwt>` and no Wexa key. */
const withToken = (jwt: string, query = PROJECT_NAME, variables: Record<string, unknown> = { id: PULSE }) =>
  postGraphQL(stack.gw.url, query, variables, null, { authorization: `Bearer ${jwt}` });

describe('token authentication', () => {
  it("answers a valid token with the data its tenant's Wexa key can read", async () => {
    const res = await withToken(await token(keyA));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ project: { name: 'Pulse' } });
  });

  it("keeps tenants apart: another tenant's key cannot read the first tenant's project", async () => {
    const res = await withToken(await token(keyA, { tenant: 'globex' }));
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['expired', () => token(keyA, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['not yet valid', () => token(keyA, { notBefore: '5m' }), /not valid yet/],
    ['from another issuer', () => token(keyA, { issuer: 'https://evil.example.test' }), /another issuer/],
    ['for another audience', () => token(keyA, { audience: 'someone-else' }), /another audience/],
    ['badly signed', () => token(stranger, {}, 'key-a'), /signature does not verify/],
    ['for a tenant the gateway holds no key for', () => token(keyA, { tenant: 'initech' }), /no Wexa key for its tenant/],
    ['without a tenant', () => token(keyA, { tenant: null }), /no "wexa_tenant" claim/],
    ['not a token at all', async () => 'not-a-jwt', /not a valid signed token/],
  ])('refuses a token %s with 401 UNAUTHENTICATED and a reason that does not quote it', async (_name, make, reason) => {
    const jwt = await make();
    const res = await withToken(jwt);
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toMatch(reason);
    expect(JSON.stringify(res)).not.toContain(jwt);
  });

  it('refuses a token signed with an unknown kid, then accepts it once the identity provider lists the key (rotation)', async () => {
    const jwt = await token(keyB);
    const before = await withToken(jwt);
    expect([before.status, before.errors?.[0]?.message]).toEqual([401, expect.stringMatching(/key the identity provider does not list/)]);
    jwks.publish([keyA, keyB]);
    const fetched = jwks.fetches();
    const after = await withToken(jwt);
    expect(after.data).toEqual({ project: { name: 'Pulse' } });
    // Exactly one fetch of the JWKS for the new kid; a known kid then costs none.
    expect(jwks.fetches()).toBe(fetched + 1);
    await withToken(await token(keyB));
    expect(jwks.fetches()).toBe(fetched + 1);
  });

  it("refuses a client's own x-api-key in this mode, with or without a token", async () => {
    const alone = await postGraphQL(stack.gw.url, PROJECT_NAME, { id: PULSE }, DEMO_KEY);
    const both = await postGraphQL(stack.gw.url, PROJECT_NAME, { id: PULSE }, DEMO_KEY, { authorization: `Bearer ${await token(keyA)}` });
    for (const res of [alone, both]) {
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.message).toMatch(/x-api-key is not accepted/);
    }
  });

  it('still answers introspection without a token (GraphiQL can explore the schema), and asks for a token for the rest', async () => {
    const res = await postGraphQL(stack.gw.url, '{ __schema { queryType { name } } }', undefined, null);
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await postGraphQL(stack.gw.url, PROJECT_NAME, { id: PULSE }, null);
    expect([refused.status, refused.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(refused.errors?.[0]?.message).toMatch(/bearer token/);
  });

  it('takes the token in the graphql-ws connection_init payload, and over SSE in the Authorization header', async () => {
    const jwt = await token(keyA);
    const ws = wsWithToken(jwt);
    const overWs = record((sink) => ws.subscribe({ query: PROJECT_NAME, variables: { id: PULSE } }, sink as never));
    await overWs.done;
    await ws.dispose();
    expect(overWs.results).toEqual([{ data: { project: { name: 'Pulse' } } }]);

    const sse = createSseClient({ url: stack.gw.url, singleConnection: false, headers: { authorization: `Bearer ${jwt}` }, retryAttempts: 0 });
    const overSse = record((sink) => sse.subscribe({ query: PROJECT_NAME, variables: { id: PULSE } }, sink as never));
    await overSse.done;
    sse.dispose();
    expect(overSse.results).toEqual([{ data: { project: { name: 'Pulse' } } }]);
  });

  it('ends a subscription with UNAUTHENTICATED when its token expires', async () => {
    const id = await runningExecution(stack.sim);
    const jwt = await token(keyA, { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const ws = wsWithToken(jwt);
    const sub = record((sink) =>
      ws.subscribe({ query: 'subscription ($p: ID!, $id: ID!) { executionUpdated(projectId: $p, id: $id) { status } }', variables: { p: PULSE, id } }, sink as never),
    );
    await sub.done;
    await ws.dispose();
    expect(sub.results[0]).toEqual({ data: { executionUpdated: { status: 'RUNNING' } } });
    expect(sub.results.at(-1)?.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(sub.results.at(-1)?.errors?.[0]?.message).toMatch(/expired/);
  });

  it('serves the saved-dashboards REST routes to a token, and refuses them without one', async () => {
    const jwt = await token(keyA);
    const ok = await fetch(`${stack.gw.url.replace(/\/graphql$/, '')}/api/v1/analytics/dashboards`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(ok.status).toBe(200);
    const refused = await fetch(`${stack.gw.url.replace(/\/graphql$/, '')}/api/v1/analytics/dashboards`, { headers: { 'x-api-key': DEMO_KEY } });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([401, 'unauthorized']);
  });

  it('reads the keys file again on reload (SIGHUP), and keeps the keys in use when the new file is bad', async () => {
    const jwt = await token(keyA, { tenant: 'initech' });
    expect((await withToken(jwt)).status).toBe(401);
    writeKeys({ acme: DEMO_KEY, initech: DEMO_KEY });
    stack.gw.gateway.reload();
    expect((await withToken(jwt)).data).toEqual({ project: { name: 'Pulse' } });
    writeFileSync(keysFile, 'not json');
    expect(() => stack.gw.gateway.reload()).toThrow(/WEXA_KEYS_FILE/);
    expect((await withToken(jwt)).data).toEqual({ project: { name: 'Pulse' } });
    writeKeys({ acme: DEMO_KEY, globex: OTHER_KEY });
    stack.gw.gateway.reload();
  });

  it('writes no token and no Wexa key into any log line', () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(text).not.toContain(DEMO_KEY);
    expect(text).not.toContain(OTHER_KEY);
  });
});

describe('token authentication settings', () => {
  it('refuses to start without a way to verify tokens or without Wexa keys, naming what to set', async () => {
    await expect(stack.startGateway({ config: { authMode: 'jwt', wexaKeysFile: keysFile } })).rejects.toThrow(/JWT_JWKS_URL or JWT_PUBLIC_KEY_FILE/);
    await expect(stack.startGateway({ config: { authMode: 'jwt', jwtJwksUrl: jwks.url } })).rejects.toThrow(/WEXA_KEYS_FILE/);
  });

  it('refuses a keys file other users may write', async () => {
    const loose = path.join(dir, 'loose.json');
    writeFileSync(loose, JSON.stringify({ acme: DEMO_KEY }));
    chmodSync(loose, 0o666);
    await expect(stack.startGateway({ config: { authMode: 'jwt', jwtJwksUrl: jwks.url, wexaKeysFile: loose } })).rejects.toThrow(/written by other users/);
  });
});
