/**
 * How many scrypt computations (checking a viewer's password, hashing a new one) run at once in this
 * process. Each takes one of libuv's four threads for tens of milliseconds, and those threads also do
 * the process's file and DNS work: unbounded, a stream of guesses would starve everything else. At most
 * `concurrency` run; up to {@link MAX_WAITING} more wait their turn; past that a check is refused with
 * RATE_LIMITED (retry in a second) before it costs anything.
 */
import pLimit from 'p-limit';
import { RateLimitedError } from '../../errors.js';

/** Password checks that may wait for a free slot, per process. */
export const MAX_WAITING = 100;

export interface PasswordChecks {
  /** Runs `work` (one scrypt) when a slot is free; RATE_LIMITED when too many are waiting already. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Running and waiting now, and the most that ever ran at once. */
  stats(): { running: number; waiting: number; peak: number };
}

export function createPasswordChecks(concurrency: number): PasswordChecks {
  const limit = pLimit(Math.max(1, concurrency));
  let peak = 0;
  return {
    run(work) {
      if (limit.pendingCount >= MAX_WAITING) {
        return Promise.reject(new RateLimitedError('The gateway is busy checking passwords; retry in 1 second.', { retryAfter: 1 }));
      }
      return limit(async () => {
        peak = Math.max(peak, limit.activeCount);
        return work();
      });
    },
    stats: () => ({ running: limit.activeCount, waiting: limit.pendingCount, peak }),
  };
}
