/**
 * The gateway secret that seals stored keys: `GATEWAY_SECRET`, or (embedded default only) a random
 * secret generated once into the data directory with owner-only permissions and reused on every start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file the generated secret lives in, under `dataDir`. */
export const SECRET_FILE = 'gateway-secret';

/**
 * The secret to use. With a database URL, every replica must decrypt what another stored, so a
 * generated per-machine secret would silently break: `GATEWAY_SECRET` is then required.
 */
export function loadGatewaySecret(config: { gatewaySecret?: string | undefined; dataDir: string; databaseUrl?: string | undefined }): string {
  if (config.gatewaySecret) return config.gatewaySecret;
  if (config.databaseUrl) {
    throw new Error('GATEWAY_SECRET is required when DATABASE_URL is set (every replica must read the keys stored for scheduled refresh).');
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(config.dataDir, SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  // `wx`: never overwrite a secret another process wrote in the meantime (that one wins).
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return secret;
}
