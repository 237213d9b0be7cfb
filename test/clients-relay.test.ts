/**
 * relay-runtime 21 with artifacts compiled by relay-compiler (the fixture `test/fixtures/relay/`,
 * compiled in `beforeAll` against the committed `schema.graphql`), against the gateway and the
 * simulator, in both auth modes: a query with a `@refetchable` fragment refetched through
 * `node(id:)`, a `@connection` paged forward (what `usePaginationFragment`'s `loadNext` runs), a
 * mutation whose answer updates what a query snapshot shows, a subscription to COMPLETED over
 * graphql-ws, SSE and multipart HTTP (Apollo's Relay adapter), a `@defer`red fragment, and relay-compiler's
 * persisted queries (`doc_id`) over HTTP and WebSocket.
 *
 * Relay leaves the network to the app: `network()` below is what an app writes, including turning
 * the 2022-08-24 incremental format (`incremental: [{ data, path, label }]`) into the one payload per
 * deferred fragment relay-runtime reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFetchMultipartSubscription } from '@apollo/client/utilities/subscriptions/relay';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import {
  commitMutation,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  getSelector,
  Network,
  Observable,
  RecordSource,
  requestSubscription,
  Store,
  type ConcreteRequest,
  type GraphQLResponse,
  type ReaderFragment,
  type RequestParameters,
  type Variables,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRelayFixture } from './fixtures/relay/compile.js';
import { AUTH_MODES, runToCompletion, useClientStack, WebSocketImpl, type ClientTarget } from './utils/clients.js';
import { MARKET_SCANNER, PULSE } from './utils/ids.js';
import { record, type Recording } from './utils/subscriptions.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-relay-'));
/** The artifacts, as the app's bundler would import them: with text, or persisted (id only). */
let plain: Record<string, unknown> = {};
let persisted: Record<string, unknown> = {};
let persistedQueries = '';

async function loadArtifacts(artifacts: string): Promise<Record<string, unknown>> {
  const names = [
    'RelayClientsProjectQuery',
    'RelayClients_details',
    'RelayClientsDetailsRefetchQuery',
    'RelayClients_executions',
    'RelayClientsExecutionsPaginationQuery',
    'RelayClientsExecutionQuery',
    'RelayClientsStartMutation',
    'RelayClientsCancelMutation',
    'RelayClientsWatchSubscription',
    'RelayClientsDeferredQuery',
    'RelayClients_tasks',
  ];
  const loaded = await Promise.all(names.map(async (name) => [name, ((await import(pathToFileURL(path.join(artifacts, `${name}.graphql.js`)).href)) as { default: unknown }).default]));
  return Object.fromEntries(loaded);
}

beforeAll(async () => {
  const [withText, withIds] = await Promise.all([
    compileRelayFixture(path.join(dir, 'plain')),
    compileRelayFixture(path.join(dir, 'persisted'), { persist: true }),
  ]);
  [plain, persisted] = await Promise.all([loadArtifacts(withText.artifacts), loadArtifacts(withIds.artifacts)]);
  persistedQueries = withIds.persistedQueries!;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stack = useClientStack(() => ({ trustedFile: persistedQueries }));

const request = (artifacts: Record<string, unknown>, name: string) => artifacts[name] as ConcreteRequest;
const fragment = (artifacts: Record<string, unknown>, name: string) => artifacts[name] as ReaderFragment;

/** The parts of a multipart answer, parsed (any boundary). */
async function* multipartParts(response: Response): AsyncGenerator<Record<string, any>> {
  const boundary = `\r\n--${/boundary="?([^";]+)"?/.exec(response.headers.get('content-type') ?? '')?.[1] ?? '-'}`;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let at = buffer.indexOf(boundary); at !== -1; at = buffer.indexOf(boundary)) {
      const part = buffer.slice(0, at);
      buffer = buffer.slice(at + boundary.length);
      const body = part.slice(part.indexOf('\r\n\r\n') + 4).trim();
      if (part.includes('\r\n\r\n') && body) yield JSON.parse(body) as Record<string, any>;
    }
  }
}

/** One result of the 2022-08-24 incremental format as the payloads relay-runtime reads: one per deferred fragment. */
function relayPayloads(result: Record<string, any>): GraphQLResponse[] {
  const extensions = { is_final: result.hasNext !== true };
  if (Array.isArray(result.incremental)) {
    return result.incremental.map((part: Record<string, any>) => ({ data: part.data, label: part.label, path: part.path, errors: part.errors, extensions }));
  }
  return 'data' in result || 'errors' in result ? [{ ...result, extensions: { ...result.extensions, ...extensions } } as GraphQLResponse] : [];
}

/** What a request carries: its text, or (persisted artifacts) relay-compiler's id as `doc_id`. */
const bodyOf = (params: RequestParameters, variables: Variables) =>
  params.text ? { query: params.text, operationName: params.name, variables } : { doc_id: params.id, operationName: params.name, variables };

