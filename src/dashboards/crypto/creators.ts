/**
 * Who saved a dashboard: its creator, recorded as an HMAC of the creator's Wexa key under a key
 * derived from the store key (`store-key.ts`). The store key never changes, so a creator is still
 * recognised after `GATEWAY_SECRET` is rotated (the gateway's key hashes, derived from the secret,
 * change with it); and, like those hashes, the name cannot be checked against a guessed key without
 * the store key, which only the gateway secret opens. The key is hashed in memory, never stored.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { Logger } from 'pino';
import type { Caller } from '../../auth/caller.js';
import type { DashboardRepository } from '../store/repository.js';
import type { KeyBox } from './key-box.js';

export interface CreatorNames {
  /** The creator name of a caller (what `creator` holds for dashboards they saved). */
  of(caller: Caller): string;
  /** The creator name of a Wexa key (a stored refresh key). */
  ofKey(apiKey: string): string;
}

/** Creator names under `storeKey`. */
export function createCreatorNames(storeKey: Buffer): CreatorNames {
  const hmacKey = Buffer.from(hkdfSync('sha256', storeKey, 'wexa-graph', 'dashboards: creator names v1', 32));
  const ofKey = (apiKey: string) => createHmac('sha256', hmacKey).update(apiKey).digest('hex').slice(0, 40);
  return { ofKey, of: (caller) => ofKey(caller.revealKey()) };
}

/**
 * Dashboards saved before creators were recorded, but scheduled for refresh: the key stored by whoever
 * turned refresh on is the best witness of who they belong to, so that key becomes their creator.
 * The rest stay without one until a reader manages them (see `service.ts`).
 */
export async function adoptScheduledCreators(repo: DashboardRepository, keyBox: KeyBox, names: CreatorNames, logger: Logger): Promise<void> {
  let adopted = 0;
  for (const { id, refreshKey } of await repo.sealedKeys({ withoutCreator: true })) {
    let apiKey: string;
    try {
      apiKey = keyBox.open(refreshKey, id);
    } catch {
      continue;
    }
    if (await repo.claim(id, names.ofKey(apiKey))) adopted += 1;
  }
  if (adopted > 0) logger.info({ adopted }, 'dashboards: dashboards without a creator given to the key of their scheduled refresh');
}
