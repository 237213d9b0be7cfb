/**
 * Scheduled refresh: every `tickMs` each replica claims the saved dashboards that are due (see
 * `DashboardRepository.claimDue`: the claim moves `next_refresh_at` on by one interval in the same
 * transaction, with `FOR UPDATE SKIP LOCKED` on PostgreSQL), then refreshes them with their stored key.
 * The schedule lives in the database, so it survives restarts and is shared by every replica.
 */
import type { Logger } from 'pino';
import type { ScheduledOutcome, ScheduledRefresh } from './scheduled-refresh.js';
import type { DashboardRepository } from './store/repository.js';

export interface DashboardScheduler {
  /** Claims and refreshes what is due now; resolves to the outcomes (tests and the loop use it). */
  runDue(): Promise<ScheduledOutcome[]>;
  /** Completed passes since start. */
  passes(): number;
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
}

/** Dashboards claimed per pass; the next pass takes the rest. */
const BATCH = 20;

/** Starts the loop (`tickMs` 0: no loop, `runDue()` only). */
export function startDashboardScheduler(options: {
  repo: DashboardRepository;
  refresh: ScheduledRefresh;
  tickMs: number;
  now: () => Date;
  logger: Logger;
}): DashboardScheduler {
  const { repo, refresh, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;

  const runDue = async (): Promise<ScheduledOutcome[]> => {
    const outcomes: ScheduledOutcome[] = [];
    for (;;) {
      const claimed = await repo.claimDue(options.now(), BATCH);
      for (const d of claimed) outcomes.push(await refresh(d));
      if (claimed.length < BATCH || stopped) break;
    }
    return outcomes;
  };

  const pass = async () => {
    try {
      const outcomes = await runDue();
      if (outcomes.length > 0) logger.info({ outcomes }, 'dashboards: scheduled refresh pass');
    } catch (error) {
      logger.warn({ err: error }, 'dashboards: scheduled refresh pass failed');
    } finally {
      count += 1;
    }
  };

  const loop = () => {
    if (stopped) return;
    running = pass().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.tickMs);
    });
  };
  if (options.tickMs > 0) timer = setTimeout(loop, options.tickMs);

  return {
    runDue,
    passes: () => count,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
