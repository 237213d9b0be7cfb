/**
 * The gateway on the upstream's worst day: the simulator injects about 21 % faults (500s, hangs,
 * connection resets, 429) on every call while 30 clients read with one key, one client starts
 * executions and one subscription follows an execution. Then the faults stop. The reasons of the
 * reads that failed are printed with the figures.
 *
 * Checked: no crash, every answer well formed (data or errors with a code), no mutation sent twice
 * (from the simulator's log), read success >= 95 %, read p99 <= 5 s, no stretch longer than 3 s in
 * which no client got an answer, full recovery within 15 s of the faults stopping, and the
 * subscription rides the faults out and completes.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_KEY, MARKET_SCANNER, PULSE } from './utils/ids.js';
import { subscribe, wsClient } from './utils/subscriptions.js';
import { useStack } from './utils/stack.js';

/** Paces the load (the writer's rate, when the followed execution moves on); never used to wait for a state. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const FAULT_MS = 20_000;
const READERS = 30;

const READS = [
  `{ project(id: "${PULSE}") { name tasks(first: 5) { nodes { name status } } } }`,
  '{ projects(first: 3) { nodes { name } } }',
  `{ agentflow(id: "${MARKET_SCANNER}") { name agents { title } } }`,
  `{ project(id: "${PULSE}") { agentflows(first: 5) { nodes { name } } } }`,
];
const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId status } } }`;

interface Answer {
  at: number;
  ms: number;
  ok: boolean;
  wellFormed: boolean;
  /** What went wrong, for the summary: each error's code and message (`partial` when data came too). */
  failures?: string[];
}

// Hedged GETs at their default delay: they are what keeps a hung shared call from stalling every reader.
const stack = useStack({ config: { pollMinMs: 500, pollMaxMs: 1_000, upstreamHedgeAfterMs: 1_000 } });

async function ask(url: string, query: string, variables?: Record<string, unknown>): Promise<Answer & { body: any }> {
  const started = performance.now();
  let body: any = null;
  let wellFormed = false;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY },
      body: JSON.stringify({ query, variables }),
    });
    body = await res.json();
    const errors: any[] = body.errors ?? [];
    wellFormed = res.status < 500 && ('data' in body || errors.length > 0) && errors.every((e) => typeof e.extensions?.code === 'string');
  } catch {
    wellFormed = false;
  }
  const at = performance.now();
  const ok = wellFormed && !body?.errors && body?.data != null;
  const partial = body?.data != null && Object.values(body.data).some((v) => v !== null) ? 'partial ' : '';
  const failures = ok ? undefined : ((body?.errors as any[] | undefined) ?? [{ message: 'no answer' }]).map((e) => `${partial}${e.extensions?.code} ${e.message}`);
  return { at, ms: at - started, ok, wellFormed, body, ...(failures ? { failures } : {}) };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

