/**
 * The request pipeline: control API, or route → fault → auth → body → handler → JSON reply,
 * with every non-control request recorded in the request log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx, Reply, Route, SimCore } from './core.js';
import { describeFault, parseFaultHeader, type Fault, type FaultRules } from './faults.js';
import { HttpError, readJsonBody, sendJson } from './http.js';
import type { KeyQuota } from './quota.js';
import { safeQuery, type LogEntry, type RequestLog } from './request-log.js';
import { createRouter, type Match } from './router.js';

/** What the pipeline needs from the running simulator. */
export interface PipelineDeps {
  core: SimCore;
  routes: Route[];
  controlRoutes: Route[];
  log: RequestLog;
  faults: FaultRules;
  /** The per-key quota (off unless set through the control API). */
  quota?: KeyQuota;
  /** Called with a one-line summary of each request when not quiet (never contains key material). */
  print?: (line: string) => void;
}

/** Timers and responses the pipeline holds open, so `close()` can release them. */
export interface Pending {
  timers: Set<NodeJS.Timeout>;
  hanging: Set<ServerResponse>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) return { status: err.status, body: { detail: err.detail } };
  return { status: 500, body: { detail: 'Internal simulator error' } };
}

/** The matched route; a miss is 405 when the path matched under another method, else 404. */
function routeOf(m: Match): Route {
  if (!m.route) throw new HttpError(m.pattern ? 405 : 404, m.pattern ? 'Method Not Allowed' : 'Not Found');
  return m.route;
}

/** Builds the node `request` listener. */
export function createPipeline(deps: PipelineDeps, pending: Pending): (req: IncomingMessage, res: ServerResponse) => void {
  const match = createRouter(deps.routes);
  const matchControl = createRouter(deps.controlRoutes);

  const run = async (route: Route, req: IncomingMessage, params: Record<string, string>, query: URLSearchParams, orgId: string): Promise<Reply> => {
    const body = BODY_METHODS.has(req.method ?? '') ? await readJsonBody(req) : {};
    const ctx: Ctx = { core: deps.core, state: deps.core.state, orgId, params, query, body };
    return route.handler(ctx);
  };

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        pending.timers.delete(t);
        resolve();
      }, ms);
      pending.timers.add(t);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname;

    if (path === '/__simulator' || path.startsWith('/__simulator/')) {
      const m = matchControl(method, path);
      let reply: Reply;
      try {
        reply = await run(routeOf(m), req, m.params, url.searchParams, '');
      } catch (err) {
        reply = errorReply(err);
      }
      sendJson(res, reply.status, reply.body);
      return;
    }

    const m = match(method, path);
    const entry: LogEntry = { method, path, route: m.route ? m.pattern : null, status: 0, at: new Date().toISOString(), query: safeQuery(url.searchParams) };
    const finish = (reply: Reply, headers: Record<string, string> = {}): void => {
      entry.status = reply.status;
      deps.log.add(entry);
      deps.print?.(`${method} ${path} → ${reply.status}${entry.fault ? ` (fault ${entry.fault})` : ''}`);
      sendJson(res, reply.status, reply.body, headers);
    };

    // The quota is judged on arrival: an admitted request holds its slot until its answer is sent
    // (or its connection closes), so injected latency counts as time in flight, as upstream work would.
    const apiKey = req.headers['x-api-key'];
    if (deps.quota && typeof apiKey === 'string' && apiKey !== '') {
      const admission = deps.quota.admit(apiKey);
      if (!admission.admitted) {
        const why = admission.reason === 'rate' ? 'requests per second' : 'concurrent requests';
        finish({ status: 429, body: { detail: `Too many requests: this API key is over its limit of ${why}` } }, { 'retry-after': String(admission.retryAfter) });
        return;
      }
      res.once('close', admission.release);
    }

    let fault: Fault | null = null;
    const header = req.headers['x-sim-fault'];
    try {
      fault = typeof header === 'string' && header.trim() !== '' ? parseFaultHeader(header) : deps.faults.pick(method, path, m.pattern, req.headers['x-api-key']);
    } catch (err) {
      finish(errorReply(err));
      return;
    }
    if (fault) {
      entry.fault = describeFault(fault);
      if (fault.drop) {
        deps.log.add(entry);
        deps.print?.(`${method} ${path} → dropped`);
        req.socket.destroy();
        return;
      }
      if (fault.hang) {
        deps.log.add(entry);
        deps.print?.(`${method} ${path} → hanging`);
        pending.hanging.add(res);
        res.on('close', () => pending.hanging.delete(res));
        return;
      }
      if (fault.latencyMs) await delay(fault.latencyMs);
      if (fault.status !== undefined || fault.retryAfter !== undefined) {
        const status = fault.status ?? 503;
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        finish({ status, body: { detail: `Simulated fault: HTTP ${status}` } }, headers);
        return;
      }
    }

    let reply: Reply;
    try {
      const route = routeOf(m);
      const key = req.headers['x-api-key'];
      if (typeof key !== 'string' || key === '') throw new HttpError(401, 'Missing API key: send it in the x-api-key header');
      const orgId = deps.core.state.keys.get(key);
      if (!orgId) throw new HttpError(401, 'Invalid API key');
      reply = await run(route, req, m.params, url.searchParams, orgId);
    } catch (err) {
      reply = errorReply(err);
    }
    finish(reply);
  };

  return (req, res) => {
    handle(req, res).catch(() => sendJson(res, 500, { detail: 'Internal simulator error' }));
  };
}
