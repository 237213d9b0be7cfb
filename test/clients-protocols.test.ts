/**
 * What the client suites rely on, on the wire: the multipart subscription protocol (heartbeats, the
 * closing delimiter, coded errors, a client that leaves, a gateway that stops), `@stream` and coded
 * errors in deferred parts, trusted-document files of each format and the ids clients send, and CORS
 * where browsers call (`/graphql` and the saved-dashboards REST routes).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { toGraphQLError } from '../src/errors.js';
import { useIncrementalDelivery } from '../src/plugins/incremental-delivery.js';
import { useMultipartSubscriptions } from '../src/plugins/multipart-subscriptions.js';
import { loadPersistedOperations } from '../src/plugins/persisted-operations.js';
import { DEMO_KEY, PULSE, UNKNOWN_EXECUTION } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import { createReadyExecution } from './utils/subscriptions.js';

const ORIGIN = 'https://app.example.test';
const MULTIPART = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json';
const WATCH = `subscription ($projectId: ID!, $id: ID!) { executionUpdated(projectId: $projectId, id: $id) { wexaId status } }`;

const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-protocols-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hash = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');
/** Writes a file into the test's directory; resolves to its path. */
const file = (name: string, content: unknown) => {
  const full = path.join(dir, name);
  writeFileSync(full, JSON.stringify(content));
  return full;
};

const PERSISTED = '{ projects(first: 1) { nodes { name } } }';
const persistedFile = file('operations.json', { [hash('md5', PERSISTED)]: PERSISTED });

const stack = useStack({
  config: { pollMinMs: 20, pollMaxMs: 50, upstreamRetries: 0, multipartHeartbeatMs: 20, corsOrigins: ORIGIN, persistedOperationsFile: persistedFile, persistedOperationsOnly: false },
});

/** POSTs to the gateway with the demo key unless `headers` says otherwise. */
const post = (body: unknown, headers: Record<string, string> = {}, url = stack.gw.url) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, ...headers }, body: JSON.stringify(body) });

/** Reads a streamed answer in the background: its text so far, and its end. */
function reading(response: Response) {
  const state = { text: '', ended: false };
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) state.text += decoder.decode(chunk, { stream: true });
    } catch {
      // A connection closed by the server ends the read too.
    }
    state.ended = true;
  })();
  return { state, done };
}

/** The JSON bodies of a multipart answer's parts, in order (boundary `graphql` for subscriptions, yoga's `-` for @defer/@stream). */
const partsOf = (text: string, boundary = 'graphql'): unknown[] =>
  text
    .split(`\r\n--${boundary}`)
    .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4).trim())
    .filter((body, i) => i > 0 && body.startsWith('{'))
    .map((body) => JSON.parse(body) as unknown);

describe('subscriptions over multipart HTTP', () => {
  it('streams payload parts with heartbeats between them and ends with the closing delimiter', async () => {
    const id = await createReadyExecution(stack.sim.url, DEMO_KEY);
    const response = await post({ query: WATCH, variables: { projectId: PULSE, id } }, { accept: MULTIPART });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('multipart/mixed;boundary="graphql";subscriptionSpec="1.0"');
    const { state, done } = reading(response);
    await expect.poll(() => partsOf(state.text)[0], { message: 'the first event' }).toEqual({ payload: { data: { executionUpdated: { wexaId: id, status: 'READY' } } } });
    // Nothing happens upstream: heartbeats keep the connection warm.
    await expect.poll(() => partsOf(state.text).filter((p) => JSON.stringify(p) === '{}').length, { message: 'heartbeats' }).toBeGreaterThan(1);
    for (let wire = await stack.sim.advance(id); wire.status !== 'completed'; wire = await stack.sim.advance(id));
    await done;
    expect(state.text.endsWith('\r\n--graphql--\r\n')).toBe(true);
    const events = partsOf(state.text).filter((p) => JSON.stringify(p) !== '{}') as { payload: { data: { executionUpdated: { status: string } } } }[];
    expect(events.at(-1)!.payload.data.executionUpdated.status).toBe('COMPLETED');
  });

  it('counts as an open subscription, and frees its watch as soon as the client goes away', async () => {
    const id = await createReadyExecution(stack.sim.url, DEMO_KEY);
    const controller = new AbortController();
    const response = await fetch(stack.gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, accept: MULTIPART },
      body: JSON.stringify({ query: WATCH, variables: { projectId: PULSE, id } }),
      signal: controller.signal,
    });
    const { state, done } = reading(response);
    await expect.poll(() => partsOf(state.text).length, { message: 'the first event' }).toBeGreaterThan(0);
    expect(stack.gw.gateway.live.stats().subscribers).toBe(1);
    controller.abort();
    await done;
    await expect.poll(() => stack.gw.gateway.live.stats(), { message: 'the subscription and its watch to end' }).toMatchObject({ subscribers: 0, watches: 0 });
  });

  it('answers a refused subscription with one coded part (200), and broken input with its JSON error', async () => {
    const unknown = await post({ query: WATCH, variables: { projectId: PULSE, id: UNKNOWN_EXECUTION } }, { accept: MULTIPART });
    expect(unknown.status).toBe(200);
    const parts = partsOf(await unknown.text()) as { payload: { errors: { extensions: { code: string } }[] } }[];
    expect(parts.map((p) => p.payload.errors.map((e) => e.extensions.code))).toEqual([['NOT_FOUND']]);
    const keyless = await post({ query: WATCH, variables: { projectId: PULSE, id: UNKNOWN_EXECUTION } }, { accept: MULTIPART, 'x-api-key': '' });
    expect((partsOf(await keyless.text()) as typeof parts).map((p) => p.payload.errors.map((e) => e.extensions.code))).toEqual([['UNAUTHENTICATED']]);
    const broken = await fetch(stack.gw.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, accept: MULTIPART }, body: '{"query":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('leaves the choice to SSE when the client lists text/event-stream first', async () => {
    const id = await createReadyExecution(stack.sim.url, DEMO_KEY);
    const controller = new AbortController();
    const response = await fetch(stack.gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, accept: `text/event-stream, ${MULTIPART}` },
      body: JSON.stringify({ query: WATCH, variables: { projectId: PULSE, id } }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    controller.abort();
  });

  it('does not hold up a stopping gateway: the stream is cut and close() does not wait for it', async () => {
    // A drain that waited for the stream would outlast the test's own timeout.
    const gw = await stack.startGateway({ config: { shutdownTimeoutMs: 120_000, pollMinMs: 20, pollMaxMs: 50 } });
    const id = await createReadyExecution(stack.sim.url, DEMO_KEY);
    const { state, done } = reading(await post({ query: WATCH, variables: { projectId: PULSE, id } }, { accept: MULTIPART }, gw.url));
    await expect.poll(() => partsOf(state.text).length, { message: 'the first event' }).toBeGreaterThan(0);
    await gw.close();
    await done;
    expect(state.ended).toBe(true);
  });
});

