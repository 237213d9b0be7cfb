/**
 * Liveness and readiness.
 *
 * Liveness (`/healthz`, and `/health` for existing probes) only says the process answers.
 * Readiness (`/readyz`) runs every {@link ReadinessCheck}: the upstream accepts connections and its
 * circuit breaker is not open; Redis answers PING when `REDIS_URL` is set; the database accepts
 * connections when `DATABASE_URL` is set. Checks also run in the background, so a dependency that
 * goes away is logged once when it goes and once when it comes back, whether or not anyone probes.
 *
 * Check results name the dependency and a short reason (an error code), never a URL or a password.
 */
import { connect } from 'node:net';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BreakerState, UpstreamObserver } from '../wexa/observer.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or resolves a reason string) when not. */
  run(): Promise<string | void>;
  close?(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; reason?: string }>;
}

export interface Readiness {
  report(): Promise<ReadinessReport>;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>').slice(0, 120);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves when a TCP connection to the URL's host and port opens. */
export function tcpReachable(url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  const parsed = new URL(url);
  const defaults: Record<string, number> = { 'https:': 443, 'http:': 80, 'redis:': 6379, 'rediss:': 6379, 'postgres:': 5432, 'postgresql:': 5432 };
  const port = Number(parsed.port) || defaults[parsed.protocol] || 80;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** Follows the circuit breaker's state from the upstream client's events. */
export function breakerTracker(halfOpenAfterMs: number): UpstreamObserver & { isOpen(): boolean } {
  let state: BreakerState = 'closed';
  let openedAt = 0;
  return {
    onBreakerState(next) {
      state = next;
      if (next === 'open') openedAt = Date.now();
    },
    // Open until a probe may go through: after that the next call decides.
    isOpen: () => state === 'open' && Date.now() - openedAt < halfOpenAfterMs,
  };
}

/** The upstream: its breaker is not open and it accepts connections. */
export function upstreamCheck(wexaApiUrl: string, breaker: { isOpen(): boolean }): ReadinessCheck {
  return {
    name: 'upstream',
    run: async () => {
      if (breaker.isOpen()) return 'circuit breaker open';
      await tcpReachable(wexaApiUrl);
    },
  };
}

/**
 * The process's Redis command connection is up and answers PING in time. A connection that is not
 * ready fails the check at once with its state (e.g. `reconnecting`), without queueing a command.
 */
export function redisCheck(redis: Redis): ReadinessCheck {
  return {
    name: 'redis',
    run: async () => {
      if (redis.status !== 'ready') throw new Error(redis.status === 'reconnecting' || redis.status === 'connecting' ? 'ECONNREFUSED' : redis.status);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('PING timed out')), CHECK_TIMEOUT_MS);
      });
      try {
        await Promise.race([redis.ping(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The database accepts connections. */
export function databaseCheck(databaseUrl: string): ReadinessCheck {
  return { name: 'database', run: () => tcpReachable(databaseUrl) };
}

/** Runs the checks on demand and every `intervalMs`, logging each change of a dependency's state once. */
export function createReadiness(checks: readonly ReadinessCheck[], logger: Logger, intervalMs = 5_000): Readiness {
  const last = new Map<string, boolean>();
  const runOne = async (check: ReadinessCheck): Promise<{ ok: boolean; reason?: string }> => {
    let result: { ok: boolean; reason?: string };
    try {
      const reason = await withTimeout(check.run(), CHECK_TIMEOUT_MS + 500);
      result = reason ? { ok: false, reason } : { ok: true };
    } catch (error) {
      result = { ok: false, reason: reasonOf(error) };
    }
    const before = last.get(check.name);
    if (before !== result.ok) {
      last.set(check.name, result.ok);
      if (!result.ok) logger.warn({ dependency: check.name, reason: result.reason }, `dependency unavailable: ${check.name}`);
      else if (before === false) logger.info({ dependency: check.name }, `dependency available again: ${check.name}`);
    }
    return result;
  };
  const report = async (): Promise<ReadinessReport> => {
    const results = await Promise.all(checks.map(async (c) => [c.name, await runOne(c)] as const));
    return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
  };
  let running = false;
  const timer =
    checks.length > 0
      ? setInterval(() => {
          if (running) return;
          running = true;
          void report().finally(() => {
            running = false;
          });
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    report,
    close: async () => {
      clearInterval(timer);
      await Promise.all(checks.map((c) => c.close?.()));
    },
  };
}
