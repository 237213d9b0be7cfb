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
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { ConfigInput } from '../../src/config.js';
import type { SimulatorOptions } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from './gateway.js';
import { startTestSimulator, type TestSimulator } from './simulator.js';

/** What `startStack` may be given. */
export interface StackOptions {
  /** Simulator options (default: manual lifecycle, quiet, port 0). */
  simulator?: SimulatorOptions;
  /** Gateway settings on top of the test defaults. */
  config?: ConfigInput;
  /** Prefilled in GraphiQL's headers. */
  demoKey?: string;
}

/** A running simulator and a gateway in front of it. */
export interface Stack {
  sim: TestSimulator;
  gw: TestGateway;
  close(): Promise<void>;
}

/** Starts a simulator, then a gateway pointed at it. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startTestSimulator(options.simulator);
  try {
    const gw = await startTestGateway({
      upstreamUrl: sim.url,
      config: options.config,
      ...(options.demoKey === undefined ? {} : { deps: { demoKey: options.demoKey } }),
    });
    return {
      sim,
      gw,
      close: async () => {
        await gw.close();
        await sim.close();
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/**
 * Registers `beforeAll`/`afterAll` for one stack shared by the file (or the `describe` it is called in).
 * The returned object's `sim` and `gw` are usable inside tests and hooks that run after `beforeAll`;
 * `ready` receives the stack as soon as it runs.
 */
export function useStack(options: StackOptions = {}, ready?: (stack: Stack) => void): Stack {
  let stack: Stack | undefined;
  const started = (): Stack => {
    if (!stack) throw new Error('useStack(): the stack is used before beforeAll ran');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack(options);
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
