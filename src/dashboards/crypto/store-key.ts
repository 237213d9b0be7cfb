/**
 * The store key: 32 random bytes the dashboards store generates on its first start and keeps sealed
 * with the gateway secret (one row of `dashboards_store_key`). It is the known answer that proves, at
 * every start, that `GATEWAY_SECRET` is the secret the store was sealed with: when it does not open
 * (nor with a `GATEWAY_SECRET_PREVIOUS` secret) the gateway refuses to start, before anything could
 * judge the stored keys unreadable. Opened with a previous secret, it is sealed again with the current
 * one; the stored refresh keys are too (`resealStoredKeys`), so after one start the old secret can go.
 *
 * Because the key itself never changes, what is derived from it (the creator names of saved
 * dashboards, `creators.ts`) survives a rotation of the gateway secret.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ConfigError } from '../../config.js';
import type { DashboardRepository } from '../store/repository.js';
import type { KeyBox } from './key-box.js';

/** The context the store key is sealed for (never a dashboard id). */
const CONTEXT = 'dashboards store key';
/** Starts the sealed text, so a value that opens but is something else is not taken for the key. */
const LABEL = 'wexa-graph dashboards store key v1:';

/** The one-line refusal when the secret does not open the store (names the setting, never a secret). */
function mismatch(location: string): ConfigError {
  return new ConfigError(
    `GATEWAY_SECRET is not the secret the dashboards store at ${location} was sealed with: set GATEWAY_SECRET to that secret ` +
      '(to rotate it, set the new one and list the old one in GATEWAY_SECRET_PREVIOUS); nothing was changed.',
  );
}

/**
 * Opens (on the first start: creates) the store key. ConfigError when the configured secrets do not
 * open it, or (on the first start of an older store) open none of its stored keys.
 */
export async function openStoreKey(repo: DashboardRepository, keyBox: KeyBox, options: { location: string; now: () => Date }): Promise<Buffer> {
  let sealed = await repo.storeKey();
  if (sealed === null) {
    // A store from before this check: its stored keys are the only witness of the secret it used.
    const stored = await repo.sealedKeys();
    if (stored.length > 0 && !stored.some((k) => opens(keyBox, k.refreshKey, k.id))) throw mismatch(options.location);
    await repo.insertStoreKey(keyBox.seal(LABEL + randomBytes(32).toString('base64url'), CONTEXT), options.now().toISOString());
    // Another process may have written its own first: every process uses the one in the store.
    sealed = await repo.storeKey();
    if (sealed === null) throw new Error('Dashboards store: the store key could not be written.');
  }
  let opened: { plain: string; stale: boolean };
  try {
    opened = keyBox.unseal(sealed, CONTEXT);
  } catch {
    throw mismatch(options.location);
  }
  if (!opened.plain.startsWith(LABEL)) throw mismatch(options.location);
  if (opened.stale) await repo.replaceStoreKey(sealed, keyBox.seal(opened.plain, CONTEXT));
  return Buffer.from(opened.plain.slice(LABEL.length), 'base64url');
}

/**
 * Seals again with the current secret every stored key that opened only with a previous one. Keys
 * no configured secret opens are left as they are (their refreshes fail, with a reason, until one does).
 */
export async function resealStoredKeys(repo: DashboardRepository, keyBox: KeyBox, logger: Logger): Promise<void> {
  let resealed = 0;
  let unreadable = 0;
  for (const { id, refreshKey } of await repo.sealedKeys()) {
    let opened: { plain: string; stale: boolean };
    try {
      opened = keyBox.unseal(refreshKey, id);
    } catch {
      unreadable += 1;
      continue;
    }
    if (opened.stale && (await repo.replaceRefreshKey(id, refreshKey, keyBox.seal(opened.plain, id)))) resealed += 1;
  }
  if (resealed > 0) logger.info({ resealed }, 'dashboards: stored keys sealed again with the current GATEWAY_SECRET');
  if (unreadable > 0) {
    logger.warn({ unreadable }, 'dashboards: stored keys that no configured secret opens are kept; their scheduled refreshes fail until one does');
  }
}

function opens(keyBox: KeyBox, sealed: string, context: string): boolean {
  try {
    keyBox.open(sealed, context);
    return true;
  } catch {
    return false;
  }
}
