/**
 * Liveness and readiness.
 *
 * Liveness (`/healthz`, and `/health` for existing probes) only says the process answers.
 * Readiness (`/readyz`) reports every {@link ReadinessCheck}: the upstream accepts connections and its
 * circuit breaker is not open; Redis answers PING when `REDIS_URL` is set; the database accepts
 * connections when `DATABASE_URL` is set. Checks run in the background only (every
 * `READINESS_INTERVAL_MS`), never because of a probe: `/readyz` needs no key, and a probe that opened
 * connections would let anyone make the gateway open them. A dependency that goes away is logged once
 * when it goes and once when it comes back.
 *
 * Check results name the dependency and a short reason (an error code), never a URL or a password.
 */
import { connect } from 'node:net';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BreakerState, UpstreamObserver } from '../wexa/observer.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or resolves a reason string) when not. Run in the background only. */
  run(): Promise<string | void>;
  /** A state known without any I/O (an open circuit breaker), read on every report: a reason when not ready. */
  current?(): string | void;
  close?(): Promise<void>;
}

interface CheckResult {
  ok: boolean;
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface Readiness {
  /** The latest background results (the first round is awaited once); never runs a check itself. */
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

/** Follows the upstream-wide circuit breaker state (see `src/wexa/breakers.ts`) from the upstream client's events. */
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

/** The upstream: its breaker is not open (read on every report) and it accepts connections (in the background). */
export function upstreamCheck(wexaApiUrl: string, breaker: { isOpen(): boolean }): ReadinessCheck {
  const open = () => (breaker.isOpen() ? 'circuit breaker open' : undefined);
  return {
    name: 'upstream',
    current: open,
    run: async () => open() ?? tcpReachable(wexaApiUrl),
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

/**
 * Runs the checks once at once and then every `intervalMs` in the background, logging each change of
 * a dependency's state once. `report()` answers from the latest results (waiting only for the first
 * round, already under way) plus each check's `current()` state: a probe never opens a connection, so
 * any number of unauthenticated `/readyz` requests cost the dependencies nothing.
 */
export function createReadiness(checks: readonly ReadinessCheck[], logger: Logger, intervalMs = 5_000): Readiness {
  const last = new Map<string, CheckResult>();
  let closed = false;
  const runOne = async (check: ReadinessCheck): Promise<void> => {
    let result: CheckResult;
    try {
      const reason = await withTimeout(check.run(), CHECK_TIMEOUT_MS + 500);
      result = reason ? { ok: false, reason } : { ok: true };
    } catch (error) {
      result = { ok: false, reason: reasonOf(error) };
    }
    if (closed) return;
    const before = last.get(check.name);
    last.set(check.name, result);
    if (before?.ok === result.ok) return;
    if (!result.ok) logger.warn({ dependency: check.name, reason: result.reason }, `dependency unavailable: ${check.name}`);
    else if (before !== undefined) logger.info({ dependency: check.name }, `dependency available again: ${check.name}`);
  };
  let round: Promise<void> | null = null;
  const runAll = (): Promise<void> =>
    (round ??= Promise.all(checks.map(runOne)).then(
      () => {
        round = null;
      },
      () => {
        round = null;
      },
    ));
  const first = runAll();
  const timer = checks.length > 0 ? setInterval(() => void runAll(), intervalMs) : undefined;
  timer?.unref();

  const report = async (): Promise<ReadinessReport> => {
    if (last.size < checks.length) await first;
    const results = checks.map((check): [string, CheckResult] => {
      const now = check.current?.();
      return [check.name, now ? { ok: false, reason: now } : (last.get(check.name) ?? { ok: false, reason: 'not checked yet' })];
    });
    return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
  };
  return {
    report,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await Promise.all(checks.map((c) => c.close?.()));
    },
  };
}
