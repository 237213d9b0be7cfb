/**
 * A per-key quota like a SaaS API's, off until set through `POST /__simulator/quota`: each
 * `x-api-key` may have at most `concurrent` requests in flight and start at most `perSecond` in each
 * one-second window; a request beyond either is answered at once with 429 and `Retry-After`
 * (seconds). Refused requests take no slot and count towards nothing. Keys are held in memory only
 * to count, and never appear in the view or the log.
 */
import { HttpError } from './http.js';

/** The quota's settings (a limit left out, or 0, does not apply). */
export interface QuotaSettings {
  /** Requests one key may have in flight at once. */
  concurrent?: number;
  /** Requests one key may start per one-second window. */
  perSecond?: number;
  /** Seconds sent as `Retry-After` on a concurrency refusal (default 1); a rate refusal sends the seconds left in its window. */
  retryAfter?: number;
}

/** Why a request was refused. */
export type QuotaReason = 'concurrency' | 'rate';

/** The outcome of {@link KeyQuota.admit}: a slot to release when the answer is sent, or a refusal. */
export type Admission = { admitted: true; release(): void } | { admitted: false; reason: QuotaReason; retryAfter: number };

/** What `GET /__simulator/quota` shows. */
export interface QuotaView {
  quota: QuotaSettings | null;
  admitted: number;
  refused: Record<QuotaReason, number>;
}

interface KeyState {
  inFlight: number;
  windowStart: number;
  started: number;
}

const FIELDS = ['concurrent', 'perSecond', 'retryAfter'] as const;

/** Validates a `POST /__simulator/quota` body (400 on an unknown field or a bad value). */
export function parseQuota(body: Record<string, unknown>): QuotaSettings {
  const settings: QuotaSettings = {};
  for (const [name, value] of Object.entries(body)) {
    if (!(FIELDS as readonly string[]).includes(name)) throw new HttpError(400, `${name} is not a known quota field`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new HttpError(400, `${name} must be a non-negative whole number`);
    settings[name as (typeof FIELDS)[number]] = value;
  }
  return settings;
}

const ALWAYS: Admission = { admitted: true, release: () => undefined };

/** The per-key quota and its counters. */
export class KeyQuota {
  private settings: QuotaSettings | null = null;
  private keys = new Map<string, KeyState>();
  private admitted = 0;
  private refused: Record<QuotaReason, number> = { concurrency: 0, rate: 0 };

  /** Turns the quota on with these limits (counters restart). */
  set(settings: QuotaSettings): void {
    this.settings = settings;
    this.resetCounters();
  }

  /** Turns the quota off (counters restart). */
  clear(): void {
    this.settings = null;
    this.resetCounters();
  }

  private resetCounters(): void {
    this.keys.clear();
    this.admitted = 0;
    this.refused = { concurrency: 0, rate: 0 };
  }

  /** The settings and what the quota did since they were set. */
  view(): QuotaView {
    return { quota: this.settings, admitted: this.admitted, refused: { ...this.refused } };
  }

  /** Lets one request of `key` in, or refuses it; always admits while the quota is off. */
  admit(key: string, now: number = Date.now()): Admission {
    const s = this.settings;
    if (!s) return ALWAYS;
    let state = this.keys.get(key);
    if (!state) {
      state = { inFlight: 0, windowStart: now, started: 0 };
      this.keys.set(key, state);
    }
    if (now - state.windowStart >= 1000) {
      state.windowStart = now - ((now - state.windowStart) % 1000);
      state.started = 0;
    }
    if (s.concurrent && state.inFlight >= s.concurrent) {
      this.refused.concurrency += 1;
      return { admitted: false, reason: 'concurrency', retryAfter: s.retryAfter ?? 1 };
    }
    if (s.perSecond && state.started >= s.perSecond) {
      this.refused.rate += 1;
      return { admitted: false, reason: 'rate', retryAfter: Math.max(1, Math.ceil((state.windowStart + 1000 - now) / 1000)) };
    }
    state.inFlight += 1;
    state.started += 1;
    this.admitted += 1;
    let released = false;
    const held = state;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        held.inFlight -= 1;
      },
    };
  }
}