type Transport = 'http' | 'ws';
type SubscriptionTransport = 'ws' | 'sse' | 'multipart';

/** The app's Relay environment: operations over `http` (multipart for @defer) or graphql-ws, subscriptions over `subscriptions`. */
function relay(target: ClientTarget, options: { operations?: Transport; subscriptions?: SubscriptionTransport } = {}) {
  let requests = 0;
  let ws: WsClient | undefined;
  const socket = () => (ws ??= createWsClient({ url: target.wsUrl, webSocketImpl: WebSocketImpl, connectionParams: target.connectionParams, retryAttempts: 0 }));
  const overWs = (params: RequestParameters, variables: Variables) =>
    Observable.create<GraphQLResponse>((sink) => socket().subscribe({ query: '', ...bodyOf(params, variables) } as never, sink as never));
  const overHttp = (params: RequestParameters, variables: Variables) =>
    Observable.create<GraphQLResponse>((sink) => {
      requests += 1;
      const controller = new AbortController();
      void (async () => {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { ...target.headers, 'content-type': 'application/json', accept: 'multipart/mixed;deferSpec=20220824, application/graphql-response+json, application/json' },
          body: JSON.stringify(bodyOf(params, variables)),
          signal: controller.signal,
        });
        if ((response.headers.get('content-type') ?? '').startsWith('multipart/mixed')) {
          for await (const part of multipartParts(response)) for (const payload of relayPayloads(part)) sink.next(payload);
        } else {
          sink.next((await response.json()) as GraphQLResponse);
        }
        sink.complete();
      })().catch((error: unknown) => sink.error(error as Error));
      return () => controller.abort();
    });
  const sse = createSseClient({ url: target.url, headers: target.headers, singleConnection: false, retryAttempts: 0 });
  const subscriptions = {
    ws: overWs,
    sse: (params: RequestParameters, variables: Variables) =>
      Observable.create<GraphQLResponse>((sink) => sse.subscribe({ query: params.text ?? '', operationName: params.name, variables }, sink as never)),
    multipart: createFetchMultipartSubscription(target.url, { headers: target.headers }),
  }[options.subscriptions ?? 'ws'];
  const environment = new Environment({
    network: Network.create(options.operations === 'ws' ? overWs : overHttp, subscriptions as never),
    store: new Store(new RecordSource()),
  });
  return {
    environment,
    requests: () => requests,
    close: async () => {
      sse.dispose();
      await ws?.dispose();
    },
  };
}

/** Reads a fragment from the store, from the reference a query's data holds. */
const read = (environment: Environment, node: ReaderFragment, ref: unknown) => environment.lookup(getSelector(node, ref) as never);

/** The `extensions.code` of the errors a failed request carries: Relay's error for an answer without data, or graphql-ws's list of errors. */
const codesOf = (error: unknown): unknown[] => {
  const errors = Array.isArray(error) ? error : ((error as { source?: { errors?: unknown[] } }).source?.errors ?? []);
  return (errors as { extensions?: { code?: unknown } }[]).map((e) => e.extensions?.code);
};

