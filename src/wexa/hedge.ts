/**
 * Hedged GETs: when an attempt has had no answer for `hedgeAfterMs`, one identical attempt is sent
 * beside it and the first success answers (the "hedged request" of tail-latency practice). A hung or
 * very slow upstream call then costs its callers about `hedgeAfterMs` instead of the whole attempt
 * timeout, and since identical GETs in flight are shared, a hang no longer holds every request that
 * joined the call for that long: on a bad day one hung call used to stall every reader of that path.
 *
 * Only GETs (reads are idempotent), at most one hedge per attempt, and only for an attempt still
 * waiting: an attempt that fails is not hedged (the retry layer above decides about failures). When
 * both fail, the first failure is the answer. The slower attempt is not cancelled; it ends on its own
 * attempt timeout. `hedgeAfterMs` 0 turns hedging off.
 */
import type { Send } from './transport.js';

/** Wraps `next` so that a GET still unanswered after `hedgeAfterMs` gets one parallel twin. */
export function withHedge(next: Send, hedgeAfterMs: number): Send {
  if (hedgeAfterMs <= 0) return next;
  return (req) => {
    if (req.method !== 'GET') return next(req);
    return new Promise((resolve, reject) => {
      let running = 0;
      let settled = false;
      let firstError: unknown;
      const settle = (answer: () => void) => {
        settled = true;
        clearTimeout(timer);
        answer();
      };
      const attempt = () => {
        running += 1;
        next(req).then(
          (response) => {
            running -= 1;
            if (!settled) settle(() => resolve(response));
          },
          (error: unknown) => {
            running -= 1;
            if (settled) return;
            firstError ??= error;
            // A failure before the twin was sent answers at once; after, only when both have failed.
            if (running === 0) settle(() => reject(firstError));
          },
        );
      };
      const timer = setTimeout(() => {
        if (!settled) attempt();
      }, hedgeAfterMs);
      attempt();
    });
  };
}
