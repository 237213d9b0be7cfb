/**
 * Helpers of the subscription benchmark: the gateway child process (the tests' own helper), the
 * simulator calls it makes (REST and control API) and a seeded random generator.
 */
import type { LogView, Simulator } from '../src/simulator/index.js';
import { startGatewayChild as startChild } from '../test/utils/gateway-child.js';

/** The simulator's documented "Pulse" project and its user (fixed whatever the seed). */
export const PROJECT_ID = '67fdea40aac77be632954f13';
const USER_ID = '67fdea40aac77be632954f0e';

/** A tiny seeded generator, so each run advances at the same offsets. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random simulator seed. */
export const randomSeed = () => 1 + Math.floor(Math.random() * 2 ** 30);

/**
 * The gateway in a child process (with `--expose-gc`), talked to over IPC: the tests' helper
 * (`test/utils/gateway-child.ts`), with this benchmark's Redis and settings.
 */
export function startGatewayChild(simUrl: string, redis: string | undefined, extra: Record<string, unknown> = {}) {
  return startChild(simUrl, { ...(redis ? { redisUrl: redis } : {}), ...extra });
}

/** The simulator plus the few REST and control calls the benchmark makes. */
export function simClient(sim: Simulator) {
  const headers = { 'x-api-key': sim.keys.demo, 'content-type': 'application/json' };
  const json = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${sim.url}${path}`, { ...init, headers });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    apiKey: sim.keys.demo,
    /** The agentflow with the most agents, when it has more than `steps` (so no execution ends mid-run); else null. */
    async longestAgentflow(steps: number): Promise<string | null> {
      const { data } = (await json(`/agentflows?projectID=${PROJECT_ID}`)) as { data: { _id: string; agents?: unknown[] }[] };
      const best = [...data].sort((a, b) => (b.agents?.length ?? 0) - (a.agents?.length ?? 0))[0];
      return best && (best.agents?.length ?? 0) > steps ? best._id : null;
    },
    async createExecution(agentflowId: string, goal: string): Promise<string> {
      const body = { agentflow_id: agentflowId, executed_by: USER_ID, goal, input_variables: {}, projectID: PROJECT_ID };
      const created = await json(`/execute_flow?projectID=${PROJECT_ID}`, { method: 'POST', body: JSON.stringify(body) });
      return created['execution_id'] as string;
    },
    advance: (id: string) => json(`/__simulator/executions/${id}/advance`, { method: 'POST' }),
    log: async () => (await json('/__simulator/requests')) as unknown as LogView,
    resetLog: () => json('/__simulator/requests', { method: 'DELETE' }),
  };
}

/** Upstream GETs per second from a request log taken over `elapsedMs`. */
export function pollFigures(log: LogView, elapsedMs: number) {
  const gets = Object.entries(log.counts).filter(([route]) => route.startsWith('GET '));
  const total = gets.reduce((sum, [, n]) => sum + n, 0);
  return { perSecond: total / (elapsedMs / 1000), byRoute: Object.fromEntries(gets) };
}
