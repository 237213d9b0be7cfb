/**
 * Apollo Client 4, as an app uses it, against the gateway and the simulator, in both auth modes:
 * `HttpLink` with its default settings (queries, mutations, `@defer`, and subscriptions over
 * multipart HTTP, Apollo's protocol), `GraphQLWsLink` (graphql-ws), the normalised cache (a node
 * refetched by `node(id:)`, a connection paged forward with `relayStylePagination`, a node updated in
 * place by a mutation's answer) and trusted documents from an Apollo persisted query manifest.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql as apolloGql, type DocumentNode, type TypedDocumentNode } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { print } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_MODES, runToCompletion, useClientStack, WebSocketImpl, type ClientTarget } from './utils/clients.js';
import { MARKET_SCANNER, PULSE } from './utils/ids.js';
import { record } from './utils/subscriptions.js';

/** The app's documents; its data types are left loose here (an app would generate them). */
const gql = (text: TemplateStringsArray): TypedDocumentNode<any, any> => apolloGql(text);

const PROJECT = gql`
  query ApolloProject($id: ID!) {
    project(id: $id) { id wexaId name agentflows(first: 3) { nodes { id name } } }
  }
`;
const NODE = gql`
  query ApolloNode($id: ID!) { node(id: $id) { id ... on Project { wexaId name } } }
`;
const EXECUTIONS = gql`
  query ApolloExecutions($id: ID!, $first: Int!, $after: String) {
    project(id: $id) {
      id
      executions(first: $first, after: $after) { edges { cursor node { id wexaId status } } pageInfo { hasNextPage endCursor } }
    }
  }
`;
const START = gql`
  mutation ApolloStart($input: StartExecutionInput!) { startExecution(input: $input) { execution { id wexaId status goal } } }
`;
const CANCEL = gql`
  mutation ApolloCancel($input: CancelExecutionInput!) { cancelExecution(input: $input) { execution { id status } } }
`;
const EXECUTION = gql`
  query ApolloExecution($projectId: ID!, $id: ID!) { execution(projectId: $projectId, id: $id) { id wexaId status goal } }
`;
const WATCH = gql`
  subscription ApolloWatch($projectId: ID!, $id: ID!) { executionUpdated(projectId: $projectId, id: $id) { id wexaId status } }
`;
const DEFERRED = gql`
  query ApolloDeferred($id: ID!) {
    project(id: $id) { id name ... @defer { executions(first: 3) { nodes { id status } } } }
  }
`;
/** The documents of the app's persisted query manifest (the unknown one is left out of it). */
const PERSISTED = gql`
  query ApolloPersisted($id: ID!) { project(id: $id) { id name } }
`;
const NOT_PERSISTED = gql`
  query ApolloNotPersisted($id: ID!) { project(id: $id) { id wexaId } }
`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The text Apollo Client sends for a document (its cache adds `__typename`). */
const sentText = (document: DocumentNode) => print(new InMemoryCache().transformDocument(document));

/** An Apollo persisted query manifest, as `@apollo/generate-persisted-query-manifest` writes it. */
const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-apollo-'));
const manifest = path.join(dir, 'persisted-query-manifest.json');
writeFileSync(
  manifest,
  JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [{ id: sha256(sentText(PERSISTED)), name: 'ApolloPersisted', type: 'query', body: sentText(PERSISTED) }],
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stack = useClientStack(() => ({ trustedFile: manifest }));

/** What a frontend would build: one cache, a link, the 2022-08-24 incremental format; `requests` counts what reached the gateway. */
function apollo(target: ClientTarget, transport: 'http' | 'ws', options: { persisted?: boolean } = {}) {
  let requests = 0;
  const counting: typeof fetch = (input, init) => {
    requests += 1;
    return fetch(input, init);
  };
  let ws: WsClient | undefined;
  let link: ApolloLink;
  if (transport === 'http') {
    link = new HttpLink({ uri: target.url, headers: target.headers, fetch: counting });
  } else {
    ws = createWsClient({ url: target.wsUrl, webSocketImpl: WebSocketImpl, connectionParams: target.connectionParams, retryAttempts: 0 });
    link = new GraphQLWsLink(ws);
  }
  if (options.persisted) link = new PersistedQueryLink({ sha256, retry: () => false }).concat(link);
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({ typePolicies: { Project: { fields: { executions: relayStylePagination(['status']) } } } }),
    incrementalHandler: new Defer20220824Handler(),
  });
  return {
    client,
    requests: () => requests,
    close: async () => {
      client.stop();
      await ws?.dispose();
    },
  };
}

