/**
 * Test helpers for live updates: real graphql-ws and graphql-sse clients against a gateway, a
 * recorder that collects a subscription's results so a test can wait for the n-th one, and the
 * executions and mutations the live tests drive.
 */
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DEMO_USER, MARKET_SCANNER, PULSE } from './ids.js';
import type { TestGateway } from './gateway.js';
import type { TestSimulator } from './simulator.js';

/** One result of a subscription, as a client receives it. */
export interface Result {
  data?: Record<string, any> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** The results of one subscription so far, and its end. */
export interface Recording {
  results: Result[];
  /** Resolves with the n-th result (1-based) once it has arrived. */
  nth(n: number): Promise<Result>;
  /** Resolves when the server completed the subscription (rejects on a transport error). */
  done: Promise<void>;
  readonly completed: boolean;
  /** Unsubscribes (client side). */
  stop(): void;
}

/** A sink that records results; `start` receives the sink and returns the unsubscribe function. */
export function record(start: (sink: { next(r: Result): void; error(e: unknown): void; complete(): void }) => () => void): Recording {
  const results: Result[] = [];
  const waiters: { n: number; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  let completed = false;
  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  done.catch(() => {});
  const settle = () => {
    for (const w of waiters.filter((w) => results.length >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(results[w.n - 1]!);
    }
  };
  const stop = start({
    next(r) {
      results.push(r);
      settle();
    },
    error(e) {
      for (const w of waiters.splice(0)) w.reject(e instanceof Error ? e : new Error(`subscription error: ${JSON.stringify(e)}`));
      fail(e);
    },
    complete() {
      completed = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`completed after ${results.length} results`));
      finish();
    },
  });
  return {
    results,
    nth: (n) =>
      results.length >= n
        ? Promise.resolve(results[n - 1]!)
        : completed
          ? Promise.reject(new Error(`completed after ${results.length} results`))
          : new Promise((resolve, reject) => waiters.push({ n, resolve, reject })),
    done,
    get completed() {
      return completed;
    },
    stop,
  };
}

/** A graphql-ws client; the key goes in `connection_init` (or the upgrade request's header with `via: 'header'`). */
export function wsClient(httpUrl: string, key: string | null, via: 'init' | 'header' = 'init'): WsClient {
  const headers = key !== null && via === 'header' ? { 'x-api-key': key } : {};
  class KeyedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return createWsClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: KeyedWebSocket,
    connectionParams: key !== null && via === 'init' ? { 'x-api-key': key } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** A graphql-sse client in distinct-connections mode, sending the key as a header. */
export function sseClient(httpUrl: string, key: string | null): SseClient {
  return createSseClient({
    url: httpUrl,
    singleConnection: false,
    headers: key === null ? {} : { 'x-api-key': key },
    retryAttempts: 0,
  });
}

/** Subscribes over either client and records the results. */
export function subscribe(client: WsClient | SseClient, query: string, variables: Record<string, unknown>): Recording {
  return record((sink) => (client as WsClient).subscribe({ query, variables }, sink as never));
}

/** Creates a `ready` execution directly on the simulator (as another client of the Wexa API would). */
export async function createReadyExecution(simUrl: string, key: string, goal = 'Scan the market'): Promise<string> {
  const response = await fetch(`${simUrl}/execute_flow?projectID=${PULSE}`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ agentflow_id: MARKET_SCANNER, executed_by: DEMO_USER, goal, input_variables: {}, projectID: PULSE }),
  });
  if (response.status !== 201) throw new Error(`POST /execute_flow answered ${response.status}`);
  return ((await response.json()) as { execution_id: string }).execution_id;
}

/** A `ready` execution, then one lifecycle step: running before anyone subscribes. */
export async function runningExecution(sim: TestSimulator): Promise<string> {
  const id = await createReadyExecution(sim.url, sim.demoKey);
  await sim.advance(id);
  return id;
}

/** Runs an execution mutation through the gateway, which must succeed; resolves to the new status. */
export async function mutateExecution(
  gw: TestGateway,
  name: 'pauseExecution' | 'resumeExecution' | 'cancelExecution',
  executionId: string,
): Promise<string> {
  const query = `mutation ($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { execution { status } } }`;
  const response = await gw.gql(query, { input: { projectId: PULSE, executionId } });
  if (response.errors) throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
  return response.data![name].execution.status;
}

/** Status and number of agent outputs of an `executionUpdated` result, e.g. `RUNNING/1`. */
export const executionState = (r: Result): string =>
  `${r.data?.executionUpdated.status}/${r.data?.executionUpdated.agentOutputs.length}`;
/** The same for the simulator's wire JSON of an execution. */
export const wireState = (e: Record<string, unknown>): string =>
  `${String(e.status).toUpperCase()}/${(e.agents_output as unknown[]).length}`;

export const EXECUTION_UPDATED = /* GraphQL */ `
  subscription Watch($projectId: ID!, $id: ID!) {
    executionUpdated(projectId: $projectId, id: $id) { wexaId status agentOutputs { title status } conclusion { markdown } error endedAt }
  }
`;