describe('subscriptions over multipart HTTP, a failing stream', () => {
  it('ends a stream whose source fails: its masked, coded error in a last part, then the closing delimiter', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Subscription { tick: Int }',
        resolvers: {
          Subscription: {
            tick: {
              subscribe: async function* () {
                yield { tick: 1 };
                throw new Error('internal detail');
              },
            },
          },
        },
      }),
      maskedErrors: { maskError: toGraphQLError, isDev: false },
      logging: false,
      plugins: [useMultipartSubscriptions({ heartbeatMs: 0 })],
    });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: MULTIPART },
      body: JSON.stringify({ query: 'subscription { tick }' }),
    });
    const text = await response.text();
    // The executor turns the failure into the stream's last result; a throw past it would be `{"payload": null, "errors": […]}`.
    expect(partsOf(text)).toMatchObject([
      { payload: { data: { tick: 1 } } },
      { payload: { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } },
    ]);
    expect(text.endsWith('\r\n--graphql--\r\n')).toBe(true);
  });
});

describe('incremental delivery', () => {
  it('streams a list with @stream: the first items with the page, the rest in later parts', async () => {
    const response = await post({ query: '{ projects(first: 3) { nodes @stream(initialCount: 1) { name } } }' }, { accept: 'multipart/mixed, application/json' });
    const parts = partsOf(await response.text(), '-') as { data?: any; incremental?: { items: unknown[] }[]; hasNext: boolean }[];
    expect(parts[0]!.data.projects.nodes).toEqual([{ name: 'Pulse' }]);
    expect(parts[0]!.hasNext).toBe(true);
    expect(parts.flatMap((p) => p.incremental ?? []).flatMap((i) => i.items)).toHaveLength(2);
    expect(parts.at(-1)!.hasNext).toBe(false);
  });

  it("gives a failing deferred part's errors their codes", async () => {
    await stack.sim.setFaults([{ method: 'GET', path: '/tasks/', status: 500 }]);
    try {
      const response = await post(
        { query: 'query ($id: ID!) { project(id: $id) { name ... @defer { tasks(first: 2) { nodes { name } } } } }', variables: { id: PULSE } },
        { accept: 'multipart/mixed, application/json' },
      );
      const parts = partsOf(await response.text(), '-') as { data?: any; incremental?: { errors?: { extensions: { code: string } }[] }[] }[];
      expect(parts[0]!.data.project.name).toBe('Pulse');
      const codes = parts.flatMap((p) => p.incremental ?? []).flatMap((i) => i.errors ?? []).map((e) => e.extensions.code);
      expect(codes).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      await stack.sim.clearFaults();
    }
  });
});

