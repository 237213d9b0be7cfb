/**
 * The adaptive poll schedule, as a pure function: poll fast while things change, back off (doubling)
 * while nothing does, never slower than `maxMs` unless the upstream asked for more (`Retry-After`).
 */

/** The bounds of a schedule, ms. */
export interface ScheduleBounds {
  minMs: number;
  maxMs: number;
}

/** What the last poll found. `retryAfterMs` is the wait the upstream asked for (429 `Retry-After`). */
export type PollOutcome = { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'failed'; retryAfterMs?: number };

/** The delay before the next poll, given the delay used before the last one and what it found. */
export function nextDelay(previousMs: number, outcome: PollOutcome, bounds: ScheduleBounds): number {
  const min = Math.max(1, bounds.minMs);
  const max = Math.max(min, bounds.maxMs);
  if (outcome.kind === 'changed') return min;
  const backedOff = Math.min(max, Math.max(min, previousMs * 2));
  if (outcome.kind === 'failed' && outcome.retryAfterMs !== undefined) return Math.max(backedOff, outcome.retryAfterMs);
  return backedOff;
}
