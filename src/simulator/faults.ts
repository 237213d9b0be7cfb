/**
 * Fault injection: rules set through `POST /__simulator/faults`, and the per-request
 * `x-sim-fault` header (`status=503;retry-after=2;latency=300;hang;drop`).
 */
import { HttpError } from './http.js';
import { createRng, type Rng } from './prng.js';

/** What to do to one request. */
export interface Fault {
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  latencyMs?: number;
  /** Never answer (until the client gives up or the simulator closes). */
  hang?: boolean;
  /** Destroy the socket without a response. */
  drop?: boolean;
}

/** A fault rule; `method`/`path`/`apiKey` select requests (path = prefix or route pattern). */
export interface FaultRule extends Fault {
  method?: string;
  path?: string;
  /** Only requests sending this `x-api-key` (one tenant's trouble); the key is never logged. */
  apiKey?: string;
  /** Apply to the next N matching requests only. */
  times?: number;
  /** Probability (0..1) that a matching request is faulted, drawn from a seeded generator. */
  errorRate?: number;
  seed?: number;
}

interface ActiveRule extends FaultRule {
  rng: Rng;
}

const FIELDS: Record<string, 'number' | 'string' | 'boolean'> = {
  method: 'string', path: 'string', apiKey: 'string', status: 'number', retryAfter: 'number', latencyMs: 'number', hang: 'boolean',
  drop: 'boolean', times: 'number', errorRate: 'number', seed: 'number',
};

/** Validates a `{rules: [...]}` body (422 without `rules`, 400 on anything unexpected inside). */
export function parseRules(body: Record<string, unknown>): FaultRule[] {
  const rules = body['rules'];
  if (!Array.isArray(rules)) throw new HttpError(422, 'Field required: rules (an array)');
  return rules.map((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, `rules[${i}] must be an object`);
    const rule = raw as Record<string, unknown>;
    for (const [key, value] of Object.entries(rule)) {
      const type = FIELDS[key];
      if (!type) throw new HttpError(400, `rules[${i}].${key} is not a known rule field`);
      if (typeof value !== type) throw new HttpError(400, `rules[${i}].${key} must be a ${type}`);
      if (type === 'number' && (!Number.isFinite(value) || (value as number) < 0)) {
        throw new HttpError(400, `rules[${i}].${key} must be a non-negative number`);
      }
    }
    const status = rule['status'] as number | undefined;
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) {
      throw new HttpError(400, `rules[${i}].status must be an HTTP status between 200 and 599`);
    }
    const rate = rule['errorRate'] as number | undefined;
    if (rate !== undefined && rate > 1) throw new HttpError(400, `rules[${i}].errorRate must be between 0 and 1`);
    return rule as FaultRule;
  });
}

/** Parses the `x-sim-fault` header (400 on an unknown key or bad value). */
export function parseFaultHeader(value: string): Fault {
  const fault: Fault = {};
  for (const part of value.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [rawKey, rawValue] = part.split('=').map((s) => s.trim()) as [string, string | undefined];
    const key = rawKey.toLowerCase();
    const num = (): number => {
      const n = Number(rawValue);
      if (rawValue === undefined || rawValue === '' || !Number.isFinite(n) || n < 0) {
        throw new HttpError(400, `x-sim-fault: ${rawKey} needs a non-negative number`);
      }
      return n;
    };
    if (key === 'status') {
      const n = num();
      if (!Number.isInteger(n) || n < 200 || n > 599) throw new HttpError(400, 'x-sim-fault: status must be 200..599');
      fault.status = n;
    } else if (key === 'retry-after' || key === 'retryafter') fault.retryAfter = num();
    else if (key === 'latency' || key === 'latencyms') fault.latencyMs = num();
    else if (key === 'hang') fault.hang = true;
    else if (key === 'drop') fault.drop = true;
    else throw new HttpError(400, `x-sim-fault: unknown key ${rawKey}`);
  }
  return fault;
}

/** A short description of a fault for the request log. */
export function describeFault(f: Fault): string {
  const parts: string[] = [];
  if (f.drop) parts.push('drop');
  if (f.hang) parts.push('hang');
  if (f.latencyMs !== undefined) parts.push(`latency=${f.latencyMs}`);
  if (f.status !== undefined) parts.push(`status=${f.status}`);
  if (f.retryAfter !== undefined) parts.push(`retry-after=${f.retryAfter}`);
  return parts.join(';');
}

/** The active fault rules. */
export class FaultRules {
  private rules: ActiveRule[] = [];

  constructor(private readonly seed: number) {}

  /** Replaces all rules. */
  set(rules: FaultRule[]): void {
    this.rules = rules
      .filter((r) => r.times === undefined || r.times >= 1)
      .map((r, i) => ({ ...r, rng: createRng(r.seed ?? this.seed + i + 1) }));
  }

  /** Removes all rules. */
  clear(): void {
    this.rules = [];
  }

  /** Number of active rules. */
  get size(): number {
    return this.rules.length;
  }

  /** The fault for a request, from the first matching rule (consuming one of its `times`). */
  pick(method: string, path: string, pattern: string | null, apiKey?: string | string[]): Fault | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.apiKey !== undefined && rule.apiKey !== apiKey) continue;
      if (rule.path && rule.path !== pattern && !path.startsWith(rule.path)) continue;
      if (rule.errorRate !== undefined && rule.rng.next() >= rule.errorRate) continue;
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
      }
      const { status, retryAfter, latencyMs, hang, drop } = rule;
      return { status, retryAfter, latencyMs, hang, drop };
    }
    return null;
  }
}
