/**
 * `createTeardown()`: what the gateway has opened, closed once, in reverse order of opening. Each
 * piece registers its `close` as soon as it is open, so a start that fails halfway closes exactly
 * what it opened, and `close()` after a full start closes everything (the server's sockets first,
 * the upstream pool and the tracer last).
 */
export interface Teardown {
  /** Registers a closer; closers run last-added first. */
  add(close: () => void | Promise<void>): void;
  /** Runs every closer once, one after the other (a failing one does not stop the rest; the first failure is thrown at the end). Idempotent. */
  run(): Promise<void>;
}

export function createTeardown(): Teardown {
  const closers: (() => void | Promise<void>)[] = [];
  let running: Promise<void> | undefined;
  return {
    add(close) {
      closers.push(close);
    },
    run: () =>
      (running ??= (async () => {
        let failure: unknown;
        for (const close of closers.reverse()) {
          try {
            await close();
          } catch (error) {
            failure ??= error;
          }
        }
        if (failure !== undefined) throw failure;
      })()),
  };
}
