/**
 * The load generator of `bench/peers.ts`, in a process of its own (forked, config over IPC so no key
 * appears on a command line): autocannon POSTs one GraphQL document to a server with `connections`
 * connections for `durationS` seconds. Every contestant, the ideal included, is loaded the same way.
 *
 * Replies `{ type: 'result', result }` with requests per second and latency percentiles in ms.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  apiKey: string;
  body: string;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  /** Completed 2xx requests per second. */
  rps: number;
  p50: number;
  p99: number;
  /** Completed 2xx requests. */
  ok: number;
  /** Non-2xx answers, transport errors and timeouts, and 200 answers carrying GraphQL errors (ideal: failures). */
  failed: number;
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.durationS,
    headers: { 'content-type': 'application/json', 'x-api-key': spec.apiKey },
    body: spec.body,
    // A fast answer made of errors must not count as throughput: such bodies count as mismatches.
    verifyBody: (body) => body !== undefined && !body.includes('"errors"'),
  });
  const ok = result['2xx'] - result.mismatches;
  return {
    rps: ok / spec.durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts + result.mismatches,
  };
}

process.once('message', (spec: LoadSpec) => {
  load(spec).then(
    (result) => process.send?.({ type: 'result', result }, () => process.disconnect()),
    (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
  );
});
