/**
 * The scheduled-refresh loop of one replica. Every `tickMs` it claims due dashboards in the database
 * (`DashboardRepository.claimDue`: the claim moves `next_refresh_at` on by one interval in the same
 * transaction, with `FOR UPDATE SKIP LOCKED` on PostgreSQL), then refreshes them with their stored key.
 * The schedule lives in the database, so it survives restarts and is shared by every replica.
 *
 * Refreshes run `concurrency` at a time (each worker of the pass claims the next due dashboard when it
 * is free), so one slow upstream call holds one slot, not the whole pass. Each refresh has a deadline
 * (`timeoutMs`): past it, it is abandoned (whatever it brings back later is not stored), recorded as
 * failed with a reason, and tried again at the next interval.
 */
import type { Logger } from 'pino';
import type { ScheduledOutcome, ScheduledRefresh } from './scheduled-refresh.js';
import type { DashboardRepository, StoredDashboard } from './store/repository.js';

export interface DashboardScheduler {
  /** Claims and refreshes what is due now; resolves to the outcomes (tests and the loop use it). */
  runDue(): Promise<ScheduledOutcome[]>;
  /** Completed passes since start. */
  passes(): number;
  /** Refreshes running now, and the most that ever ran at once. */
  stats(): { running: number; peak: number };
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
}

/** Starts the loop (`tickMs` 0: no loop, `runDue()` only). */
export function startDashboardScheduler(options: {
  repo: DashboardRepository;
  refresh: ScheduledRefresh;
  tickMs: number;
  /** Refreshes at once. */
  concurrency: number;
  /** Deadline of one refresh, ms. */
  timeoutMs: number;
  now: () => Date;
  logger: Logger;
}): DashboardScheduler {
  const { repo, refresh, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let peak = 0;

  /** One refresh under its deadline. */
  const refreshOne = async (d: StoredDashboard): Promise<ScheduledOutcome> => {
    const abandon = new AbortController();
    let deadline: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      deadline = setTimeout(() => {
        abandon.abort();
        resolve('late');
      }, options.timeoutMs);
    });
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    try {
      const outcome = await Promise.race([refresh(d, abandon.signal), late]);
      if (outcome !== 'late') return outcome;
      logger.warn({ dashboardId: d.id, timeoutMs: options.timeoutMs }, 'dashboards: scheduled refresh abandoned at its deadline; next attempt at the next interval');
      const reason = `The scheduled refresh at ${options.now().toISOString()} did not finish within ${options.timeoutMs} ms; it is tried again at the next interval.`;
      return (await repo.patch(d.id, { refresh_failure: reason })) ? 'failed' : 'gone';
    } finally {
      clearTimeout(deadline);
      inFlight -= 1;
    }
  };

  const runDue = async (): Promise<ScheduledOutcome[]> => {
    const outcomes: ScheduledOutcome[] = [];
    const worker = async () => {
      while (!stopped) {
        const [claimed] = await repo.claimDue(options.now(), 1);
        if (!claimed) return;
        outcomes.push(await refreshOne(claimed));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
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
    stats: () => ({ running: inFlight, peak }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
