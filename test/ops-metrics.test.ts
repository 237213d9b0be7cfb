/**
 * Metrics and operation logs an operator reads: after a few operations `/metrics` shows the
 * counters moved (operations by name and outcome, upstream calls by endpoint template and status,
 * retries, shared in-flight GETs, active subscriptions) with no label holding a key or an id, and
 * the log has one line per operation with its upstream calls and error codes, and an unexpected
 * error logged once with its message, stack and operation.
 */
import { createSchema } from 'graphql-yoga';
import type { Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { captureLogs } from './utils/log-capture.js';
import { createReadyExecution, EXECUTION_UPDATED, subscribe, wsClient } from './utils/subscriptions.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';

const SCREEN = /* GraphQL */ `
  query ProjectScreen($id: ID!) {
    project(id: $id) { name agentflows(first: 5) { nodes { name executions(first: 2) { nodes { status } } } } }
  }
`;

/** Parses the exposition format into samples. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unreadable metrics line: ${line}`);
      const labels: Record<string, string> = {};
      for (const m of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

describe('metrics and operation logs', () => {
  let sim: TestSimulator;
  let gw: TestGateway;
  const logs = captureLogs();
  let ws: Client | undefined;

  const stack = useStack({ config: { upstreamRetryBaseMs: 1 }, deps: { logger: logs.logger } }, (s) => ({ sim, gw } = s));
  afterAll(async () => {
    await ws?.dispose();
  });

  const scrape = async () => {
    const response = await fetch(`${new URL(gw.url).origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return samples(await response.text());
  };
  const value = (all: ReturnType<typeof samples>, name: string, labels: Record<string, string> = {}) =>
    all
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);

  it('counts operations, upstream calls, retries and shared GETs, with bounded labels only', async () => {
    await sim.resetLog();
    const ok = await gw.gql(SCREEN, { id: PULSE });
    expect(ok.errors).toBeUndefined();
    const missing = await gw.gql('query Missing { project(id: "0123456789abcdef01234567") { name } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const invalid = await gw.gql('query Typo { projectz { name } }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // One 503 that the gateway retries.
    await sim.setFaults([{ method: 'GET', path: '/v1/project/{projectId}', status: 503, times: 1 }]);
    expect((await gw.gql(`query Again { project(id: "${PULSE}") { name } }`)).errors).toBeUndefined();
    await sim.clearFaults();
    // Ten identical queries at once: identical GETs in flight share one call.
    await Promise.all(Array.from({ length: 10 }, () => gw.gql('query Same { projects(first: 3) { totalCount } }')));
    const upstream = await sim.requests();

    const all = await scrape();
    expect(value(all, 'wexa_graph_operations_total', { name: 'ProjectScreen', outcome: 'ok', type: 'query' })).toBe(1);
    expect(value(all, 'wexa_graph_operations_total', { name: 'Missing', outcome: 'NOT_FOUND' })).toBe(1);
    expect(value(all, 'wexa_graph_operations_total', { name: 'Typo', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(value(all, 'wexa_graph_operations_total', { name: 'Same', outcome: 'ok' })).toBe(10);
    expect(value(all, 'wexa_graph_operation_duration_seconds_count', { name: 'ProjectScreen' })).toBe(1);
    // Every upstream exchange is counted once, by endpoint template and status.
    expect(value(all, 'wexa_graph_upstream_requests_total')).toBe(upstream.length);
    expect(value(all, 'wexa_graph_upstream_requests_total', { status: '503' })).toBe(1);
    expect(value(all, 'wexa_graph_upstream_requests_total', { endpoint: 'GET /v1/project/{projectId}', status: '404' })).toBe(1);
    expect(value(all, 'wexa_graph_upstream_retries_total')).toBe(1);
    expect(value(all, 'wexa_graph_upstream_shared_total')).toBeGreaterThan(0);
    expect(value(all, 'wexa_graph_upstream_breaker_open')).toBe(0);
    expect(all.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);

    const labelValues = all.flatMap((s) => Object.values(s.labels));
    for (const v of labelValues) {
      expect(v).not.toContain(DEMO_KEY);
      expect(v).not.toMatch(/[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });

  it('shows active subscriptions, watches and polls', async () => {
    const id = await createReadyExecution(sim.url, DEMO_KEY);
    ws = wsClient(gw.url, DEMO_KEY);
    const sub = subscribe(ws, EXECUTION_UPDATED, { projectId: PULSE, id });
    await sub.nth(1);
    await expect.poll(async () => value(await scrape(), 'wexa_graph_subscriptions_active'), { message: 'one active subscription' }).toBe(1);
    const all = await scrape();
    expect(value(all, 'wexa_graph_live_watches')).toBe(1);
    expect(value(all, 'wexa_graph_operations_total', { name: 'Watch', type: 'subscription' })).toBe(0);
    sub.stop();
    await expect.poll(async () => value(await scrape(), 'wexa_graph_subscriptions_active'), { message: 'no active subscription' }).toBe(0);
    await expect
      .poll(async () => value(await scrape(), 'wexa_graph_operations_total', { name: 'Watch', type: 'subscription', outcome: 'ok' }), {
        message: 'the subscription counted when it ended',
      })
      .toBe(1);
  });

  it('logs one line per operation with its upstream calls and error codes, and no key', async () => {
    const lines = logs.lines.filter((l) => l.msg === 'operation');
    const screen = lines.filter((l) => l.operation === 'ProjectScreen');
    expect(screen).toHaveLength(1);
    expect(screen[0]).toMatchObject({ type: 'query', upstreamCalls: expect.any(Number), ms: expect.any(Number) });
    expect(screen[0]!.upstreamCalls).toBeGreaterThan(0);
    expect(lines.find((l) => l.operation === 'Missing')).toMatchObject({ errors: ['NOT_FOUND'], upstreamCalls: 1 });
    expect(lines.find((l) => l.operation === 'Again')).toMatchObject({ upstreamCalls: 2 });
    expect(lines.find((l) => l.operation === 'Typo')).toMatchObject({ errors: ['GRAPHQL_VALIDATION_FAILED'], upstreamCalls: 0 });
    expect(logs.text()).not.toContain(DEMO_KEY);
    expect(logs.text()).not.toContain('"args":[{}]');
  });

  it('logs an unexpected error once, with its message, stack and operation', async () => {
    const own = captureLogs();
    const schema = createSchema({
      typeDefs: 'type Query { boom: String }',
      resolvers: {
        Query: {
          boom: () => {
            throw new Error('disk on fire');
          },
        },
      },
    });
    const broken = await stack.startGateway({ deps: { schema: schema as never, logger: own.logger } });
    try {
      const result = await broken.gql('query Explode { boom }');
      expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(result)).not.toContain('disk on fire');
      const errors = own.lines.filter((l) => l.level === 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ msg: 'disk on fire', operation: 'Explode', path: 'boom' });
      expect((errors[0]!.err as { stack: string }).stack).toContain('disk on fire');
      expect(own.lines.find((l) => l.msg === 'operation')).toMatchObject({ operation: 'Explode', errors: ['INTERNAL_SERVER_ERROR'] });
    } finally {
      await broken.close();
    }
  });
});
