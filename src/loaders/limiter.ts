/**
 * The concurrency cap of one operation's upstream reads: at most `max` functions running at once,
 * the others started in the order they asked as running ones settle. Below the cap a function starts
 * at once, in the caller's turn, with no promise or queue of its own in the way: the common case of
 * a screen (a few reads, far under the cap) pays nothing for the cap.
 */
import type { Limiter } from './batch.js';

export function createLimiter(max: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  let head = 0;

  const release = () => {
    if (head < waiting.length) {
      const next = waiting[head]!;
      waiting[head] = undefined as never;
      head += 1;
      if (head === waiting.length) {
        waiting.length = 0;
        head = 0;
      }
      next();
    } else {
      active -= 1;
    }
  };

  const start = <T>(fn: () => Promise<T>): Promise<T> => {
    let result: Promise<T>;
    try {
      // A function may answer without a promise (a value it already had): the same native promise otherwise.
      result = Promise.resolve(fn());
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    result.then(release, release);
    return result;
  };

  return <T>(fn: () => Promise<T>): Promise<T> => {
    if (active < max) {
      active += 1;
      return start(fn);
    }
    // The slot of the function that settles is handed over as it is: `active` stays the same.
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => start(fn));
  };
}