describe('upstream faults', () => {
  it('read success under faults: 30 readers keep 95 % success and p99 within 5 s, no mutation is sent twice, a subscription rides it out, and it recovers', { timeout: 120_000 }, async () => {
    const { gw, sim } = stack;

    // A running execution, followed over graphql-ws through the whole fault window.
    const started = await ask(gw.url, START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: 'ride out the faults' } });
    const executionId: string = started.body.data.startExecution.execution.wexaId;
    const client = wsClient(gw.url, DEMO_KEY);
    const recording = subscribe(client, 'subscription ($p: ID!, $id: ID!) { executionUpdated(projectId: $p, id: $id) { status agentOutputs { title } } }', {
      p: PULSE,
      id: executionId,
    });
    await recording.nth(1);
    await sim.resetLog();

    await sim.setFaults([
      { status: 500, errorRate: 0.08, seed: 1 },
      { method: 'GET', hang: true, errorRate: 0.022, seed: 2 },
      { drop: true, errorRate: 0.06, seed: 3 },
      { status: 429, errorRate: 0.065, seed: 4 },
    ]);
    const faultsFrom = performance.now();
    const reads: Answer[] = [];
    const mutations: Answer[] = [];
    const readers = Array.from({ length: READERS }, async (_, i) => {
      for (let n = i; performance.now() - faultsFrom < FAULT_MS; n++) reads.push(await ask(gw.url, READS[n % READS.length]!));
    });
    const writer = (async () => {
      for (let n = 0; performance.now() - faultsFrom < FAULT_MS; n++) {
        mutations.push(await ask(gw.url, START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `run ${n}` } }));
        await sleep(300);
      }
    })();
    const stepper = (async () => {
      // The followed execution moves on while the faults go on (control calls are never faulted).
      await sleep(FAULT_MS / 3);
      await sim.advance(executionId);
    })();
    await Promise.all([...readers, writer, stepper]);
    const faultyLog = await sim.requests();
    await sim.clearFaults();
    const faultsTo = performance.now();

    // Recovery: every kind of read succeeds again, twice in a row, within 15 s.
    let recoveredAt = Number.POSITIVE_INFINITY;
    let streak = 0;
    while (performance.now() - faultsTo < 15_000) {
      const round = await Promise.all(READS.map((q) => ask(gw.url, q)));
      streak = round.every((a) => a.ok) ? streak + 1 : 0;
      if (streak === 2) {
        recoveredAt = performance.now() - faultsTo;
        break;
      }
    }

    // Let the followed execution finish (stepped to its end): it must still be subscribed, and see it.
    for (let i = 0; i < 4; i++) {
      const wire = await sim.advance(executionId).catch(() => null);
      if (wire === null || wire.status === 'completed') break;
    }
    await recording.done;
    await client.dispose();

    const injected = faultyLog.filter((r) => r.fault !== undefined).length;
    const successRate = reads.filter((r) => r.ok).length / reads.length;
    const p99 = percentile(reads.map((r) => r.ms), 99);
    const answers = [...reads, ...mutations].map((a) => a.at).sort((a, b) => a - b);
    let gap = answers[0]! - faultsFrom;
    for (let i = 1; i < answers.length; i++) gap = Math.max(gap, answers[i]! - answers[i - 1]!);
    console.log(
      `faults: ${injected}/${faultyLog.length} upstream calls faulted; ${reads.length} reads, success ${(successRate * 100).toFixed(1)} %, ` +
        `p50 ${Math.round(percentile(reads.map((r) => r.ms), 50))} ms, p99 ${Math.round(p99)} ms, longest silence ${Math.round(gap)} ms; ` +
        `${mutations.length} mutations (${mutations.filter((m) => m.ok).length} ok); recovered in ${Math.round(recoveredAt)} ms`,
    );

    const why = new Map<string, number>();
    for (const failure of reads.flatMap((r) => r.failures ?? [])) why.set(failure, (why.get(failure) ?? 0) + 1);
    console.log([...why].sort((a, b) => b[1] - a[1]).map(([text, n]) => `${n} × ${text}`).join('\n'));

    expect(injected / faultyLog.length).toBeGreaterThanOrEqual(0.18);
    expect(reads.length).toBeGreaterThan(200);
    expect([...reads, ...mutations].filter((a) => !a.wellFormed)).toEqual([]);
    expect(successRate).toBeGreaterThanOrEqual(0.95);
    expect(p99).toBeLessThanOrEqual(5_000);
    expect(gap).toBeLessThanOrEqual(3_000);
    expect(recoveredAt).toBeLessThan(15_000);

    // No mutation reached the upstream twice: one create per startExecution sent, one execute per execution.
    const log = await sim.requests();
    const posts = log.filter((r) => r.method === 'POST');
    expect(posts.filter((r) => r.route === '/execute_flow').length).toBeLessThanOrEqual(mutations.length);
    const executes = posts.filter((r) => r.route === '/execute_flow/{execution_id}/execute').map((r) => r.path);
    expect(new Set(executes).size).toBe(executes.length);

    // The subscription saw the execution through to its end.
    const last = recording.results.at(-1)!;
    expect(last.errors).toBeUndefined();
    expect(last.data!.executionUpdated.status).toBe('COMPLETED');

    // Still up.
    expect((await ask(gw.url, READS[1]!)).ok).toBe(true);
  });
});
