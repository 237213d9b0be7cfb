/**
 * The load generator of `bench/peers.ts`, in a process of its own (forked, config over IPC so no key
 * appears on a command line): autocannon POSTs one GraphQL document to a server with `connections`
 * connections for `durationS` seconds. Every contestant, the ideal included, is loaded the same way.
 *
 * With `expectBody`, every answer's body must equal it byte for byte (a 200 carrying errors, a
 * truncated or different answer is wrong); without it, any 2xx body without `"errors"` counts.
 * Replies to each spec `{ type: 'result', result }` with requests per second, latency percentiles in ms and how
 * many answers were wrong.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  apiKey: string;
  body: string;
  connections: number;
  durationS: number;
  /** The exact answer every request must get. */
  expectBody?: string;
}

export interface LoadResult {
  /** Completed 2xx requests with the right answer, per second. */
  rps: number;
  p50: number;
  p99: number;
  /** Completed 2xx requests with the right answer. */
  ok: number;
  /** Non-2xx answers, transport errors, timeouts and 2xx answers with a wrong body. */
  failed: number;
  /** Of `failed`: 2xx answers whose body was not the expected one. */
  mismatches: number;
  /** The start of the first wrong body, to show what went wrong. */
  sample?: string;
  /** CPU time the load generator itself used, ms (it shares the machine's cores with the servers). */
  clientCpuMs: number;
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  let sample: string | undefined;
  const expected = spec.expectBody;
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.durationS,
    headers: { 'content-type': 'application/json', 'x-api-key': spec.apiKey },
    body: spec.body,
    // A fast wrong answer must not count as throughput: such bodies count as mismatches.
    verifyBody: (raw) => {
      const body = raw === undefined ? undefined : String(raw);
      const right = expected === undefined ? body !== undefined && !body.includes('"errors"') : body === expected;
      if (!right && sample === undefined) sample = String(body).slice(0, 300);
      return right;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const ok = result['2xx'] - result.mismatches;
  return {
    rps: ok / spec.durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts + result.mismatches,
    mismatches: result.mismatches,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    ...(sample === undefined ? {} : { sample }),
  };
}

// One process serves every load of a run, one after another; it ends with its parent.
process.on('message', (spec: LoadSpec) => {
  load(spec).then(
    (result) => process.send?.({ type: 'result', result }),
    (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.once('disconnect', () => process.exit(0));
