/**
 * The protections a caller runs into on purpose: the cost limit in upstream calls (with list
 * arguments in variables), the `nodes(ids:)` cap, per-key rate limits (in memory and shared through
 * Redis), persisted operations in allow-list mode, and the idempotency key of `startExecution`. All
 * through the real gateway over HTTP against the real simulator; upstream calls read from its log.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationHash } from '../src/plugins/persisted-operations.js';
import { parseConfig } from '../src/config.js';
import { codesOf } from './utils/graphql.js';
import { captureLogs } from './utils/log-capture.js';
import type { TestGateway } from './utils/gateway.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, DOC_FLOW as AGENTFLOW, OTHER_KEY, PULSE } from './utils/ids.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('cost limit', () => {
  const stack = useStack({ config: { maxQueryCost: 2_500, maxNodeIds: 50 } });

  it('refuses nodes(ids:) with a long list in a variable before any upstream call', async () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => b64(`Project:${i.toString(16).padStart(24, '0')}`));
    const res = await stack.gw.gql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0]!.message).toContain('at most 50 ids');
    expect(res.errors![0]!.extensions).toMatchObject({ ids: 5_000, limit: 50 });
    expect(await stack.sim.counts()).toEqual({});
  });

  it('counts list sizes from first (literal or variable) and answers with the cost and the limit', async () => {
    // Per project: its task list (1) + 100 tasks × up to 10 executions × one task read each.
    const query = 'query ($n: Int) { projects(first: $n) { nodes { tasks(first: 100) { nodes { executions { task { name } } } } } } }';
    const refused = await stack.gw.gql(query, { n: 3 });
    expect(codesOf(refused)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.errors![0]!.extensions).toMatchObject({ cost: 1 + 3 * 1001, limit: 2_500 });
    expect(refused.errors![0]!.message).toContain('limit is 2500');
    const literal = await stack.gw.gql(query.replace('query ($n: Int)', '').replace('first: $n', 'first: 10'));
    expect(literal.errors![0]!.extensions).toMatchObject({ cost: 1 + 10 * 1001 });
    expect(await stack.sim.counts()).toEqual({});

    const fits = await stack.gw.gql(query, { n: 2 });
    expect(fits.errors).toBeUndefined();
    expect(fits.data!.projects.nodes).toHaveLength(2);
  });

  it('sees nodes ids under the cap and multiplies what is selected inside them', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => b64(`Project:${i.toString(16).padStart(24, '0')}`));
    const res = await stack.gw.gql('query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Project { tasks(first: 20) { nodes { name } } } } }', { ids });
    // 40 reads + 40 task lists = 80: allowed (the ids do not exist, which is each node's own null).
    expect(codesOf(res).every((c) => c !== 'QUERY_TOO_COMPLEX')).toBe(true);
  });
});

describe('per-key rate limits', () => {
  // Each test starts the gateways it needs on the one simulator.
  const stack = useStack({ gateways: 0 });
  const prefix = `wexa-graph-test-${randomUUID()}:`;
  const start = (extra: Record<string, unknown> = {}) => stack.startGateway({ config: { redisPrefix: prefix, ...extra } });

  // One call a second steadily plus two of burst a minute: a batch sent at once gets three through
  // (four if it straddles a second boundary), whatever the machine's speed.
  const limits = { rateLimitPerSecond: 1, rateLimitBurstPerMinute: 2 };
  let n = 0;
  /** A read of a distinct (unknown) project: one upstream call each, never shared with another. */
  const read = (gw: TestGateway, key: string) =>
    gw.gql(`{ project(id: "${(++n).toString(16).padStart(24, 'a')}") { name } }`, undefined, { key });

  it('limits one key with RATE_LIMITED and retryAfter, and leaves the other key alone', async () => {
    const gw = await start(limits);
    const results = await Promise.all(Array.from({ length: 8 }, () => read(gw, DEMO_KEY)));
    const limited = results.filter((r) => codesOf(r).includes('RATE_LIMITED'));
    const sent = results.length - limited.length;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThanOrEqual(4);
    expect(limited[0]!.errors![0]!.extensions!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.errors![0]!.message).toContain("over the gateway's limit");
    // Refused calls were never sent.
    expect((await stack.sim.counts())['GET /v1/project/{projectId}']).toBe(sent);

    const other = await Promise.all(Array.from({ length: 3 }, () => read(gw, OTHER_KEY)));
    expect(other.map(codesOf)).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']]);
    expect((await stack.sim.counts())['GET /v1/project/{projectId}']).toBe(sent + 3);
  });

  it('per-key rate limit default: only calls really sent count, and a refused one is cheap and not an upstream call', async () => {
    // The default lets one busy frontend through: well above 50 calls a second.
    const defaults = parseConfig({});
    expect(defaults.rateLimitPerSecond).toBeGreaterThanOrEqual(200);

    const logs = captureLogs('debug');
    const gw = await stack.startGateway({ config: { redisPrefix: prefix, rateLimitPerSecond: 1, rateLimitBurstPerMinute: 0 }, deps: { logger: logs.logger } });
    // Twenty readers of one screen share one upstream call (slow, so that all of them join it): one token, not twenty.
    await stack.sim.resetLog();
    await stack.sim.setFaults([{ method: 'GET', path: `/v1/project/${PULSE}`, latencyMs: 1_000, times: 1 }]);
    const screen = `{ project(id: "${PULSE}") { name } }`;
    const shared = await Promise.all(Array.from({ length: 20 }, () => gw.gql(screen)));
    expect(shared.map(codesOf)).toEqual(Array.from({ length: 20 }, () => []));
    expect(await stack.sim.counts()).toEqual({ 'GET /v1/project/{projectId}': 1 });

    // Distinct reads over the limit: refused before anything is sent.
    await expect.poll(async () => codesOf(await read(gw, DEMO_KEY)), { message: 'the bucket to refuse' }).toEqual(['RATE_LIMITED']);
    const sentBefore = (await stack.sim.requests()).length;
    await stack.sim.resetLog();
    logs.lines.length = 0;
    const results = await Promise.all(Array.from({ length: 10 }, () => read(gw, DEMO_KEY)));
    const sent = (await stack.sim.requests()).length;
    expect(results.filter((r) => codesOf(r).includes('RATE_LIMITED'))).toHaveLength(10 - sent);
    // Not an upstream call in the operation log, nor in the metrics; no retry, no stack, nothing at error level.
    const operations = logs.lines.filter((l) => l.msg === 'operation');
    expect(operations).toHaveLength(10);
    expect(operations.filter((l) => (l.errors as string[] | undefined)?.includes('RATE_LIMITED')).map((l) => l.upstreamCalls)).toEqual(
      Array.from({ length: 10 - sent }, () => 0),
    );
    expect(operations.reduce((sum, l) => sum + (l.upstreamCalls as number), 0)).toBe(sent);
    expect(logs.lines.filter((l) => l.msg === 'wexa request retry')).toEqual([]);
    expect(logs.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    const refusals = logs.lines.filter((l) => JSON.stringify(l).includes('RATE_LIMITED') && l.msg !== 'operation');
    expect(refusals.length).toBeGreaterThan(0);
    expect(JSON.stringify(refusals)).not.toContain('    at ');
    const metrics = await (await fetch(new URL('/metrics', gw.url))).text();
    const upstreamCalls = metrics
      .split('\n')
      .filter((line) => line.startsWith('wexa_graph_upstream_requests_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    expect(upstreamCalls).toBe(sentBefore + sent);
  });

  it('shares one bucket per key across replicas through Redis', async () => {
    const redisUrl = 'redis://127.0.0.1:6379';
    const a = await start({ ...limits, redisUrl });
    const b = await start({ ...limits, redisUrl });
    const first = await Promise.all(Array.from({ length: 3 }, () => read(a, DEMO_KEY)));
    expect(first.map(codesOf)).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']]);
    // The burst is spent on replica a; replica b lets at most the next second's one call through.
    const second = await Promise.all(Array.from({ length: 3 }, () => read(b, DEMO_KEY)));
    expect(second.filter((r) => codesOf(r).includes('RATE_LIMITED')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('request body limit', () => {
  const stack = useStack({ config: { maxRequestBodyBytes: 2_000 } });
  const padded = (size: number) => JSON.stringify({ query: `{ __typename }${' '.repeat(size)}` });

  /** Sends raw bytes (written at once) and resolves with the whole answer. */
  const send = (bytes: string) =>
    new Promise<string>((resolve) => {
      const url = new URL(stack.gw.url);
      const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
      let answer = '';
      socket.on('data', (d) => (answer += d.toString('latin1')));
      socket.on('close', () => resolve(answer));
      socket.on('error', () => resolve(answer));
    });
  /** POSTs `body` with a Content-Length, or chunked (no length, so the gateway counts as it reads). */
  const rawPost = async (body: string, chunked: boolean) => {
    const head = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: ${DEMO_KEY}\r\nConnection: close\r\n`;
    let bytes = `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    if (chunked) {
      const chunks: string[] = [];
      for (let i = 0; i < body.length; i += 500) chunks.push(body.slice(i, i + 500));
      bytes = `${head}Transfer-Encoding: chunked\r\n\r\n${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
    }
    const answer = await send(bytes);
    return { status: Number(answer.slice(9, 12)), body: answer.slice(answer.indexOf('\r\n\r\n') + 4) };
  };

  it('answers a body within the limit, declared or chunked', async () => {
    for (const chunked of [false, true]) {
      const res = await rawPost(padded(1_500), chunked);
      expect(res.status).toBe(200);
      expect(res.body).toContain('"__typename":"Query"');
    }
  });

  it('refuses a body over the limit with 413 REQUEST_ENTITY_TOO_LARGE, declared or chunked', async () => {
    for (const chunked of [false, true]) {
      const res = await rawPost(padded(5_000), chunked);
      expect(res.status).toBe(413);
      expect(res.body).toContain('REQUEST_ENTITY_TOO_LARGE');
    }
  });

  it('refuses a malformed Content-Length with 400', async () => {
    const answer = await send(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1e3\r\nConnection: close\r\n\r\n{}`);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe('persisted operations (allow-list)', () => {
  const allowed = '{ projects(first: 1) { nodes { name } } }';
  const dir = mkdtempSync(join(tmpdir(), 'wexa-graph-persisted-'));
  const file = join(dir, 'operations.json');
  writeFileSync(file, JSON.stringify({ [operationHash(allowed)]: allowed }));
  const stack = useStack({ config: { persistedOperationsFile: file } });

  const post = (body: unknown) =>
    fetch(stack.gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, ...((await r.json()) as { data?: any; errors?: any[] }) }));

  it('runs a persisted operation by its hash', async () => {
    const res = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(allowed) } } });
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.nodes[0].name).toBe('Pulse');
  });

  it('refuses any document of its own, even the allowed text, and unknown hashes, before any upstream call', async () => {
    await stack.sim.resetLog();
    const own = await post({ query: allowed });
    expect(own.errors!.map((e) => e.extensions.code)).toEqual(['PERSISTED_QUERY_ONLY']);
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash('{ __typename }') } } });
    expect(unknown.errors!.map((e) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    // A body naming no document at all is not a GraphQL request (400), persisted or not.
    const none = await post({});
    expect(none.errors!.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
    expect(await stack.sim.counts()).toEqual({});
  });
});

describe('startExecution idempotency key', () => {
  const stack = useStack();
  const START = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { execution { wexaId status goal } } }`;
  const input = (patch: Record<string, unknown> = {}) => ({ projectId: PULSE, agentflowId: AGENTFLOW, goal: 'idempotent run', ...patch });

  it('starts one execution for two identical requests with the same key, at the same moment or later', async () => {
    const key = `order-${randomUUID()}`;
    const [a, b] = await Promise.all([
      stack.gw.gql(START, { input: input({ idempotencyKey: key }) }),
      stack.gw.gql(START, { input: input({ idempotencyKey: key }) }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const id = a.data!.startExecution.execution.wexaId;
    expect(b.data!.startExecution.execution.wexaId).toBe(id);
    const later = await stack.gw.gql(START, { input: input({ idempotencyKey: key }) });
    expect(later.data!.startExecution.execution.wexaId).toBe(id);
    const counts = await stack.sim.counts();
    expect(counts['POST /execute_flow']).toBe(1);
    expect(counts['POST /execute_flow/{execution_id}/execute']).toBe(1);
  });

  it('refuses the same key with a different input, keeps keys per API key, and starts anew without a key', async () => {
    const key = `order-${randomUUID()}`;
    await stack.sim.resetLog();
    const first = await stack.gw.gql(START, { input: input({ idempotencyKey: key }) });
    expect(first.errors).toBeUndefined();
    const changed = await stack.gw.gql(START, { input: input({ idempotencyKey: key, goal: 'something else' }) });
    expect(codesOf(changed)).toEqual(['BAD_USER_INPUT']);
    const plain = [await stack.gw.gql(START, { input: input() }), await stack.gw.gql(START, { input: input() })];
    expect(plain[0]!.data!.startExecution.execution.wexaId).not.toBe(plain[1]!.data!.startExecution.execution.wexaId);
    expect((await stack.sim.counts())['POST /execute_flow']).toBe(3);
    const tooLong = await stack.gw.gql(START, { input: input({ idempotencyKey: 'k'.repeat(201) }) });
    expect(codesOf(tooLong)).toEqual(['BAD_USER_INPUT']);
  });
});
