/**
 * The Wexa keys the gateway holds for token authentication (`AUTH_MODE=jwt`): `WEXA_KEYS_FILE`, a JSON
 * object `{"<tenant>": "<wexa api key>"}`, or `WEXA_API_KEY`, one key every valid token uses. The file
 * is read at start and again on `reload()` (SIGHUP); a file others may write is refused, one others may
 * read is reported once. Keys are never logged, returned or put in an error; errors name the file and
 * the tenant's position, never a key.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../config.js';

export interface TenantKeys {
  /** The key of `tenant` (any tenant, with a single `WEXA_API_KEY`), or null when the gateway holds none. */
  keyFor(tenant: string | null): string | null;
  /** Reads the keys file again; on a bad file the keys in use stay and the error is thrown. */
  reload(): void;
}

/** What {@link loadTenantKeys} reports besides errors. */
export interface TenantKeysNotes {
  /** The file can be read by users other than its owner. */
  onLooseFile?(file: string): void;
}

/** Reads and checks a keys file: a JSON object of non-empty strings. */
function readKeysFile(file: string, notes: TenantKeysNotes): Map<string, string> {
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`WEXA_KEYS_FILE=${JSON.stringify(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if ((mode & 0o022) !== 0) {
    throw new ConfigError(`WEXA_KEYS_FILE=${JSON.stringify(file)} may be written by other users; make it owner-writable only (chmod 600).`);
  }
  if ((mode & 0o044) !== 0) notes.onLooseFile?.(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`WEXA_KEYS_FILE=${JSON.stringify(file)} is not valid JSON: expected {"<tenant>": "<wexa api key>", ...}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`WEXA_KEYS_FILE=${JSON.stringify(file)} must hold a JSON object {"<tenant>": "<wexa api key>", ...}.`);
  }
  const keys = new Map<string, string>();
  Object.entries(parsed as Record<string, unknown>).forEach(([tenant, key], index) => {
    if (typeof key !== 'string' || key.trim() === '' || tenant === '') {
      throw new ConfigError(`WEXA_KEYS_FILE=${JSON.stringify(file)}: entry ${index + 1} must map a tenant name to a non-empty key string.`);
    }
    keys.set(tenant, key.trim());
  });
  return keys;
}

/** The keys from `keysFile`, or the single `apiKey`; at least one must be given. */
export function loadTenantKeys(options: { keysFile?: string | undefined; apiKey?: string | undefined }, notes: TenantKeysNotes = {}): TenantKeys {
  const { keysFile, apiKey } = options;
  if (!keysFile && !apiKey) throw new ConfigError('AUTH_MODE=jwt needs the Wexa keys the gateway holds: set WEXA_KEYS_FILE (or WEXA_API_KEY for one key).');
  let keys = keysFile ? readKeysFile(keysFile, notes) : new Map<string, string>();
  return {
    keyFor: (tenant) => (tenant !== null ? keys.get(tenant) : undefined) ?? apiKey ?? null,
    reload() {
      if (keysFile) keys = readKeysFile(keysFile, notes);
    },
  };
}
