/**
 * One scheduled refresh of a claimed saved dashboard, with the key stored by whoever turned refresh
 * on. A key Wexa refuses (401/403) or a source that is gone turns scheduled refresh off with a reason
 * (and deletes the key): it is never retried forever. Every other failure, a stored key that no
 * configured secret opens included, leaves the key and the schedule as they are, records why in
 * `refresh_failure`, and waits for the next interval: a wrong or missing secret never destroys a key.
 * A key that opened only with a previous secret is sealed again with the current one.
 */
import type { Logger } from 'pino';
import { GatewayError } from '../errors.js';
import type { CallerFactory } from '../auth/caller.js';
import type { Operations } from '../operation.js';
import type { KeyBox } from './crypto/key-box.js';
import { readFreshSnapshot } from './sources.js';
import type { DashboardRepository, StoredDashboard } from './store/repository.js';

/** The outcome of one scheduled refresh. */
export type ScheduledOutcome = 'refreshed' | 'disabled' | 'failed' | 'gone';

/** Refreshes `claimed`; once `abandoned` is aborted (its deadline passed) it writes nothing more. */
export type ScheduledRefresh = (claimed: StoredDashboard, abandoned?: AbortSignal) => Promise<ScheduledOutcome>;

export function createScheduledRefresh(deps: {
  repo: DashboardRepository;
  keyBox: KeyBox;
  /** The caller of a stored key. */
  callers: CallerFactory;
  /** Each refresh is an operation of the stored key's caller (its loaders, its counted calls). */
  operations: Operations;
  now: () => Date;
  logger: Logger;
}): ScheduledRefresh {
  const { repo, keyBox, logger } = deps;
  const iso = () => deps.now().toISOString();
  return async (claimed, abandoned) => {
    /** Writes `changes` unless the refresh was abandoned (then the scheduler recorded why already). */
    const patch = async (changes: Parameters<DashboardRepository['patch']>[1]): Promise<boolean> =>
      abandoned?.aborted ? true : repo.patch(claimed.id, changes);
    const turnOff = async (reason: string): Promise<ScheduledOutcome> => {
      const changes = { refresh_enabled: 0, refresh_key: null, next_refresh_at: null, refresh_disabled_reason: reason, refresh_failure: null, updated_at: iso() };
      return (await patch(changes)) ? 'disabled' : 'gone';
    };
    if (claimed.refreshKey === null) return turnOff('No stored key; turn scheduled refresh on again.');
    const fail = async (reason: string): Promise<ScheduledOutcome> => ((await patch({ refresh_failure: reason })) ? 'failed' : 'gone');
    let apiKey: string;
    try {
      const opened = keyBox.unseal(claimed.refreshKey, claimed.id);
      apiKey = opened.plain;
      if (opened.stale) await repo.replaceRefreshKey(claimed.id, claimed.refreshKey, keyBox.seal(apiKey, claimed.id));
    } catch {
      logger.warn({ dashboardId: claimed.id }, 'dashboards: a stored key opens with neither GATEWAY_SECRET nor GATEWAY_SECRET_PREVIOUS; kept, tried again next interval');
      return fail(
        `The stored key cannot be read with the configured GATEWAY_SECRET (or GATEWAY_SECRET_PREVIOUS) at ${iso()}; it is kept, and tried again at the next interval.`,
      );
    }
    const at = iso();
    try {
      const op = deps.operations.start({ caller: deps.callers(apiKey), refusal: null });
      const snapshot = await readFreshSnapshot(op, claimed.source, at);
      const done = await patch({ snapshot: JSON.stringify(snapshot), last_refreshed_at: at, updated_at: at, refresh_failure: null });
      return done ? 'refreshed' : 'gone';
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : null;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
        const status = code === 'UNAUTHENTICATED' ? 401 : 403;
        return turnOff(`Wexa refused the stored key (${status}) at ${at}; scheduled refresh was turned off. Turn it on again to store a working key.`);
      }
      if (code === 'NOT_FOUND') return turnOff(`The source no longer exists in Wexa (checked at ${at}); scheduled refresh was turned off.`);
      logger.warn({ dashboardId: claimed.id, code: code ?? 'INTERNAL' }, 'dashboards: scheduled refresh failed; next attempt at the next interval');
      return fail(`The scheduled refresh at ${at} failed (${code ?? 'INTERNAL'}); it is tried again at the next interval.`);
    }
  };
}
