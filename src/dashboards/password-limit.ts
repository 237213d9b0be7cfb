/**
 * The wrong-password limit of published dashboards. A viewer's password is checked only after a try
 * was **reserved**, atomically, in two counters of the current window:
 *
 * - per slug and client (the client's address, `client-address.ts`): `maxFailures` tries;
 * - per slug, whoever asks: `slugMaxFailures` tries (a ceiling, so many clients together cannot guess
 *   without end either).
 *
 * A right password gives its try back, so only wrong passwords use the limit up. Because a try is
 * taken before the (slow) check and not after it, parallel guesses (hundreds of requests, or one
 * GraphQL request with many aliases) cannot get more than the limit checked: the rest are refused
 * with RATE_LIMITED and the seconds until the window ends. A client locked out of a slug does not lock
 * out a viewer elsewhere, until the slug's ceiling is reached.
 *
 * The counters live in Redis when the gateway has it (every worker and replica counts together), else
 * in the store's `dashboard_password_tries` table (one atomic upsert per counter), which is also where
 * a try goes while Redis cannot be reached. Windows are fixed: they start at the first try.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.js';
import type { DashboardRepository } from './store/repository.js';

/** A reserved try: give it back when the password was right (or was never checked). */
export interface PasswordTry {
  giveBack(): Promise<void>;
}

export interface PasswordLimit {
  /** Throws RATE_LIMITED while `slug` is locked for `client` (reserves nothing). */
  check(slug: string, client: string): Promise<void>;
  /** Reserves one try of `client` on `slug`, or throws RATE_LIMITED. */
  reserve(slug: string, client: string): Promise<PasswordTry>;
}

export interface PasswordLimitOptions {
  /** Tries per slug and client per window (0: no limit at all). */
  maxFailures: number;
  /** Tries per slug per window, all clients together (0: no ceiling). */
  slugMaxFailures: number;
  windowS: number;
  now: () => Date;
  /** Redis for the counters (with the key prefix of this deployment); null: the store. */
  redis: { client: Redis; prefix: string } | null;
}

/** One counter: reserve a try (null: none left, with the seconds to wait), give one back, peek. */
interface Counter {
  take(key: string): Promise<{ ok: true; giveBack: () => Promise<void> } | { ok: false; retryAfter: number }>;
  /** Seconds until `key` has a try again; 0 when it has one now. */
  waitFor(key: string): Promise<number>;
}

function refusal(retryAfter: number): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(retryAfter));
  return new RateLimitedError(`Too many wrong passwords for this dashboard; retry in ${seconds} seconds.`, { retryAfter: seconds });
}

/** The limit, in Redis when given, else in the store. */
export function createPasswordLimit(repo: DashboardRepository, options: PasswordLimitOptions): PasswordLimit {
  const windowMs = options.windowS * 1000;
  const inStore = (max: number): Counter => ({
    async take(key) {
      const at = options.now();
      const taken = await repo.takePasswordTry(key, max, at.toISOString(), new Date(at.getTime() + windowMs).toISOString());
      if (taken.ok) return { ok: true, giveBack: () => repo.givePasswordTryBack(key, taken.windowEnds) };
      return { ok: false, retryAfter: (Date.parse(taken.windowEnds) - at.getTime()) / 1000 };
    },
    async waitFor(key) {
      const at = options.now();
      const row = await repo.passwordTries(key);
      if (!row || row.windowEnds <= at.toISOString() || row.used < max) return 0;
      return (Date.parse(row.windowEnds) - at.getTime()) / 1000;
    },
  });
  const inRedis = (max: number, name: string, fallback: Counter): Counter => {
    if (!options.redis) return fallback;
    const limiter = new RateLimiterRedis({
      storeClient: options.redis.client,
      keyPrefix: `${options.redis.prefix}dashboards:password:${name}`,
      points: max,
      duration: options.windowS,
      rejectIfRedisNotReady: true,
    });
    return {
      async take(key) {
        try {
          await limiter.consume(key);
          return { ok: true, giveBack: async () => void (await limiter.reward(key).catch(() => undefined)) };
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) return fallback.take(key);
          // A refused try takes nothing: put the point the attempt added back.
          await limiter.reward(key).catch(() => undefined);
          return { ok: false, retryAfter: rejection.msBeforeNext / 1000 };
        }
      },
      async waitFor(key) {
        try {
          const state = await limiter.get(key);
          return state !== null && state.consumedPoints >= max ? state.msBeforeNext / 1000 : 0;
        } catch {
          return fallback.waitFor(key);
        }
      },
    };
  };
  const perClient = inRedis(options.maxFailures, 'client', inStore(options.maxFailures));
  const perSlug = options.slugMaxFailures > 0 ? inRedis(options.slugMaxFailures, 'slug', inStore(options.slugMaxFailures)) : null;
  const clientKey = (slug: string, client: string) => `c:${slug}:${client}`;
  const slugKey = (slug: string) => `s:${slug}`;
  const nothing: PasswordTry = { giveBack: async () => {} };

  return {
    async check(slug, client) {
      if (options.maxFailures === 0) return;
      const waits = await Promise.all([perClient.waitFor(clientKey(slug, client)), perSlug?.waitFor(slugKey(slug)) ?? 0]);
      const wait = Math.max(...waits);
      if (wait > 0) throw refusal(wait);
    },
    async reserve(slug, client) {
      if (options.maxFailures === 0) return nothing;
      const mine = await perClient.take(clientKey(slug, client));
      if (!mine.ok) throw refusal(mine.retryAfter);
      const shared = perSlug ? await perSlug.take(slugKey(slug)) : null;
      if (shared && !shared.ok) {
        await mine.giveBack();
        throw refusal(shared.retryAfter);
      }
      return {
        giveBack: async () => {
          await Promise.all([mine.giveBack(), shared?.ok ? shared.giveBack() : undefined]);
        },
      };
    },
  };
}
