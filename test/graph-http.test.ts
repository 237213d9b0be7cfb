/**
 * Serving: GraphQL over HTTP (GET and POST), GraphiQL offline, health, the key requirement,
 * error codes for every failure class, query limits, and GraphQL over WebSocket on the same port.
 */
import { createClient } from 'graphql-ws';
import { createSchema } from 'graphql-yoga';
import { beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestGateway } from './utils/gateway.js';
import { codesOf } from './utils/graphql.js';
import { DEMO_KEY, OTHER_KEY, PULSE, UNKNOWN_ID } from './utils/ids.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
let sim: TestSimulator;
let gw: TestGateway;

const stack = useStack(
  { config: { upstreamRetries: 0, upstreamMaxRetryAfterS: 0, breakerMinimumRps: 1_000_000 }, deps: { demoKey: DEMO_KEY } },
  (s) => ({ sim, gw } = s),
);
beforeEach(async () => {
  await sim.reset();
});

const origin = () => new URL(gw.url).origin;

describe('HTTP endpoints', () => {
  it('answers GET /health with 200 JSON', async () => {
    const response = await fetch(`${origin()}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves GraphiQL to browsers with every asset inlined and the key header prefilled', async () => {
    const response = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html');
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./i);
    expect(html).toContain('x-api-key');
    expect(html).toContain(DEMO_KEY);
  });

  it('prefills a placeholder instead of a key when no demo key is configured', async () => {
    const plain = await stack.startGateway();
    try {
      const html = await (await fetch(plain.url, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('your Wexa API key');
      expect(html).not.toContain(DEMO_KEY);
    } finally {
      await plain.close();
    }
  });

  it('runs queries over GET with the key in the header', async () => {
    const query = encodeURIComponent(`{ project(id: "${PULSE}") { name } }`);
    const response = await fetch(`${gw.url}?query=${query}`, { headers: { 'x-api-key': DEMO_KEY, accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { project: { name: 'Pulse' } } });
  });

  it('refuses mutations over GET', async () => {
    const query = encodeURIComponent(`mutation { deleteProject(input: { projectId: "${PULSE}" }) { deletedProjectId } }`);
    const response = await fetch(`${gw.url}?query=${query}`, { headers: { 'x-api-key': DEMO_KEY, accept: 'application/json' } });
    expect(response.status).toBe(405);
    expect(await sim.counts()).toEqual({});
  });
});

describe('the API key', () => {
  it('is required for anything but introspection, with a clear UNAUTHENTICATED error', async () => {
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`, undefined, { key: null });
    expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.errors![0]!.message).toContain('x-api-key');
    expect(await sim.counts()).toEqual({});
  });

  it('is not needed for introspection', async () => {
    const result = await gw.gql('{ __schema { queryType { name } } __typename }', undefined, { key: null });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } }, __typename: 'Query' });
  });

  it('is rejected by the upstream when unknown: UNAUTHENTICATED, and the key is never echoed', async () => {
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`, undefined, { key: 'not-a-real-key-123' });
    expect(codesOf(result)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(result)).not.toContain('not-a-real-key-123');
  });

  it("cannot read another organisation's project: FORBIDDEN", async () => {
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`, undefined, { key: OTHER_KEY });
    expect(codesOf(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toEqual({ project: null });
  });
});

