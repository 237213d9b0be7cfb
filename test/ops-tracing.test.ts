/**
 * Tracing as a collector sees it: with `otlpEndpoint` set, the gateway exports OTLP/HTTP JSON to an
 * in-process receiver; each operation is one span, with one child span per upstream call (as many
 * as the simulator's request log shows), and the upstream receives the child's W3C `traceparent`.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { startFakeUpstream, type FakeUpstream } from './setup/fake-upstream.js';
import { PULSE } from './utils/ids.js';
import { captureLogs } from './utils/log-capture.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A minimal OTLP/HTTP receiver: collects the spans of every JSON export. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; close(): Promise<void> }> {
  const spans: OtlpSpan[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of payload.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((r) => server.close(() => r())) };
}

const attr = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('OpenTelemetry tracing', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: TestSimulator;
  let gw: TestGateway;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  // Started after the receiver (whose URL it needs) and closed before it.
  const stack = useStack(() => ({ config: { otlpEndpoint: receiver.url } }), (s) => ({ sim, gw } = s));

  it('exports one span per operation with one child per upstream call', async () => {
    await sim.resetLog();
    const result = await gw.gql(`query Screen { project(id: "${PULSE}") { name agentflows(first: 3) { nodes { name } } } }`);
    expect(result.errors).toBeUndefined();
    const log = await sim.requests();
    const upstreamCalls = log.length;
    expect(upstreamCalls).toBeGreaterThan(1);

    await expect.poll(() => receiver.spans.map((s) => s.name), { message: 'the operation span exported' }).toContain('query Screen');
    const operation = receiver.spans.filter((s) => s.name === 'query Screen');
    expect(operation).toHaveLength(1);
    expect(attr(operation[0]!, 'graphql.operation.name')).toBe('Screen');
    await expect.poll(() => receiver.spans.filter((s) => s.parentSpanId === operation[0]!.spanId).length, { message: 'every child exported' }).toBe(upstreamCalls);
    const children = receiver.spans.filter((s) => s.parentSpanId === operation[0]!.spanId);
    expect(children).toHaveLength(upstreamCalls);
    // Named by endpoint template, the same ones the simulator matched.
    expect(children.map((c) => c.name).sort()).toEqual(log.map((e) => `${e.method} ${e.route}`).sort());
    for (const child of children) {
      expect(child.traceId).toBe(operation[0]!.traceId);
      expect(child.name).not.toContain(PULSE);
      expect(attr(child, 'http.response.status_code')).toBe(200);
    }
  });

  it('sends the upstream span as W3C traceparent', async () => {
    const upstream: FakeUpstream = await startFakeUpstream(() => ({ status: 404, json: { detail: 'Not found' } }));
    const traced = await startTestGateway({ upstreamUrl: upstream.url, config: { otlpEndpoint: receiver.url } });
    try {
      await traced.gql(`query Probe { project(id: "${PULSE}") { name } }`);
      expect(upstream.requests).toHaveLength(1);
      const traceparent = String(upstream.requests[0]!.headers.traceparent);
      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const [, traceId, spanId] = traceparent.split('-');
      await expect.poll(() => receiver.spans.map((s) => s.spanId), { message: 'the upstream span exported' }).toContain(spanId);
      const child = receiver.spans.find((s) => s.spanId === spanId)!;
      const parent = receiver.spans.find((s) => s.spanId === child.parentSpanId);
      expect(child.traceId).toBe(traceId);
      expect(parent?.name).toBe('query Probe');
      expect(attr(child, 'http.response.status_code')).toBe(404);
    } finally {
      await traced.close();
      await upstream.close();
    }
  });

  it("continues the client's trace: an incoming traceparent is the operation span's parent, and the operation's log line carries its trace id", async () => {
    const logs = captureLogs();
    const joined = await stack.startGateway({ config: { otlpEndpoint: receiver.url }, deps: { logger: logs.logger } });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const res = await joined.gql(`query Joined { project(id: "${PULSE}") { name } }`, undefined, { headers: { traceparent: `00-${traceId}-${clientSpan}-01` } });
    expect(res.errors).toBeUndefined();
    await expect.poll(() => receiver.spans.some((s) => s.name === 'query Joined'), { message: 'the operation span exported' }).toBe(true);
    const operation = receiver.spans.find((s) => s.name === 'query Joined')!;
    expect([operation.traceId, operation.parentSpanId]).toEqual([traceId, clientSpan]);
    // Its upstream calls are in the same trace.
    await expect.poll(() => receiver.spans.filter((s) => s.parentSpanId === operation.spanId).length).toBeGreaterThan(0);
    expect(receiver.spans.filter((s) => s.parentSpanId === operation.spanId).every((s) => s.traceId === traceId)).toBe(true);
    const line = logs.lines.find((l) => l['msg'] === 'operation' && l['operation'] === 'Joined');
    expect(line).toMatchObject({ trace_id: traceId });
  });

  it('writes the trace id of an incoming traceparent on the log line even without exporting spans', async () => {
    const logs = captureLogs();
    const plain = await stack.startGateway({ deps: { logger: logs.logger } });
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await plain.gql(`query Untraced { __typename }`, undefined, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    await plain.gql(`query Malformed { __typename }`, undefined, { headers: { traceparent: 'not-a-traceparent' } });
    expect(logs.lines.find((l) => l['operation'] === 'Untraced')).toMatchObject({ trace_id: traceId });
    expect(logs.lines.find((l) => l['operation'] === 'Malformed')).not.toHaveProperty('trace_id');
  });
});
