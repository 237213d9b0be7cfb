/** The control API under `/__simulator/` (no key; never part of the real API; not logged). */
import { checkUuid } from '../access.js';
import { ok, type Route, type SimCore } from '../core.js';
import { parseRules, type FaultRules } from '../faults.js';
import { HttpError } from '../http.js';
import { parseQuota, type KeyQuota } from '../quota.js';
import type { RequestLog } from '../request-log.js';

/** What the control routes act on. */
export interface ControlDeps {
  core: SimCore;
  log: RequestLog;
  faults: FaultRules;
  quota: KeyQuota;
  /** Restores the seed state and clears log, faults and quota. */
  reset(): void;
}

/** Builds the control routes. */
export function controlRoutes(deps: ControlDeps): Route[] {
  return [
    { method: 'GET', pattern: '/__simulator/requests', handler: () => ok(deps.log.view()) },
    {
      method: 'DELETE',
      pattern: '/__simulator/requests',
      handler: () => {
        deps.log.clear();
        return ok({ total: 0 });
      },
    },
    {
      method: 'POST',
      pattern: '/__simulator/faults',
      handler: (ctx) => {
        const rules = parseRules(ctx.body);
        deps.faults.set(rules);
        return ok({ rules: rules.length });
      },
    },
    {
      method: 'DELETE',
      pattern: '/__simulator/faults',
      handler: () => {
        deps.faults.clear();
        return ok({ rules: 0 });
      },
    },
    { method: 'GET', pattern: '/__simulator/quota', handler: () => ok(deps.quota.view()) },
    {
      method: 'POST',
      pattern: '/__simulator/quota',
      handler: (ctx) => {
        deps.quota.set(parseQuota(ctx.body));
        return ok(deps.quota.view());
      },
    },
    {
      method: 'DELETE',
      pattern: '/__simulator/quota',
      handler: () => {
        deps.quota.clear();
        return ok(deps.quota.view());
      },
    },
    {
      method: 'POST',
      pattern: '/__simulator/reset',
      handler: () => {
        deps.reset();
        return ok({ status: 'reset' });
      },
    },
    {
      method: 'POST',
      pattern: '/__simulator/executions/{execution_id}/advance',
      handler: (ctx) => {
        const id = checkUuid(ctx.params['execution_id']!, 'execution_id');
        const exec = deps.core.state.executions.get(id);
        if (!exec) throw new HttpError(404, 'Execution not found');
        deps.core.engine.advance(exec);
        return ok(exec);
      },
    },
    { method: 'GET', pattern: '/__simulator/config', handler: () => ok({ stepMs: deps.core.engine.stepMs }) },
    {
      method: 'POST',
      pattern: '/__simulator/config',
      handler: (ctx) => {
        const stepMs = ctx.body['stepMs'];
        if (stepMs === undefined) throw new HttpError(422, 'Field required: stepMs');
        if (typeof stepMs !== 'number' || !Number.isFinite(stepMs) || stepMs < 0) throw new HttpError(400, 'stepMs must be a non-negative number');
        deps.core.engine.setStepMs(stepMs);
        return ok({ stepMs });
      },
    },
  ];
}
