/**
 * The light-load client of `bench/peers.ts`, in a process of its own (forked, config over IPC so no
 * key appears on a command line): one request at a time, timed with `performance.now()` (fractional
 * ms), over one keep-alive undici connection per server.
 *
 * For one screen it runs `pairs` rounds; in each round every server's request is followed by the
 * ideal's request for the same screen (server, ideal, server, ideal …; the servers' order alternates
 * from round to round), so that whatever noise the machine makes hits both members of a pair alike.
 * "Over the ideal" is the median of the paired differences (server − ideal), not a difference of
 * two medians. A warm-up of `warmupPairs` rounds runs first, unmeasured.
 *
 * Every answer's status must be 200 and its body must equal the server's expected bytes (the ideal's
 * too); a wrong answer (or an error, or a timeout) is counted, kept out of the figures, and makes the
 * server's row invalid. Replies to each spec with `{ type: 'result', result }`.
 */
import { Client } from 'undici';

export interface LightTarget {
  name: string;
  url: string;
  /** The exact answer every request must get. */
  expected: string;
}

export interface LightSpec {
  apiKey: string;
  /** The screen's POST body (the same for every server, the ideal included). */
  body: string;
  servers: LightTarget[];
  ideal: LightTarget;
  pairs: number;
  warmupPairs: number;
  /** Ms after which a request counts as wrong (default 10 000). */
  timeoutMs?: number;
}

/** One server's figures over one screen, ms with fractions. */
export interface LightServerResult {
  name: string;
  /** Pairs in which both answers were right (the figures are over these). */
  pairs: number;
  p50: number;
  p90: number;
  /** The ideal's p50 and p90 over this server's pairs. */
  idealP50: number;
  idealP90: number;
  /** The median of the paired differences (server − ideal). */
  overP50: number;
  /** Wrong answers of this server (bodies, non-200, errors, timeouts), warm-up included. */
  wrong: number;
  /** Wrong answers of the ideal in this server's pairs, warm-up included. */
  idealWrong: number;
  /** The start of the first wrong answer, to show what went wrong. */
  sample?: string;
}

export interface LightResult {
  servers: LightServerResult[];
  /** The ideal's p50 over all its measured requests (every server's right pairs). */
  idealP50: number;
  /** Requests the ideal served (warm-up included), to divide its CPU time by. */
  idealRequests: number;
  /** Requests each server served (warm-up included), to divide its CPU time by. */
  requestsPerServer: number;
  /** CPU time this client used, ms. */
  clientCpuMs: number;
}

/** The p-th percentile (nearest rank, linear between ranks at the median) of some values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50) {
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** A keep-alive connection to one server and a timed, checked POST through it. */
function connect(target: LightTarget, spec: LightSpec) {
  const url = new URL(target.url);
  const timeout = spec.timeoutMs ?? 10_000;
  const client = new Client(url.origin, { keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000, headersTimeout: timeout, bodyTimeout: timeout });
  const path = url.pathname + url.search;
  const headers = { 'content-type': 'application/json', 'x-api-key': spec.apiKey };
  /** The request's time in ms, or the start of what was wrong with its answer. */
  const post = async (): Promise<{ ms: number } | { wrong: string }> => {
    const t0 = performance.now();
    try {
      const res = await client.request({ method: 'POST', path, headers, body: spec.body });
      const text = await res.body.text();
      const ms = performance.now() - t0;
      if (res.statusCode !== 200 || text !== target.expected) return { wrong: `${res.statusCode} ${text.slice(0, 300)}` };
      return { ms };
    } catch (error) {
      return { wrong: `error: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  return { post, close: () => client.close() };
}

async function measure(spec: LightSpec): Promise<LightResult> {
  const cpuBefore = process.cpuUsage();
  const ideal = connect(spec.ideal, spec);
  const servers = spec.servers.map((target) => ({
    target,
    conn: connect(target, spec),
    times: [] as number[],
    idealTimes: [] as number[],
    diffs: [] as number[],
    wrong: 0,
    idealWrong: 0,
    sample: undefined as string | undefined,
  }));
  let idealRequests = 0;
  try {
    const total = spec.warmupPairs + spec.pairs;
    for (let round = 0; round < total; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const mine = await s.conn.post();
        const theirs = await ideal.post();
        idealRequests++;
        if ('wrong' in mine) {
          s.wrong++;
          s.sample ??= mine.wrong;
        }
        if ('wrong' in theirs) {
          s.idealWrong++;
          s.sample ??= `(the ideal) ${theirs.wrong}`;
        }
        if (round < spec.warmupPairs || !('ms' in mine) || !('ms' in theirs)) continue;
        s.times.push(mine.ms);
        s.idealTimes.push(theirs.ms);
        s.diffs.push(mine.ms - theirs.ms);
      }
    }
  } finally {
    await Promise.all([ideal.close(), ...servers.map((s) => s.conn.close())]);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    idealP50: percentile(servers.flatMap((s) => s.idealTimes), 50),
    servers: servers.map((s) => ({
      name: s.target.name,
      pairs: s.times.length,
      p50: percentile(s.times, 50),
      p90: percentile(s.times, 90),
      idealP50: percentile(s.idealTimes, 50),
      idealP90: percentile(s.idealTimes, 90),
      overP50: percentile(s.diffs, 50),
      wrong: s.wrong,
      idealWrong: s.idealWrong,
      ...(s.sample === undefined ? {} : { sample: s.sample }),
    })),
    idealRequests,
    requestsPerServer: spec.warmupPairs + spec.pairs,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

// One process serves every measurement of a run, one after another; it ends with its parent.
process.on('message', (spec: LightSpec) => {
  measure(spec).then(
    (result) => process.send?.({ type: 'result', result }),
    (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.once('disconnect', () => process.exit(0));