/** The `extensions.code` of each GraphQL error an Apollo error carries. */
const codesOf = (error: unknown): unknown[] => ((error as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? []).map((e) => e.extensions?.code);

describe.each(AUTH_MODES)('Apollo Client 4 (%s)', (mode) => {
  const target = () => stack.target(mode);

  it('reads a project, then refetches it by its global id through node(id:) into the same cache entry', async () => {
    const { client, close } = apollo(target(), 'http');
    const { data } = await client.query({ query: PROJECT, variables: { id: PULSE } });
    expect(data!.project).toMatchObject({ wexaId: PULSE, name: 'Pulse', __typename: 'Project' });
    expect(data!.project!.agentflows.nodes.length).toBeGreaterThan(0);
    const node = await client.query({ query: NODE, variables: { id: data!.project!.id } });
    expect(node.data!.node).toMatchObject({ id: data!.project!.id, wexaId: PULSE, name: 'Pulse' });
    // One normalised object: the cache holds Project:<id> once, read by both queries.
    expect(client.cache.identify({ __typename: 'Project', id: data!.project!.id })).toBe(`Project:${data!.project!.id}`);
    expect(Object.keys(client.cache.extract() as object).filter((k) => k.startsWith('Project:'))).toEqual([`Project:${data!.project!.id}`]);
    await close();
  });

  it('pages a connection forward with fetchMore: the list grows, no item twice', async () => {
    const { client, close } = apollo(target(), 'http');
    const watch = client.watchQuery({ query: EXECUTIONS, variables: { id: PULSE, first: 2 } });
    const seen = record((sink) => {
      const s = watch.subscribe({ next: (r) => r.dataState === 'complete' && sink.next({ data: r.data as never }), error: sink.error });
      return () => s.unsubscribe();
    });
    const first = (await seen.nth(1)).data!.project.executions;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    await watch.fetchMore({ variables: { after: first.pageInfo.endCursor } });
    await expect.poll(() => seen.results.at(-1)!.data!.project.executions.edges.length, { message: 'the second page appended' }).toBe(4);
    const ids = seen.results.at(-1)!.data!.project.executions.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids.slice(0, 2)).toEqual(first.edges.map((e: { node: { id: string } }) => e.node.id));
    seen.stop();
    await close();
  });

  it("starts an execution, and a mutation's answer updates the node a query shows, without a refetch", async () => {
    const { client, requests, close } = apollo(target(), 'http');
    const started = await client.mutate({
      mutation: START,
      variables: { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `apollo ${mode}` } },
    });
    const execution = started.data!.startExecution.execution;
    expect(execution.goal).toBe(`apollo ${mode}`);
    const watch = client.watchQuery({ query: EXECUTION, variables: { projectId: PULSE, id: execution.wexaId } });
    const seen = record((sink) => {
      const s = watch.subscribe({ next: (r) => r.data && sink.next({ data: r.data as never }), error: sink.error });
      return () => s.unsubscribe();
    });
    expect((await seen.nth(1)).data!.execution.id).toBe(execution.id);
    const before = requests();
    const cancelled = await client.mutate({ mutation: CANCEL, variables: { input: { projectId: PULSE, executionId: execution.wexaId } } });
    expect(cancelled.data!.cancelExecution.execution.status).toBe('CANCELLED');
    await expect.poll(() => seen.results.at(-1)!.data!.execution.status, { message: 'the watched query to show the new status' }).toBe('CANCELLED');
    expect(requests() - before).toBe(1);
    seen.stop();
    await close();
  });

  for (const transport of ['http', 'ws'] as const) {
    it(`follows an execution to COMPLETED over ${transport === 'http' ? 'HttpLink (multipart HTTP)' : 'GraphQLWsLink'}`, async () => {
      const { client, close } = apollo(target(), transport);
      const started = await client.mutate({
        mutation: START,
        variables: { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `apollo ${transport} ${mode}` } },
      });
      const id = started.data!.startExecution.execution.wexaId;
      const events = record((sink) => {
        const s = client.subscribe({ query: WATCH, variables: { projectId: PULSE, id } }).subscribe({
          next: (r) => (r.error ? sink.error(r.error) : sink.next({ data: r.data as never })),
          error: sink.error,
          complete: sink.complete,
        });
        return () => s.unsubscribe();
      });
      await events.nth(1);
      await runToCompletion(stack.sim, id);
      await events.done;
      expect(events.results.at(-1)!.data!.executionUpdated).toMatchObject({ wexaId: id, status: 'COMPLETED' });
      // The subscription wrote to the same normalised Execution the rest of the app reads.
      expect((client.cache.extract() as Record<string, unknown>)[client.cache.identify(events.results.at(-1)!.data!.executionUpdated)!]).toMatchObject({ status: 'COMPLETED' });
      await close();
    });
  }

  it('gets a coded error on a subscription it may not open, over multipart HTTP', async () => {
    const { client, close } = apollo({ ...target(), headers: {} }, 'http');
    const events = record((sink) => {
      const s = client.subscribe({ query: WATCH, variables: { projectId: PULSE, id: 'x' } }).subscribe({
        next: (r) => sink.next({ errors: (r.error as { errors?: never[] } | undefined)?.errors ?? [] }),
        error: sink.error,
        complete: sink.complete,
      });
      return () => s.unsubscribe();
    });
    await events.done;
    expect(events.results.map((r) => r.errors!.map((e) => e.extensions?.code))).toEqual([['UNAUTHENTICATED']]);
    await close();
  });

  it('shows the page first and the @defer part when it arrives, over HttpLink', async () => {
    const { client, close } = apollo(target(), 'http');
    // The deferred second level is the slow one.
    await stack.sim.setFaults([{ method: 'GET', path: '/{projectID}/execution_flows', latencyMs: 300 }]);
    try {
      const watch = client.watchQuery({ query: DEFERRED, variables: { id: PULSE } });
      const seen = record((sink) => {
        const s = watch.subscribe({ next: (r) => r.data && sink.next({ data: { state: r.dataState, project: (r.data as never as { project: unknown }).project } }) });
        return () => s.unsubscribe();
      });
      await expect.poll(() => seen.results.at(-1)?.data?.state, { message: 'the deferred part to arrive' }).toBe('complete');
      const first = seen.results[0]!.data!;
      expect(first.state).toBe('streaming');
      expect(first.project).toMatchObject({ name: 'Pulse' });
      expect(first.project.executions).toBeUndefined();
      expect(seen.results.at(-1)!.data!.project.executions.nodes.length).toBeGreaterThan(0);
      seen.stop();
    } finally {
      await stack.sim.clearFaults();
      await close();
    }
  });

  describe('trusted documents (an Apollo persisted query manifest, allow-list)', () => {
    for (const transport of ['http', 'ws'] as const) {
      it(`runs a manifest operation by its id over ${transport}`, async () => {
        const { client, close } = apollo(await stack.trusted(mode), transport, { persisted: true });
        const { data } = await client.query({ query: PERSISTED, variables: { id: PULSE } });
        expect(data!.project).toMatchObject({ name: 'Pulse' });
        await close();
      });
    }

    it('refuses an operation the manifest does not hold, by id (PERSISTED_QUERY_NOT_FOUND) or by text (PERSISTED_QUERY_ONLY)', async () => {
      const overHttp = apollo(await stack.trusted(mode), 'http', { persisted: true });
      const byId = await overHttp.client.query({ query: NOT_PERSISTED, variables: { id: PULSE }, errorPolicy: 'all' });
      expect(codesOf(byId.error)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      await overHttp.close();
      const overWs = apollo(await stack.trusted(mode), 'ws');
      const byText = await overWs.client.query({ query: NOT_PERSISTED, variables: { id: PULSE }, errorPolicy: 'all' });
      expect(codesOf(byText.error)).toEqual(['PERSISTED_QUERY_ONLY']);
      await overWs.close();
    });
  });
});
