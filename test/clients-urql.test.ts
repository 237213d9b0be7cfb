/**
 * urql (`@urql/core` 6) with its default settings (queries as GET within the URL limit, the document
 * cache), against the gateway and the simulator, in both auth modes: queries, `node(id:)`, a connection
 * paged forward, mutations and what the document cache does after one, subscriptions to COMPLETED
 * over fetch (`fetchSubscriptions`: SSE) and graphql-ws (`subscriptionExchange`), `@defer` over
 * multipart and SSE, and trusted documents from a GraphQL Code Generator `persisted-documents.json`
 * (by `extensions.persistedQuery`, as urql's persisted exchange sends it, over HTTP and WebSocket).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, cacheExchange, createRequest, fetchExchange, gql, subscriptionExchange, type Exchange, type OperationResult } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_MODES, runToCompletion, useClientStack, WebSocketImpl, type ClientTarget } from './utils/clients.js';
import { MARKET_SCANNER, PULSE } from './utils/ids.js';
import { record, type Recording } from './utils/subscriptions.js';

const PROJECT = gql`
  query UrqlProject($id: ID!) { project(id: $id) { id wexaId name } }
`;
const NODE = gql`
  query UrqlNode($id: ID!) { node(id: $id) { id ... on Project { wexaId name } } }
`;
const TASKS = gql`
  query UrqlTasks($id: ID!, $after: String) {
    project(id: $id) { id tasks(first: 2, after: $after) { nodes { id wexaId name } pageInfo { hasNextPage endCursor } } }
  }
`;
const START = gql`
  mutation UrqlStart($input: StartExecutionInput!) { startExecution(input: $input) { execution { id wexaId status } } }
`;
const CANCEL = gql`
  mutation UrqlCancel($input: CancelExecutionInput!) { cancelExecution(input: $input) { execution { id wexaId status } } }
`;
const EXECUTION = gql`
  query UrqlExecution($projectId: ID!, $id: ID!) { execution(projectId: $projectId, id: $id) { id wexaId status } }
`;
const WATCH = gql`
  subscription UrqlWatch($projectId: ID!, $id: ID!) { executionUpdated(projectId: $projectId, id: $id) { id wexaId status } }
`;
const DEFERRED = gql`
  query UrqlDeferred($id: ID!) {
    project(id: $id) { id name ... @defer { tasks(first: 2) { nodes { id name } } } }
  }
`;

/** A Code Generator client-preset `persisted-documents.json` (`persistedDocuments: { hashAlgorithm: 'sha256' }`). */
const PERSISTED_TEXT = 'query UrqlPersisted($id: ID!) { project(id: $id) { __typename id name } }';
const persistedId = createHash('sha256').update(PERSISTED_TEXT).digest('hex');
const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-urql-'));
const documentsFile = path.join(dir, 'persisted-documents.json');
writeFileSync(documentsFile, JSON.stringify({ [persistedId]: PERSISTED_TEXT }, null, 2));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stack = useClientStack(() => ({ trustedFile: documentsFile }));

/** What an app builds: the default exchanges, or graphql-ws for subscriptions (or for everything). */
function urql(target: ClientTarget, transport: 'fetch' | 'ws' | 'ws-all', options: { accept?: string } = {}) {
  let requests = 0;
  const methods: string[] = [];
  let ws: WsClient | undefined;
  const exchanges: Exchange[] = [cacheExchange];
  if (transport !== 'fetch') {
    ws = createWsClient({ url: target.wsUrl, webSocketImpl: WebSocketImpl, connectionParams: target.connectionParams, retryAttempts: 0 });
    const socket = ws;
    exchanges.push(
      subscriptionExchange({
        enableAllOperations: transport === 'ws-all',
        // As urql's documentation has it: graphql-ws wants a query string, a persisted request has none.
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query || '' }, sink as never) }),
        }),
      }),
    );
  }
  exchanges.push(fetchExchange);
  const client = new Client({
    url: target.url,
    exchanges,
    fetchSubscriptions: true,
    fetchOptions: { headers: { ...target.headers, ...(options.accept ? { accept: options.accept } : {}) } },
    fetch: (input, init) => {
      requests += 1;
      methods.push(init?.method ?? 'GET');
      return fetch(input, init);
    },
  });
  return { client, requests: () => requests, methods, close: () => ws?.dispose() };
}

/** Records an urql source until its last result (`hasNext: false`). */
function recordSource(source: { subscribe(cb: (r: OperationResult) => void): { unsubscribe(): void } }): Recording {
  return record((sink) => {
    const subscription = source.subscribe((r) => {
      if (r.error?.networkError) return sink.error(r.error.networkError);
      sink.next({ data: r.data, errors: r.error?.graphQLErrors });
      if (!r.hasNext) sink.complete();
    });
    return () => subscription.unsubscribe();
  });
}

const codes = (r: OperationResult) => r.error?.graphQLErrors.map((e) => e.extensions?.code);

