/**
 * Clock and timestamp formats of the wire: float epoch seconds rounded to microseconds (executions,
 * tasks, agentflows), float epoch milliseconds (inbox) and naive ISO strings (credit history).
 */

/** Rounds epoch seconds to microseconds, the precision the upstream's float timestamps carry. */
export function micro(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/** Current time as float epoch seconds with a microsecond fraction (executions, tasks, agentflows). */
export function nowSeconds(): number {
  return micro((performance.timeOrigin + performance.now()) / 1000);
}

/** Current time as float epoch milliseconds with four decimals, the inbox's timestamp unit. */
export function nowMillis(): number {
  return Math.round(nowSeconds() * 1e7) / 1e4;
}

/** A naive ISO-8601 string without zone and with microseconds, e.g. `2025-04-21T05:32:29.741000`. */
export function naiveIso(epochSeconds: number): string {
  return `${new Date(Math.floor(epochSeconds * 1000)).toISOString().slice(0, 23)}000`;
}