describe.each(AUTH_MODES)('relay-runtime (%s)', (mode) => {
  const target = () => stack.target(mode);

  it('reads a project, and refetches its @refetchable fragment through node(id:)', async () => {
    const { environment, close } = relay(target());
    const data = (await fetchQuery(environment, request(plain, 'RelayClientsProjectQuery'), { id: PULSE }).toPromise()) as any;
    expect(data.project.name).toBe('Pulse');
    const details = read(environment, fragment(plain, 'RelayClients_details'), data.project);
    expect(details.data).toMatchObject({ wexaId: PULSE, name: 'Pulse' });
    expect((details.data as any).agentflows.nodes.length).toBeGreaterThan(0);
    const refetched = (await fetchQuery(environment, request(plain, 'RelayClientsDetailsRefetchQuery'), { id: data.project.id }).toPromise()) as any;
    expect(refetched.node).toBeTruthy();
    expect(read(environment, fragment(plain, 'RelayClients_details'), refetched.node).data).toEqual(details.data);
    await close();
  });

  it('pages a @connection forward: the pagination query appends the next edges to the same connection', async () => {
    const { environment, close } = relay(target());
    const data = (await fetchQuery(environment, request(plain, 'RelayClientsProjectQuery'), { id: PULSE }).toPromise()) as any;
    const executions = () => read(environment, fragment(plain, 'RelayClients_executions'), data.project).data as any;
    const first = executions().executions;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    await fetchQuery(environment, request(plain, 'RelayClientsExecutionsPaginationQuery'), { id: data.project.id, count: 2, cursor: first.pageInfo.endCursor }).toPromise();
    const ids = executions().executions.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(ids.slice(0, 2)).toEqual(first.edges.map((e: { node: { id: string } }) => e.node.id));
    await close();
  });

  it("starts an execution, and a mutation's answer updates what a query shows, without a refetch", async () => {
    const { environment, requests, close } = relay(target());
    const mutate = (name: string, variables: Variables) =>
      new Promise<any>((resolve, reject) => commitMutation(environment, { mutation: request(plain, name), variables, onCompleted: resolve, onError: reject }));
    const started = await mutate('RelayClientsStartMutation', { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `relay ${mode}` } });
    const id = started.startExecution.execution.wexaId;
    const query = request(plain, 'RelayClientsExecutionQuery');
    await fetchQuery(environment, query, { projectId: PULSE, id }).toPromise();
    const snapshot = environment.lookup(createOperationDescriptor(query, { projectId: PULSE, id }).fragment);
    const shown: string[] = [(snapshot.data as any).execution.status];
    const retained = environment.subscribe(snapshot, (next) => shown.push((next.data as any).execution.status));
    const before = requests();
    await mutate('RelayClientsCancelMutation', { input: { projectId: PULSE, executionId: id } });
    expect(shown.at(-1)).toBe('CANCELLED');
    expect(requests() - before).toBe(1);
    retained.dispose();
    await close();
  });

  for (const transport of ['ws', 'sse', 'multipart'] as const) {
    it(`follows an execution to COMPLETED over ${{ ws: 'graphql-ws', sse: 'SSE (graphql-sse)', multipart: "multipart HTTP (Apollo's Relay adapter)" }[transport]}`, async () => {
      const { environment, close } = relay(target(), { subscriptions: transport });
      const started = await new Promise<any>((resolve, reject) =>
        commitMutation(environment, {
          mutation: request(plain, 'RelayClientsStartMutation'),
          variables: { input: { projectId: PULSE, agentflowId: MARKET_SCANNER, goal: `relay ${transport}` } },
          onCompleted: resolve,
          onError: reject,
        }),
      );
      const id = started.startExecution.execution.wexaId;
      const events: Recording = record((sink) => {
        const disposable = requestSubscription(environment, {
          subscription: request(plain, 'RelayClientsWatchSubscription'),
          variables: { projectId: PULSE, id },
          onNext: (response) => sink.next({ data: response as never }),
          onError: sink.error,
          onCompleted: sink.complete,
        });
        return () => disposable.dispose();
      });
      await events.nth(1);
      await runToCompletion(stack.sim, id);
      await events.done;
      expect(events.results.at(-1)!.data!.executionUpdated).toMatchObject({ wexaId: id, status: 'COMPLETED' });
      // The store holds the execution's last state for every screen that shows it.
      const last = events.results.at(-1)!.data!.executionUpdated;
      expect(environment.getStore().getSource().get(last.id)).toMatchObject({ status: 'COMPLETED' });
      await close();
    });
  }

  it('shows the query first and the @defer fragment when its part arrives', async () => {
    const { environment, close } = relay(target());
    await stack.sim.setFaults([{ method: 'GET', path: '/tasks/', latencyMs: 300 }]);
    try {
      const missing: boolean[] = [];
      let ref: unknown;
      await new Promise<void>((resolve, reject) =>
        fetchQuery(environment, request(plain, 'RelayClientsDeferredQuery'), { id: PULSE }).subscribe({
          next: (data: any) => {
            ref = data.project;
            missing.push(read(environment, fragment(plain, 'RelayClients_tasks'), ref).isMissingData);
          },
          error: reject,
          complete: resolve,
        }),
      );
      expect(missing[0]).toBe(true);
      expect(missing.at(-1)).toBe(false);
      expect((read(environment, fragment(plain, 'RelayClients_tasks'), ref).data as any).tasks.nodes).toHaveLength(2);
    } finally {
      await stack.sim.clearFaults();
      await close();
    }
  });

  describe("trusted documents (relay-compiler's persisted queries, doc_id, allow-list)", () => {
    for (const transport of ['http', 'ws'] as const) {
      it(`runs a persisted query by its doc_id over ${transport}`, async () => {
        const { environment, close } = relay(await stack.trusted(mode), { operations: transport });
        const data = (await fetchQuery(environment, request(persisted, 'RelayClientsProjectQuery'), { id: PULSE }).toPromise()) as any;
        expect(data.project.name).toBe('Pulse');
        expect(read(environment, fragment(persisted, 'RelayClients_details'), data.project).data).toMatchObject({ wexaId: PULSE });
        await close();
      });

      it(`answers PERSISTED_QUERY_NOT_FOUND for a doc_id the file does not hold, over ${transport}`, async () => {
        const { environment, close } = relay(await stack.trusted(mode), { operations: transport });
        const known = request(persisted, 'RelayClientsProjectQuery');
        const unknown = { ...known, params: { ...known.params, id: 'f'.repeat(64) } } as ConcreteRequest;
        const error = await fetchQuery(environment, unknown, { id: PULSE }).toPromise().then(
          () => null,
          (e: unknown) => e,
        );
        expect(codesOf(error)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
        await close();
      });
    }
  });
});
