/**
 * Rounds of load for `bench/peers.ts`: each contestant loaded in turn, the order rotating and
 * reversing from round to round so that none always runs first or last, with the upstream calls and
 * the CPU time (server, simulator, load generator) counted per answered request. A round in which
 * any answer was wrong (a different body, a non-2xx, an error or a timeout) is invalid: it is kept
 * to be reported, and left out of the medians.
 */
import type { LoadResult } from './load.js';
import { runLoad, type Running } from './servers.js';

/** A server under load, with the exact answer every one of its requests must get. */
export interface Contestant {
  name: string;
  server: Running;
  body: string;
  expected: string;
}

export interface Round extends LoadResult {
  callsPerRequest: number;
  /** CPU ms per request: the server's (all its processes), the simulator's, the load generator's. */
  cpuPerRequest: number;
  simCpuPerRequest: number;
  clientCpuPerRequest: number;
  valid: boolean;
}

export interface RoundsSpec {
  contestants: Contestant[];
  apiKey: string;
  connections: number;
  durationS: number;
  warmupS: number;
  rounds: number;
  simulator: Running;
  /** Empties the simulator's request log, then reads how many calls it logged. */
  clearCalls(): Promise<void>;
  countCalls(): Promise<number>;
}

const perRequest = (before: number | null, after: number | null, served: number) =>
  before === null || after === null ? Number.NaN : (after - before) / served;

/** Runs the rounds; returns each contestant's rounds by name. */
export async function runRounds(spec: RoundsSpec): Promise<Map<string, Round[]>> {
  const { contestants } = spec;
  const byName = new Map<string, Round[]>(contestants.map((c) => [c.name, []]));
  const load = (c: Contestant, durationS: number) =>
    runLoad({ url: c.server.url, apiKey: spec.apiKey, body: c.body, connections: spec.connections, durationS, expectBody: c.expected });
  if (spec.warmupS > 0) for (const c of contestants) await load(c, spec.warmupS);
  for (let round = 0; round < spec.rounds; round++) {
    const order = contestants.map((_, i) => contestants[(i + round) % contestants.length] as Contestant);
    if (round % 2 === 1) order.reverse();
    for (const c of order) {
      await spec.clearCalls();
      const cpu = c.server.cpuMs();
      const simCpu = spec.simulator.cpuMs();
      const result = await load(c, spec.durationS);
      const served = Math.max(1, result.ok + result.failed);
      byName.get(c.name)!.push({
        ...result,
        callsPerRequest: (await spec.countCalls()) / served,
        cpuPerRequest: perRequest(cpu, c.server.cpuMs(), served),
        simCpuPerRequest: perRequest(simCpu, spec.simulator.cpuMs(), served),
        clientCpuPerRequest: result.clientCpuMs / served,
        valid: result.failed === 0 && result.ok > 0,
      });
    }
  }
  return byName;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** The medians of a contestant's valid rounds, and what was wrong in the others. */
export interface Summary {
  rounds: number;
  invalid: number;
  /** Wrong answers over all rounds (bodies, non-2xx, errors, timeouts). */
  wrong: number;
  sample?: string;
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  calls: number;
  cpu: number;
  simCpu: number;
  clientCpu: number;
}

export function summarise(rounds: readonly Round[]): Summary {
  const valid = rounds.filter((r) => r.valid);
  const of = (pick: (r: Round) => number) => median(valid.map(pick));
  const sample = rounds.find((r) => r.sample !== undefined)?.sample;
  return {
    rounds: rounds.length,
    invalid: rounds.length - valid.length,
    wrong: rounds.reduce((n, r) => n + r.failed, 0),
    ...(sample === undefined ? {} : { sample }),
    rps: of((r) => r.rps),
    rpsMin: Math.min(...valid.map((r) => r.rps)),
    rpsMax: Math.max(...valid.map((r) => r.rps)),
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    calls: of((r) => r.callsPerRequest),
    cpu: of((r) => r.cpuPerRequest),
    simCpu: of((r) => r.simCpuPerRequest),
    clientCpu: of((r) => r.clientCpuPerRequest),
  };
}
