/**
 * Token authentication (`AUTH_MODE=jwt`): a request carries `Authorization: Bearer <JWT>` (HTTP and
 * SSE) or `{"authorization": "Bearer <JWT>"}` in the graphql-ws `connection_init` payload, signed by
 * the app's own identity provider. A valid token's tenant claim (`JWT_TENANT_CLAIM`, default
 * `wexa_tenant`) picks the Wexa key the gateway holds for that tenant (`tenant-keys.ts`), and the
 * caller is that key's, exactly as if the key had been sent; the browser never sees a Wexa key.
 *
 * Verification is jose's (`jwtVerify`): signature against the JWKS at `JWT_JWKS_URL` (cached, fetched
 * again when a token names an unknown `kid`, at most once per `JWT_JWKS_REFRESH_MIN_MS`) or against
 * the PEM public key in `JWT_PUBLIC_KEY_FILE`; `exp` and `nbf` (with `JWT_CLOCK_TOLERANCE_S`), and the
 * issuer and audience when configured. Every refusal is UNAUTHENTICATED with a reason that never
 * quotes the token. A client's own `x-api-key` is refused in this mode: it would go around the
 * identity provider.
 */
import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../config.js';
import { UnauthenticatedError } from '../errors.js';
import type { CallerFactory } from './caller.js';
import type { Authenticator, Credentials, Identity } from './index.js';
import type { TenantKeys } from './tenant-keys.js';

/** The settings of token authentication. */
export interface TokenSettings {
  jwtJwksUrl?: string | undefined;
  jwtPublicKeyFile?: string | undefined;
  jwtIssuer?: string | undefined;
  jwtAudience?: string | undefined;
  jwtTenantClaim: string;
  jwtJwksRefreshMinMs: number;
  jwtClockToleranceS: number;
}

/** Algorithms accepted: asymmetric only (a shared secret would let every verifier mint tokens). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A bearer token from an `Authorization` value, or null when there is none. */
function bearer(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1]! : null;
}

const refuse = (reason: string): Identity => ({
  caller: null,
  refusal: new UnauthenticatedError(`The bearer token was refused: ${reason}.`),
});

/** Why jose refused a token, in words that never quote it. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'it is not valid yet';
    if (error.claim === 'iss') return 'it was issued by another issuer';
    if (error.claim === 'aud') return 'it is meant for another audience';
    return `its "${error.claim}" claim is not acceptable`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it is signed with a key the identity provider does not list';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not accepted';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return "the identity provider's keys could not be read; retry later";
  return 'it is not a valid signed token';
}

/** The verification key (a JWKS or one public key). */
async function verificationKey(settings: TokenSettings): Promise<JWTVerifyGetKey | CryptoKey> {
  if (settings.jwtJwksUrl) {
    return createRemoteJWKSet(new URL(settings.jwtJwksUrl), { cooldownDuration: settings.jwtJwksRefreshMinMs, timeoutDuration: 5_000 });
  }
  if (!settings.jwtPublicKeyFile) throw new ConfigError('AUTH_MODE=jwt needs JWT_JWKS_URL or JWT_PUBLIC_KEY_FILE (a PEM public key).');
  const pem = readFileSync(settings.jwtPublicKeyFile, 'utf8');
  for (const alg of ALGORITHMS) {
    try {
      return await importSPKI(pem, alg);
    } catch {
      // Not a key for this algorithm; try the next.
    }
  }
  throw new ConfigError(`JWT_PUBLIC_KEY_FILE=${JSON.stringify(settings.jwtPublicKeyFile)} does not hold a PEM public key (-----BEGIN PUBLIC KEY-----).`);
}

/** Creates the token authenticator. Rejects (ConfigError) on settings that cannot work. */
export async function createTokenAuthenticator(settings: TokenSettings, keys: TenantKeys, callers: CallerFactory): Promise<Authenticator> {
  const key = await verificationKey(settings);
  const options = {
    algorithms: ALGORITHMS,
    clockTolerance: settings.jwtClockToleranceS,
    ...(settings.jwtIssuer ? { issuer: settings.jwtIssuer } : {}),
    ...(settings.jwtAudience ? { audience: settings.jwtAudience } : {}),
  };
  const verify = (token: string): Promise<JWTPayload> =>
    typeof key === 'function' ? jwtVerify(token, key, options).then((r) => r.payload) : jwtVerify(token, key, options).then((r) => r.payload);

  return {
    async identify(credentials: Credentials): Promise<Identity> {
      if (credentials.apiKey !== undefined && credentials.apiKey !== null && credentials.apiKey !== '') {
        return { caller: null, refusal: new UnauthenticatedError('This gateway takes a bearer token (Authorization: Bearer …); x-api-key is not accepted.') };
      }
      const token = bearer(credentials.authorization);
      if (token === null) {
        return credentials.authorization === undefined || credentials.authorization === null
          ? { caller: null, refusal: new UnauthenticatedError('Sign in first: this gateway takes a bearer token (Authorization: Bearer <token>).') }
          : refuse('send it as "Authorization: Bearer <token>"');
      }
      let payload: JWTPayload;
      try {
        payload = await verify(token);
      } catch (error) {
        return refuse(reasonOf(error));
      }
      const claim = payload[settings.jwtTenantClaim];
      const tenant = typeof claim === 'string' && claim !== '' ? claim : null;
      const wexaKey = keys.keyFor(tenant);
      if (wexaKey === null) return refuse(tenant === null ? `it has no "${settings.jwtTenantClaim}" claim` : 'the gateway holds no Wexa key for its tenant');
      try {
        return { caller: callers(wexaKey, { tenant, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null }), refusal: null };
      } catch {
        return refuse('the Wexa key held for its tenant is not usable');
      }
    },
  };
}
