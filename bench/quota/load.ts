/**
 * The load generator of `bench/quota.ts`, in a process of its own (forked, spec over IPC so no key
 * appears on a command line): autocannon POSTs GraphQL documents with `connections` connections for
 * `durationS` seconds, taking the variants of a screen in turn (so requests in flight at the same
 * moment ask for different data, as different users' screens do), and checks every answer against
 * its variant's expected answer, byte for byte. A 200 with errors, or with other data, is not a
 * correct screen.
 *
 * Replies `{ type: 'result', result }`.
 */
import autocannon from 'autocannon';

export interface QuotaLoadSpec {
  url: string;
  apiKey: string;
  /** The screen's variants: request bodies. */
  bodies: string[];
  /** The server's correct answer to each variant (its body when the upstream had no quota), compared byte for byte. */
  expected: string[];
  connections: number;
  durationS: number;
}

export interface QuotaLoadResult {
  /** Correct screens per second. */
  correctPerS: number;
  /** Latency percentiles of every answer, ms. */
  p50: number;
  p99: number;
  answers: number;
  correct: number;
  /** 200 answers whose errors mention the upstream's rate limit (429, RATE_LIMITED, Too Many Requests). */
  rateLimited: number;
  /** Other wrong answers: other errors, other data, non-2xx, transport errors, timeouts. */
  otherWrong: number;
}

const RATE_LIMIT = /429|RATE_LIMITED|Too Many Requests|rate limit/i;

async function load(spec: QuotaLoadSpec): Promise<QuotaLoadResult> {
  let correct = 0;
  let rateLimited = 0;
  let otherBodies = 0;
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.durationS,
    headers: { 'content-type': 'application/json', 'x-api-key': spec.apiKey },
    requests: [
      {
        // Each request takes the next variant; the connection's context remembers which, for its answer.
        setupRequest: (request, context) => {
          const variant = next;
          next = (next + 1) % spec.bodies.length;
          (context as Record<string, unknown>)['variant'] = variant;
          return { ...request, body: spec.bodies[variant] };
        },
        onResponse: (_status, raw, context) => {
          const body = typeof raw === 'string' ? raw : String(raw);
          if (body === spec.expected[(context as Record<string, unknown>)['variant'] as number]) correct += 1;
          else if (RATE_LIMIT.test(body)) rateLimited += 1;
          else otherBodies += 1;
        },
      },
    ],
  });
  const answers = correct + rateLimited + otherBodies;
  return {
    correctPerS: correct / spec.durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answers,
    correct,
    rateLimited,
    otherWrong: otherBodies + result.errors + result.timeouts,
  };
}

process.once('message', (spec: QuotaLoadSpec) => {
  load(spec).then(
    (result) => process.send?.({ type: 'result', result }, () => process.disconnect()),
    (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
  );
});