describe.each(AUTH_MODES)('urql (%s)', (mode) => {
  const target = () => stack.target(mode);

  it('reads a project (as GET, by default), refetches it by node(id:), and answers the same query again from its cache', async () => {
    const { client, requests, methods } = urql(target(), 'fetch');
    const first = await client.query(PROJECT, { id: PULSE }).toPromise();
    expect(first.error).toBeUndefined();
    expect(first.data.project).toMatchObject({ wexaId: PULSE, name: 'Pulse' });
    const node = await client.query(NODE, { id: first.data.project.id }).toPromise();
    expect(node.data.node).toMatchObject({ id: first.data.project.id, name: 'Pulse', __typename: 'Project' });
    const again = await client.query(PROJECT, { id: PULSE }).toPromise();
    expect(again.data).toEqual(first.data);
    expect(requests()).toBe(2);
    expect(methods).toEqual(['GET', 'GET']);
  });

  it('pages a connection forward with after: pages follow one another', async () => {
    const { client } = urql(target(), 'fetch');
    const one = await client.query(TASKS, { id: PULSE }).toPromise();
    const page1 = one.data.project.tasks;
    expect(page1.nodes).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const two = await client.query(TASKS, { id: PULSE, after: page1.pageInfo.endCursor }).toPromise();
    const page2 = two.data.project.tasks;
    expect(page2.nodes.length).toBeGreaterThan(0);
    const ids = [...page1.nodes, ...page2.nodes].map((t: { id: string }) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts an execution, and after a mutation that returns it the queries showing it are fetched again', async () => {
    const { client, requests } = urql(target(), 'fetch');
    const started = await client.mutation(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `urql ${mode}` } }).toPromise();
    expect(started.error).toBeUndefined();
    const id = started.data.startExecution.execution.wexaId;
    const shown = recordSource(client.query(EXECUTION, { projectId: PULSE, id }));
    await shown.nth(1);
    const before = requests();
    const cancelled = await client.mutation(CANCEL, { input: { projectId: PULSE, executionId: id } }).toPromise();
    expect(cancelled.data.cancelExecution.execution.status).toBe('CANCELLED');
    // The document cache drops every result holding an Execution and the screen refetches: the mutation and one query.
    await expect.poll(() => shown.results.at(-1)!.data!.execution.status, { message: 'the query to show the new status' }).toBe('CANCELLED');
    expect(requests() - before).toBe(2);
    shown.stop();
  });

  for (const transport of ['fetch', 'ws'] as const) {
    it(`follows an execution to COMPLETED over ${transport === 'fetch' ? 'fetch (fetchSubscriptions: SSE)' : 'graphql-ws'}`, async () => {
      const { client, close } = urql(target(), transport);
      const started = await client.mutation(START, { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `urql ${transport}` } }).toPromise();
      const id = started.data.startExecution.execution.wexaId;
      const events = recordSource(client.subscription(WATCH, { projectId: PULSE, id }));
      await events.nth(1);
      await runToCompletion(stack.sim, id);
      await events.done;
      expect(events.results.at(-1)!.data!.executionUpdated).toMatchObject({ wexaId: id, status: 'COMPLETED' });
      await close();
    });
  }

  for (const [transport, accept] of [
    ['multipart', undefined],
    ['SSE', 'text/event-stream'],
  ] as const) {
    it(`merges a @defer part into the result over ${transport}`, async () => {
      const { client } = urql(target(), 'fetch', { accept });
      await stack.sim.setFaults([{ method: 'GET', path: '/tasks/', latencyMs: 300 }]);
      try {
        const results = recordSource(client.query(DEFERRED, { id: PULSE }, { requestPolicy: 'network-only' }));
        await results.done;
        expect(results.results[0]!.data!.project).toMatchObject({ name: 'Pulse' });
        expect(results.results[0]!.data!.project.tasks).toBeUndefined();
        expect(results.results.at(-1)!.data!.project.tasks.nodes).toHaveLength(2);
      } finally {
        await stack.sim.clearFaults();
      }
    });
  }

  describe('trusted documents (a Code Generator persisted-documents.json, allow-list)', () => {
    /** A request as urql's persistedExchange makes it from a Code Generator document (its `__meta__.hash`): the id, no text. */
    const persisted = (id: string) => createRequest(gql(PERSISTED_TEXT), { id: PULSE }, { persistedQuery: { version: 1, sha256Hash: id } });

    for (const transport of ['fetch', 'ws-all'] as const) {
      it(`runs a persisted document by its hash over ${transport === 'fetch' ? 'HTTP (GET)' : 'graphql-ws'}`, async () => {
        const { client, close } = urql(await stack.trusted(mode), transport);
        const result = await client.executeQuery(persisted(persistedId)).toPromise();
        expect(result.error).toBeUndefined();
        expect(result.data.project).toMatchObject({ name: 'Pulse' });
        await close();
      });

      it(`answers PERSISTED_QUERY_NOT_FOUND for a hash the file does not hold, over ${transport === 'fetch' ? 'HTTP' : 'graphql-ws'}`, async () => {
        const { client, close } = urql(await stack.trusted(mode), transport);
        const unknown = createHash('sha256').update('query Other { __typename }').digest('hex');
        expect(codes(await client.executeQuery(persisted(unknown)).toPromise())).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
        await close();
      });
    }
  });
});
