/**
 * The wrong-password limit of published dashboards: at most `maxFailures` wrong passwords per slug
 * within a sliding window, counted in the store so every replica sees the same count. While the
 * limit holds, every attempt on that slug (right or wrong) gets RATE_LIMITED with the seconds to wait.
 */
import { RateLimitedError } from '../errors.js';
import type { DashboardRepository } from './store/repository.js';

export interface PasswordLimit {
  /** Throws RATE_LIMITED while `slug` is locked. */
  check(slug: string): Promise<void>;
  /** Counts one wrong password on `slug`. */
  fail(slug: string): Promise<void>;
}

export function createPasswordLimit(
  repo: DashboardRepository,
  options: { maxFailures: number; windowS: number; now: () => Date },
): PasswordLimit {
  const windowMs = options.windowS * 1000;
  const since = () => new Date(options.now().getTime() - windowMs).toISOString();
  return {
    async check(slug) {
      if (options.maxFailures === 0) return;
      const { count, oldest } = await repo.failures(slug, since());
      if (count < options.maxFailures || oldest === null) return;
      const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + windowMs - options.now().getTime()) / 1000));
      throw new RateLimitedError(`Too many wrong passwords for this dashboard; retry in ${retryAfter} seconds.`, { retryAfter });
    },
    async fail(slug) {
      await repo.recordFailure(slug, options.now().toISOString(), since());
    },
  };
}