describe('error codes', () => {
  it('NOT_FOUND for an id that does not exist', async () => {
    const result = await gw.gql(`{ project(id: "${UNKNOWN_ID}") { name } }`);
    expect(codesOf(result)).toEqual(['NOT_FOUND']);
    expect(result.errors![0]!.path).toEqual(['project']);
  });

  it('BAD_USER_INPUT for a malformed id, before any upstream call', async () => {
    const result = await gw.gql('{ project(id: "../etc/passwd") { name } }');
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(await sim.counts()).toEqual({});
  });

  it('RATE_LIMITED with retryAfter when the upstream throttles', async () => {
    await sim.setFaults([{ method: 'GET', path: '/v1/project/{projectId}', status: 429, retryAfter: 30 }]);
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`);
    expect(codesOf(result)).toEqual(['RATE_LIMITED']);
    expect(result.errors![0]!.extensions!.retryAfter).toBe(30);
  });

  it('UPSTREAM_UNAVAILABLE when the upstream fails', async () => {
    await sim.setFaults([{ method: 'GET', path: '/v1/project/{projectId}', status: 503 }]);
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`);
    expect(codesOf(result)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('UPSTREAM_CONTRACT when the upstream answers in a shape the gateway cannot use', async () => {
    await sim.setFaults([{ method: 'GET', path: '/v1/project/{projectId}', status: 200 }]);
    const result = await gw.gql(`{ project(id: "${PULSE}") { name } }`);
    expect(codesOf(result)).toEqual(['UPSTREAM_CONTRACT']);
  });

  it('GRAPHQL_VALIDATION_FAILED for a document the schema rejects', async () => {
    const result = await gw.gql('{ project(id: "x") { noSuchField } }');
    expect(codesOf(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('QUERY_TOO_COMPLEX for a query deeper than the limit, before any upstream call', async () => {
    let selection = 'name';
    for (let i = 0; i < 8; i++) selection = `agentflows { nodes { project { ${selection} } } }`;
    const result = await gw.gql(`{ project(id: "${PULSE}") { ${selection} } }`);
    expect(codesOf(result)).toContain('QUERY_TOO_COMPLEX');
    expect(await sim.counts()).toEqual({});
  });

  it('masks unexpected errors as INTERNAL_SERVER_ERROR without their message', async () => {
    const schema = createSchema({
      typeDefs: 'type Query { boom: String }',
      resolvers: { Query: { boom: () => { throw new Error('secret internal detail'); } } },
    });
    const broken = await stack.startGateway({ deps: { schema: schema as never } });
    try {
      const result = await broken.gql('{ boom }');
      expect(codesOf(result)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(result)).not.toContain('secret internal detail');
    } finally {
      await broken.close();
    }
  });
});

describe('GraphQL over WebSocket on the same port and path', () => {
  const run = (payload: Record<string, unknown>, query: string, headers: Record<string, string> = {}) => {
    /** A WebSocket that sends `headers` with its upgrade request. */
    class WithHeaders extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const client = createClient({
      url: gw.url.replace('http', 'ws'),
      webSocketImpl: WithHeaders,
      connectionParams: payload,
      retryAttempts: 0,
      lazy: true,
    });
    return new Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>((resolve, reject) => {
      let result: { data?: unknown; errors?: { extensions?: { code?: string } }[] } = {};
      client.subscribe(
        { query },
        {
          next: (value) => (result = value as typeof result),
          error: reject,
          complete: () => resolve(result),
        },
      );
    }).finally(() => client.dispose());
  };

  it('takes the key from the connection_init payload', async () => {
    expect.assertions(1);
    const result = await run({ 'x-api-key': DEMO_KEY }, `{ project(id: "${PULSE}") { name } }`);
    expect(result).toEqual({ data: { project: { name: 'Pulse' } } });
  });

  it('takes the key from the upgrade request header when connection_init has none', async () => {
    expect.assertions(1);
    const result = await run({}, `{ project(id: "${PULSE}") { name } }`, { 'x-api-key': DEMO_KEY });
    expect(result).toEqual({ data: { project: { name: 'Pulse' } } });
  });

  it('answers UNAUTHENTICATED without a key, and introspection still works', async () => {
    expect.assertions(2);
    const denied = await run({}, `{ project(id: "${PULSE}") { name } }`);
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const schema = await run({}, '{ __schema { queryType { name } } }');
    expect(schema).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('close()', () => {
  it('stops the HTTP server', async () => {
    const extra = await stack.startGateway();
    await extra.close();
    expect(extra.gateway.server.listening).toBe(false);
    await expect(fetch(`${new URL(extra.url).origin}/health`)).rejects.toThrow();
  });
});
