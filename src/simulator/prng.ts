/**
 * A small seeded pseudo-random generator (mulberry32) and the id makers built on it, so the
 * simulator's seed data and the ids it hands out at runtime are the same on every run. Clock
 * helpers are in `time.ts`.
 */

/** A seeded source of randomness. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A random (version 4) UUID. */
  uuid(): string;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    hex,
    uuid: () => {
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
  };
}

/** A MongoDB-style ObjectId: 8 hex digits of epoch seconds, then 16 random hex digits. */
export function makeObjectId(rng: Rng, epochSeconds: number): string {
  const time = Math.floor(epochSeconds).toString(16).padStart(8, '0').slice(-8);
  return time + rng.hex(16);
}

/** The ObjectId that follows `id` (the upstream gives a new task the id after its execution's `_id`). */
export function nextObjectId(id: string): string {
  return (BigInt(`0x${id}`) + 1n).toString(16).padStart(24, '0');
}

/** The ObjectId before `id`: the `_id` of the execution that created task `id`. */
export function previousObjectId(id: string): string {
  return (BigInt(`0x${id}`) - 1n).toString(16).padStart(24, '0');
}
