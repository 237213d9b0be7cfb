/**
 * A push queue read as an async iterator: what a GraphQL subscription consumes. The producer
 * pushes values and ends it; the consumer's `return()` (client gone) runs `onReturn` once.
 */

/** The producer's side of a queue. */
export interface PushQueue<T> {
  push(value: T): void;
  /** No more values: the iterator completes once the buffered ones are read. Idempotent. */
  end(): void;
  readonly ended: boolean;
  readonly iterator: AsyncIterableIterator<T>;
}

/** Creates a queue; `onReturn` runs once when the consumer stops early or the queue is drained after `end()`. */
export function createPushQueue<T>(onReturn: () => void): PushQueue<T> {
  const buffer: T[] = [];
  const waiting: ((result: IteratorResult<T, undefined>) => void)[] = [];
  let ended = false;
  let returned = false;
  const finish = () => {
    if (returned) return;
    returned = true;
    onReturn();
  };
  const done = (): IteratorResult<T, undefined> => ({ done: true, value: undefined });

  const iterator: AsyncIterableIterator<T> = {
    next() {
      const value = buffer.shift();
      if (value !== undefined) return Promise.resolve({ done: false, value });
      if (ended) {
        finish();
        return Promise.resolve(done());
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    return() {
      ended = true;
      buffer.length = 0;
      for (const resolve of waiting.splice(0)) resolve(done());
      finish();
      return Promise.resolve(done());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    push(value) {
      if (ended) return;
      const resolve = waiting.shift();
      if (resolve) resolve({ done: false, value });
      else buffer.push(value);
    },
    end() {
      if (ended) return;
      ended = true;
      if (buffer.length === 0) {
        for (const resolve of waiting.splice(0)) resolve(done());
        finish();
      }
    },
    get ended() {
      return ended;
    },
    iterator,
  };
}
