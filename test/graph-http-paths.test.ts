/**
 * The two HTTP paths of `/graphql` answer alike: a plain JSON POST is served directly on node's
 * request and response (`src/http/direct-graphql.ts`) unless `GRAPHQL_FETCH_PATH` sends everything
 * through yoga's Fetch layer. The same requests go to a gateway of each kind; status, content type,
 * header names and body must be the same, for answers with data and for every kind of refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { DEMO_KEY, PULSE, UNKNOWN_ID } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const stack = useStack({ gateways: 0 });
let direct: TestGateway;
let fetchPath: TestGateway;
beforeAll(async () => {
  const config = { upstreamRetries: 0, upstreamMaxRetryAfterS: 0, maxQueryCost: 200, maxRequestBodyBytes: 4_096 };
  direct = await stack.startGateway({ config: { ...config, graphqlFetchPath: false } });
  fetchPath = await stack.startGateway({ config: { ...config, graphqlFetchPath: true } });
});

interface Case {
  name: string;
  body: string;
  headers?: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value);
const SCREEN = 'query ($id: ID!) { project(id: $id) { name tasks(first: 5) { nodes { executions { status agentflow { name } } } } } }';

const cases: Case[] = [
  { name: 'a query with variables', body: json({ query: SCREEN, variables: { id: PULSE } }) },
  { name: 'the same, asking for application/graphql-response+json', body: json({ query: SCREEN, variables: { id: PULSE } }), headers: { accept: 'application/graphql-response+json' } },
  { name: 'a named operation among two', body: json({ query: 'query A { viewer { id } } query B { projects(first: 1) { totalCount } }', operationName: 'B' }) },
  { name: 'an unknown operation name', body: json({ query: 'query A { viewer { id } }', operationName: 'C' }) },
  { name: 'a field error (unknown project)', body: json({ query: SCREEN, variables: { id: UNKNOWN_ID } }) },
  { name: 'a parse error', body: json({ query: '{ projects(' }) },
  { name: 'a parse error, graphql-response+json', body: json({ query: '{ projects(' }), headers: { accept: 'application/graphql-response+json' } },
  { name: 'a validation error', body: json({ query: '{ nope }' }) },
  { name: 'a validation error, graphql-response+json', body: json({ query: '{ nope }' }), headers: { accept: 'application/graphql-response+json' } },
  { name: 'a variable of the wrong type', body: json({ query: SCREEN, variables: { id: { not: 'an id' } } }) },
  { name: 'a missing variable', body: json({ query: SCREEN }) },
  { name: 'over the cost limit', body: json({ query: '{ projects(first: 100) { nodes { tasks(first: 100) { nodes { id } } } } }' }) },
  { name: 'no key', body: json({ query: SCREEN, variables: { id: PULSE } }), headers: { 'x-api-key': '' } },
  { name: 'introspection without a key', body: json({ query: '{ __typename }' }), headers: { 'x-api-key': '' } },
  { name: 'broken JSON', body: '{"query":' },
  { name: 'a batch', body: json([{ query: '{ __typename }' }]) },
  { name: 'no query', body: json({ qeury: '{ __typename }' }) },
  { name: 'variables that are not an object', body: json({ query: '{ __typename }', variables: [1] }) },
  { name: 'an unknown persisted id (no file configured)', body: json({ documentId: 'abc' }) },
  { name: 'a body over the limit', body: json({ query: `{ __typename }${' '.repeat(5_000)}` }) },
  { name: 'a mutation without its arguments', body: json({ query: 'mutation { startExecution }' }) },
  { name: 'only text/plain accepted', body: json({ query: '{ __typename }' }), headers: { accept: 'text/plain' } },
  { name: 'a subscription asking for JSON', body: json({ query: 'subscription { executionUpdated(projectId: "x", id: "y") { status } }' }) },
];

/** What a client can see of an answer, without headers that differ by nature (the date). */
async function seen(gw: TestGateway, c: Case) {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, ...c.headers },
    body: c.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  const headers = [...response.headers.keys()].filter((name) => name !== 'date').sort();
  return { status: response.status, type: response.headers.get('content-type'), headers, body };
}

describe('the direct path and the Fetch path', () => {
  it.each(cases)('answer alike: $name', async (c) => {
    const [a, b] = [await seen(direct, c), await seen(fetchPath, c)];
    expect(a).toEqual(b);
  });

  it('answer the screen with data and no errors', async () => {
    const a = await seen(direct, cases[0]!);
    expect(a.status).toBe(200);
    expect(a.type).toBe('application/json; charset=utf-8');
    expect(a.body).toMatchObject({ data: { project: { name: expect.any(String) } } });
    expect(a.body).not.toHaveProperty('errors');
  });
});
