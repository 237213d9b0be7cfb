/**
 * A tiny identity provider for the demo, standing in for the app's real one (Auth0, Keycloak, Entra…):
 * it signs a demo user in and publishes the public half of its signing key, nothing more.
 *
 * - `POST /token` with `{"username", "password"}` (JSON) → `{access_token, token_type: "Bearer",
 *   expires_in, name}`: an ES256 JWT with `sub`, `name`, the tenant claim `wexa_tenant`, `iss` (this
 *   server's URL), `aud` and `exp`. Wrong credentials → 401 `{error: "invalid_grant", error_description}`.
 * - `GET /.well-known/jwks.json` → `{keys: [<public JWK>]}`: what the gateway verifies tokens with
 *   (`JWT_JWKS_URL`).
 *
 * The key pair is made with jose at start and lives in memory only. The page signs in from its own
 * origin, so `/token` answers CORS for the origins `allowedOrigins()` lists (and no other).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** Someone who may sign in, and the tenant whose Wexa key the gateway uses for them. */
export interface DemoUser {
  username: string;
  password: string;
  /** Shown in the page once signed in. */
  name: string;
  /** The `wexa_tenant` claim: a name in the gateway's keys file. */
  tenant: string;
}

export interface IdentityProviderOptions {
  users: readonly DemoUser[];
  /** The `aud` of every token (the gateway's `JWT_AUDIENCE`). */
  audience: string;
  /** Origins whose pages may call `/token` (read on each request: the page's origin is known later). */
  allowedOrigins: () => readonly string[];
  host?: string;
  /** 0 (the default): any free port. */
  port?: number;
  /** Token lifetime, seconds (default 3600). */
  tokenTtlS?: number;
}

export interface IdentityProvider {
  /** Base URL, also the tokens' `iss`. */
  url: string;
  /** Where the gateway reads the public keys (`JWT_JWKS_URL`). */
  jwksUrl: string;
  audience: string;
  close(): Promise<void>;
}

/** The largest sign-in body read. */
const MAX_BODY_BYTES = 4096;

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares two secrets in constant time (over their digests, so lengths do not leak either). */
function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts the identity provider; resolves once it listens. */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const ttl = options.tokenTtlS ?? 3600;
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] });
  let issuer = '';

  const cors = (req: IncomingMessage): Record<string, string> | null => {
    const origin = req.headers.origin;
    if (origin === undefined) return {};
    if (!options.allowedOrigins().includes(origin)) return null;
    return { 'access-control-allow-origin': origin, vary: 'origin' };
  };

  const signIn = async (req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> => {
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text === null ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    const { username, password } = (body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string') {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Send {"username": "…", "password": "…"} as JSON.' }, headers);
      return;
    }
    // Every user and both fields are compared, so the time taken does not tell which usernames exist.
    let user: DemoUser | undefined;
    for (const candidate of options.users) {
      const name = same(candidate.username, username);
      const secret = same(candidate.password, password);
      if (name && secret) user = candidate;
    }
    if (!user) {
      sendJson(res, 401, { error: 'invalid_grant', error_description: 'That username and password do not match.' }, headers);
      return;
    }
    const token = await new SignJWT({ name: user.name, wexa_tenant: user.tenant })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(user.username)
      .setIssuer(issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(privateKey);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttl, name: user.name }, headers);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/.well-known/jwks.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(req.method === 'HEAD' ? undefined : jwks);
      return;
    }
    if (path === '/token') {
      const headers = cors(req);
      if (headers === null) {
        sendJson(res, 403, { error: 'invalid_request', error_description: 'This origin may not sign in here.' });
        return;
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...headers, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
        res.end();
        return;
      }
      if (req.method === 'POST') {
        signIn(req, res, headers).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { error: 'server_error' }, headers);
          else res.destroy();
        });
        return;
      }
      sendJson(res, 405, { error: 'invalid_request', error_description: 'POST only.' }, { ...headers, allow: 'POST, OPTIONS' });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    audience: options.audience,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
