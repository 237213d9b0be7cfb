/**
 * The gateway secret that seals stored keys and names API keys: `GATEWAY_SECRET` (at least
 * {@link MIN_SECRET_LENGTH} characters, checked by the config), or (embedded default only) a random
 * secret generated once into the data directory with owner-only permissions and reused on every start.
 *
 * The generated file is written whole to a temporary file, flushed, and linked into place, so a second
 * process starting at the same moment either wins or reads the complete winner, never a half-written
 * file. A file holding fewer than {@link MIN_SECRET_LENGTH} characters (emptied by a full disk,
 * truncated by hand) stops the start: replacing it would orphan every key sealed with the old secret.
 *
 * Whether the secret is the one the dashboards store was sealed with is checked when the store opens
 * (`src/dashboards/crypto/store-key.ts`); errors here and there are one line and never hold a secret.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, MIN_SECRET_LENGTH } from '../config.js';

/** The file the generated secret lives in, under `dataDir`. */
export const SECRET_FILE = 'gateway-secret';

/**
 * The secret to use. With a database URL, every replica must decrypt what another stored, so a
 * generated per-machine secret would silently break: `GATEWAY_SECRET` is then required.
 */
export function loadGatewaySecret(config: { gatewaySecret?: string | undefined; dataDir: string; databaseUrl?: string | undefined }): string {
  if (config.gatewaySecret) return config.gatewaySecret;
  if (config.databaseUrl) {
    throw new ConfigError('GATEWAY_SECRET is required when DATABASE_URL is set (every replica must read the keys stored for scheduled refresh).');
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(config.dataDir, SECRET_FILE);
  return readSecretFile(file) ?? createSecretFile(file);
}

/** The secret in `file`, or null when there is no file. ConfigError when it is too short to be one. */
function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `${file} holds no usable gateway secret (fewer than ${MIN_SECRET_LENGTH} characters, e.g. emptied by a full disk): ` +
        'restore it from a backup, or set GATEWAY_SECRET to the secret this data directory was sealed with; it was left as it is.',
    );
  }
  return text;
}

/** Writes a new random secret into `file` unless another process got there first (then that one wins). */
function createSecretFile(file: string): string {
  const secret = randomBytes(32).toString('base64url');
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, `${secret}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, file);
    return secret;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another process linked its secret first: use that one (or start over if it vanished since).
    if (code === 'EEXIST') return readSecretFile(file) ?? createSecretFile(file);
    throw new ConfigError(`Could not write the gateway secret to ${file} (${code ?? 'error'}): free space or fix its permissions, or set GATEWAY_SECRET.`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Never written, or already gone.
    }
  }
}