describe('incremental delivery, unexpected errors', () => {
  it('masks an unexpected error of a deferred part like any other (the code, never its message)', async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { fast: String, slow: String }',
        resolvers: { Query: { fast: () => 'here', slow: () => Promise.reject(new Error('internal detail')) } },
      }),
      maskedErrors: { maskError: toGraphQLError, isDev: false },
      logging: false,
      plugins: useIncrementalDelivery(),
    });
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ query: '{ fast ... @defer { slow } }' }),
    });
    const parts = partsOf(await response.text(), '-') as { incremental?: { errors?: { message: string; extensions: { code: string } }[] }[] }[];
    const errors = parts.flatMap((p) => p.incremental ?? []).flatMap((i) => i.errors ?? []);
    expect(errors.map((e) => [e.message, e.extensions.code])).toEqual([['Unexpected error.', 'INTERNAL_SERVER_ERROR']]);
  });
});

describe('trusted documents', () => {
  it('reads each format and checks every id against its document at start', () => {
    const text = 'query A { __typename }';
    const apollo = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: hash('sha256', text), name: 'A', type: 'query', body: text }] };
    expect([...loadPersistedOperations(file('apollo.json', apollo)).values()]).toEqual([text]);
    expect([...loadPersistedOperations(file('codegen.json', { [hash('sha1', text)]: text })).keys()]).toEqual([hash('sha1', text)]);
    expect([...loadPersistedOperations(file('relay.json', { [hash('md5', text)]: text })).keys()]).toEqual([hash('md5', text)]);
    const forged = { ...apollo, operations: [{ ...apollo.operations[0], body: 'query B { __typename }' }] };
    expect(() => loadPersistedOperations(file('forged.json', forged))).toThrow(/is not the SHA-256, SHA-1 or MD5 of its document/);
    expect(() => loadPersistedOperations(file('version.json', { ...apollo, version: 2 }))).toThrow(/"version": 1/);
  });

  it('runs a document by doc_id (body or query string) or documentId; an unknown or malformed id is a coded 400', async () => {
    const id = hash('md5', PERSISTED);
    for (const response of [
      await post({ doc_id: id }),
      await post({ documentId: id }),
      await fetch(`${stack.gw.url}?doc_id=${id}`, { headers: { 'x-api-key': DEMO_KEY } }),
    ]) {
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: any }).data.projects.nodes[0].name).toBe('Pulse');
    }
    const unknown = await post({ doc_id: 'f'.repeat(32) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const malformed = await post({ doc_id: 42 });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
  });

  it('in allow-list mode lets a document through with its own id only', async () => {
    const gw = await stack.startGateway({ config: { persistedOperationsFile: persistedFile } });
    const code = async (body: unknown) => ((await (await post(body, {}, gw.url)).json()) as { errors?: { extensions: { code: string } }[] }).errors?.map((e) => e.extensions.code);
    expect(await code({ query: PERSISTED, doc_id: hash('md5', PERSISTED) })).toBeUndefined();
    expect(await code({ query: '{ __typename }', doc_id: hash('md5', PERSISTED) })).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(await code({ query: PERSISTED })).toEqual(['PERSISTED_QUERY_ONLY']);
  });
});

describe('CORS', () => {
  const HEADERS = ['authorization', 'traceparent', 'baggage', 'apollographql-client-name', 'apollographql-client-version', 'x-api-key', 'content-type'];
  const preflight = (url: string, method: string) =>
    fetch(url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': HEADERS.join(',') } });
  const base = () => new URL(stack.gw.url).origin;

  it('answers preflights of /graphql and of the saved-dashboards REST routes alike', async () => {
    for (const [url, method] of [
      [stack.gw.url, 'POST'],
      [`${base()}/api/v1/analytics/dashboards`, 'POST'],
      [`${base()}/api/v1/analytics/dashboards/abc/refresh`, 'PUT'],
      [`${base()}/api/v1/public/dashboards/some-slug`, 'GET'],
    ] as const) {
      const response = await preflight(url, method);
      expect(response.status, url).toBe(204);
      expect(response.headers.get('access-control-allow-origin'), url).toBe(ORIGIN);
      expect(response.headers.get('access-control-allow-methods'), url).toContain(method);
      const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim());
      expect(allowed, url).toEqual(expect.arrayContaining(HEADERS));
    }
  });

  it('marks REST answers for the page that asked, and only for allowed origins', async () => {
    const list = await fetch(`${base()}/api/v1/analytics/dashboards`, { headers: { origin: ORIGIN, 'x-api-key': DEMO_KEY } });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const stranger = await fetch(`${base()}/api/v1/analytics/dashboards`, { headers: { origin: 'https://elsewhere.example', 'x-api-key': DEMO_KEY } });
    expect(stranger.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
  });

  it('is off without CORS_ORIGINS', async () => {
    const gw = await stack.startGateway();
    const response = await preflight(`${new URL(gw.url).origin}/api/v1/analytics/dashboards`, 'POST');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
