/**
 * Test helper: a throwaway Wexa simulator on a free port plus typed access to its control API.
 *
 * ```ts
 * const t = await startTestSimulator();            // manual lifecycle (stepMs 0) unless told otherwise
 * afterAll(() => t.close());
 * expect(await t.counts()).toEqual({ 'GET /task/{id}': 1 });
 * ```
 */
import { startSimulator, type FaultRule, type LogEntry, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export type { FaultRule, LogEntry } from '../../src/simulator/index.js';

/** A running test simulator and its control API. */
export interface TestSimulator {
  sim: Simulator;
  url: string;
  demoKey: string;
  otherKey: string;
  /** Logged (non-control) requests, oldest first. */
  requests(): Promise<LogEntry[]>;
  /** `"METHOD pattern"` → count, e.g. `{"GET /task/{id}": 2}`. */
  counts(): Promise<Record<string, number>>;
  resetLog(): Promise<void>;
  /** Replaces all fault rules. */
  setFaults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** Runs one lifecycle step of an execution now; resolves to the execution's wire JSON. */
  advance(executionId: string): Promise<Record<string, unknown>>;
  /** Restores the seed state and clears log and faults. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a simulator (default: port 0, `stepMs: 0`, quiet) and wraps its control API. */
export async function startTestSimulator(opts: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ port: 0, stepMs: 0, quiet: true, ...opts });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${sim.url}/__simulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`simulator control ${method} ${path} failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const log = async (): Promise<{ requests: LogEntry[]; counts: Record<string, number> }> =>
    (await control('GET', '/requests')) as { requests: LogEntry[]; counts: Record<string, number> };
  return {
    sim,
    url: sim.url,
    demoKey: sim.keys.demo,
    otherKey: sim.keys.other,
    requests: async () => (await log()).requests,
    counts: async () => (await log()).counts,
    resetLog: async () => {
      await control('DELETE', '/requests');
    },
    setFaults: async (rules) => {
      await control('POST', '/faults', { rules });
    },
    clearFaults: async () => {
      await control('DELETE', '/faults');
    },
    advance: async (id) => (await control('POST', `/executions/${encodeURIComponent(id)}/advance`)) as Record<string, unknown>,
    reset: async () => {
      await control('POST', '/reset');
    },
    close: () => sim.close(),
  };
}
