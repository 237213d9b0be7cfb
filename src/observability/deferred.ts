/**
 * Bookkeeping that need not hold a response: metrics and the operation log line are recorded after
 * the turn of the event loop that computed them, so the answer they describe is written to its socket
 * first. Everything queued during one turn runs together in one `setImmediate` (the check phase,
 * after the I/O callbacks of that turn, before any later request is read), in the order queued.
 */

let queue: (() => void)[] = [];

function flush(): void {
  const jobs = queue;
  queue = [];
  for (const job of jobs) {
    try {
      job();
    } catch {
      // A sink must not throw (see OperationSink); one that does loses only its own record.
    }
  }
}

/** Runs `job` after the current turn of the event loop. */
export function afterThisTurn(job: () => void): void {
  if (queue.length === 0) setImmediate(flush);
  queue.push(job);
}
