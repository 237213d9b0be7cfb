/**
 * The load generator of `bench/peers.ts`, in a process of its own (forked, config over IPC so no key
 * appears on a command line). Two kinds of load:
 *
 * - `graphql`: autocannon POSTs one GraphQL document to a server with `connections` connections;
 * - `ideal`: the same dependent upstream calls made directly, level after level (the tasks list, then
 *   every distinct agentflow of its executions in parallel), from `connections` concurrent loops.
 *   No gateway is involved, so its latency is the floor any gateway could reach over this upstream.
 *
 * Replies `{ type: 'result', result }` with requests per second and latency percentiles in ms.
 */
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { percentile } from '../stats.js';

export type LoadSpec =
  | { kind: 'graphql'; url: string; apiKey: string; body: string; connections: number; durationS: number }
  | { kind: 'ideal'; upstream: string; apiKey: string; projectId: string; limit: number; connections: number; durationS: number };

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

async function graphqlLoad(spec: Extract<LoadSpec, { kind: 'graphql' }>): Promise<LoadResult> {
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

async function idealLoad(spec: Extract<LoadSpec, { kind: 'ideal' }>): Promise<LoadResult> {
  const pool = new Pool(spec.upstream, { connections: 64, keepAliveTimeout: 30_000 });
  const headers = { 'x-api-key': spec.apiKey, accept: 'application/json' };
  const get = async <T>(path: string): Promise<T> => {
    const res = await pool.request({ method: 'GET', path, headers });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`${res.statusCode}`);
    }
    return (await res.body.json()) as T;
  };
  const screen = async () => {
    const page = await get<{ data: { executions?: { agentflow_id: string | null }[] }[] }>(
      `/tasks/${spec.projectId}?skip=0&limit=${spec.limit}`,
    );
    const ids = new Set<string>();
    for (const task of page.data) for (const e of task.executions ?? []) if (e.agentflow_id) ids.add(e.agentflow_id);
    await Promise.all([...ids].map((id) => get(`/agentflow/${id}`)));
  };
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + spec.durationS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await screen();
        latencies.push(performance.now() - t0);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, loop));
  await pool.close();
  return { rps: latencies.length / spec.durationS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok: latencies.length, failed };
}

process.once('message', (spec: LoadSpec) => {
  const run = spec.kind === 'graphql' ? graphqlLoad(spec) : idealLoad(spec);
  run.then(
    (result) => process.send?.({ type: 'result', result }, () => process.disconnect()),
    (error: unknown) => process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) }, () => process.disconnect()),
  );
});
