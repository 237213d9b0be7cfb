/**
 * `useStack()`: the set-up most integration files share, a throwaway simulator plus a gateway pointed
 * at it, started in `beforeAll` and closed in `afterAll`.
 *
 * ```ts
 * const stack = useStack({ config: { pollMinMs: 50 } });
 * it('reads', async () => {
 *   const res = await stack.gw.gql('{ projects(first: 1) { totalCount } }');
 *   expect(await stack.sim.counts()).toEqual({ 'GET /projects': 1 });
 * });
 * ```
 *
 * Files that keep their own `sim` and `gw` variables pass a callback that receives the stack once started:
 * `useStack({}, (s) => ({ sim, gw } = s));`
 *
 * Less common set-ups, all closed with the stack:
 * - `gateways: 2`: replicas on the one simulator (`stack.gws`); `gateways: 0`: the simulator alone.
 * - `store: 'sqlite' | 'postgres'`: a throwaway saved-dashboards store under every gateway of the stack
 *   (`stack.store`); `stack.restart()` then stops and starts the gateways on the same store.
 * - `stack.startGateway({ config })`: one more gateway on the simulator, with the test defaults and only
 *   what it is given (not the stack's options), for a test that needs other settings.
 * - Options known only once other `beforeAll` hooks ran (a receiver's URL): pass a function.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { GatewayDeps } from '../../src/app.js';
import type { ConfigInput } from '../../src/config.js';
import type { SimulatorOptions } from '../../src/simulator/index.js';
import { createTestStore, type TestStore } from './dashboards.js';
import { startTestGateway, type TestGateway } from './gateway.js';
import { startTestSimulator, type TestSimulator } from './simulator.js';

/** What `startStack` may be given. */
export interface StackOptions {
  /** Simulator options (default: manual lifecycle, quiet, port 0). */
  simulator?: SimulatorOptions;
  /** Gateway settings on top of the test defaults (and of the store's). */
  config?: ConfigInput;
  /** Given to every gateway of the stack (a logger, a clock, GraphiQL's demo key...). */
  deps?: GatewayDeps;
  /** How many gateways to start on the simulator (default 1). */
  gateways?: number;
  /** A throwaway saved-dashboards store shared by the stack's gateways, dropped when the stack closes. */
  store?: TestStore['engine'];
}

/** What `stack.startGateway` may be given. */
export type GatewayOptions = { config?: ConfigInput; deps?: GatewayDeps };

/** A running simulator and the gateways in front of it. */
export interface Stack {
  sim: TestSimulator;
  /** The (first) gateway. */
  gw: TestGateway;
  /** Every gateway started with the stack, in order. */
  gws: TestGateway[];
  /** The dashboards store (only with `store`). */
  store: TestStore;
  /** Starts one more gateway on the simulator (test defaults plus `options` only); closed with the stack. */
  startGateway(options?: GatewayOptions): Promise<TestGateway>;
  /** Closes the stack's gateways and starts them again with the same options (same store, same simulator). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a simulator (and a store), then the gateways pointed at it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const store = options.store === undefined ? undefined : createTestStore(options.store);
  const sim = await startTestSimulator(options.simulator).catch(async (error: unknown) => {
    await store?.drop();
    throw error;
  });
  const extra: TestGateway[] = [];
  let gws: TestGateway[] = [];
  const startGateway = async ({ config, deps }: GatewayOptions = {}) =>
    startTestGateway({ upstreamUrl: sim.url, config, ...(deps === undefined ? {} : { deps }) });
  const startOwn = async () => {
    gws = [];
    for (let i = 0; i < (options.gateways ?? 1); i += 1) {
      gws.push(await startGateway({ config: { ...store?.config, ...options.config }, deps: options.deps }));
    }
  };
  const closeGateways = async () => {
    await Promise.all([...gws, ...extra].map((g) => g.close()));
  };
  const close = async () => {
    await closeGateways();
    await sim.close();
    await store?.drop();
  };
  try {
    await startOwn();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sim,
    get gw() {
      if (gws[0] === undefined) throw new Error('startStack(): this stack has no gateway');
      return gws[0];
    },
    get gws() {
      return gws;
    },
    get store() {
      if (store === undefined) throw new Error('startStack(): this stack has no store (pass `store`)');
      return store;
    },
    startGateway: async (gatewayOptions) => {
      const gw = await startGateway(gatewayOptions);
      extra.push(gw);
      return gw;
    },
    restart: async () => {
      await Promise.all(gws.map((g) => g.close()));
      await startOwn();
    },
    close,
  };
}

/**
 * Registers `beforeAll`/`afterAll` for one stack shared by the file (or the `describe` it is called in).
 * The returned object is usable inside tests and hooks that run after that `beforeAll` (hooks registered
 * after `useStack` run after it, and their `afterAll` before the stack closes); `ready` receives the
 * stack as soon as it runs.
 */
export function useStack(options: StackOptions | (() => StackOptions) = {}, ready?: (stack: Stack) => void): Stack {
  let stack: Stack | undefined;
  const started = (): Stack => {
    if (!stack) throw new Error('useStack(): the stack is used before beforeAll ran');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack(typeof options === 'function' ? options() : options);
    ready?.(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });
  return {
    get sim() {
      return started().sim;
    },
    get gw() {
      return started().gw;
    },
    get gws() {
      return started().gws;
    },
    get store() {
      return started().store;
    },
    startGateway: (gatewayOptions) => started().startGateway(gatewayOptions),
    restart: () => started().restart(),
    close: async () => stack?.close(),
  };
}

/**
 * Runs a query that must succeed against a clean request log: its result, its data and the upstream
 * calls it cost (the simulator's counts by endpoint).
 */
export async function countsOf<D = any>(stack: Pick<Stack, 'sim' | 'gw'>, query: string, variables?: Record<string, unknown>) {
  await stack.sim.resetLog();
  const result = await stack.gw.gql<D>(query, variables);
  expect(result.errors).toBeUndefined();
  return { result, data: result.data as D, counts: await stack.sim.counts() };
}
