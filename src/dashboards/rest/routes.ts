/**
 * The dashboards REST API of `docs/dashboards-api.yaml`, over the same service as GraphQL:
 *
 * | method | path | answer |
 * | --- | --- | --- |
 * | POST | /api/v1/analytics/dashboards | `{success, dashboard}` (save) |
 * | GET | /api/v1/analytics/dashboards | `{success, dashboards}` (`?projectId=` filters) |
 * | GET / DELETE | /api/v1/analytics/dashboards/:id | `{success, dashboard}` with content / `{success}` (gateway additions) |
 * | POST / DELETE | /api/v1/analytics/dashboards/:id/publish | `{success, slug, publicUrl}` / `{success}` |
 * | POST | /api/v1/analytics/dashboards/:id/clone | `{success, dashboard}` |
 * | GET / PUT / POST | /api/v1/analytics/dashboards/:id/refresh | settings / settings / refresh now |
 * | POST | /api/v1/public/dashboards/:slug | `{success, dashboard}` (no key) |
 *
 * The contract is written out in `docs/dashboards-api.yaml`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadUserInputError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import type { Operation } from '../../operation.js';
import type { SaveSource } from '../model.js';
import type { DashboardsService } from '../service.js';
import { pathOf, sendJson } from '../../http/router.js';
import { optionalString, readJsonObject, sendError } from './http.js';
import { dashboardJson, dashboardWithContentJson, publicJson, refreshJson } from './shapes.js';

/** Starts the operation of a request, as the request's credentials identify its caller. */
export type OperationFor = (req: IncomingMessage) => Promise<Operation>;
/** Who a public viewer is, for the wrong-password limit (`client-address.ts`). */
export type ClientOf = (req: IncomingMessage) => string;

interface Route {
  method: string;
  pattern: RegExp;
  /** True: needs a caller. */
  auth: boolean;
  run: (ctx: { req: IncomingMessage; params: string[]; op: Operation | null; query: URLSearchParams }) => Promise<[number, unknown]>;
}

const BASE = '/api/v1/analytics/dashboards';
const ID = '([^/]+)';

function saveSource(body: Record<string, unknown>): SaveSource {
  const conversationId = optionalString(body, 'conversationId');
  const executionId = optionalString(body, 'executionId');
  const projectId = optionalString(body, 'projectId') ?? null;
  const tabId = optionalString(body, 'tabId') ?? null;
  if (conversationId !== undefined && executionId !== undefined && conversationId !== executionId) {
    throw new BadUserInputError('conversationId and executionId name different executions: send one.');
  }
  const execution = conversationId ?? executionId;
  if (execution !== undefined) return { kind: 'executionReport', executionId: execution, projectId };
  if (projectId !== null) return { kind: 'projectDashboard', projectId, tabId };
  throw new BadUserInputError('Send conversationId (an execution id, optionally with projectId), or projectId (with an optional tabId) to save a project dashboard.');
}

function routes(service: DashboardsService, clientOf: ClientOf): Route[] {
  /** The operation of a route that needs a caller (the handler made sure it has one). */
  const caller = (op: Operation | null): Operation => {
    if (!op) throw new UnauthenticatedError();
    return op;
  };
  const id = (params: string[]): string => {
    try {
      return decodeURIComponent(params[0]!);
    } catch {
      throw new NotFoundError('Dashboard not found.');
    }
  };
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^${BASE}$`),
      auth: true,
      run: async ({ req, op: c }) => {
        const body = await readJsonObject(req);
        const saved = await service.save(caller(c), { title: body['title'] as string, source: saveSource(body) });
        return [200, { success: true, dashboard: dashboardJson(saved) }];
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${BASE}$`),
      auth: true,
      run: async ({ op: c, query }) => {
        const list = await service.list(caller(c), { projectId: query.get('projectId') || null });
        return [200, { success: true, dashboards: list.map(dashboardJson) }];
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${BASE}/${ID}$`),
      auth: true,
      run: async ({ op: c, params }) => [200, { success: true, dashboard: dashboardWithContentJson(await service.get(caller(c), id(params))) }],
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^${BASE}/${ID}$`),
      auth: true,
      run: async ({ op: c, params }) => {
        await service.delete(caller(c), id(params));
        return [200, { success: true }];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${BASE}/${ID}/publish$`),
      auth: true,
      run: async ({ req, op: c, params }) => {
        const body = await readJsonObject(req);
        const published = await service.publish(caller(c), id(params), optionalString(body, 'password') ?? null);
        return [200, { success: true, slug: published.slug, publicUrl: published.publicUrl }];
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^${BASE}/${ID}/publish$`),
      auth: true,
      run: async ({ op: c, params }) => {
        await service.unpublish(caller(c), id(params));
        return [200, { success: true }];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${BASE}/${ID}/clone$`),
      auth: true,
      run: async ({ op: c, params }) => [200, { success: true, dashboard: dashboardJson(await service.clone(caller(c), id(params))) }],
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${BASE}/${ID}/refresh$`),
      auth: true,
      run: async ({ op: c, params }) => [200, { success: true, ...refreshJson(await service.get(caller(c), id(params))) }],
    },
    {
      method: 'PUT',
      pattern: new RegExp(`^${BASE}/${ID}/refresh$`),
      auth: true,
      run: async ({ req, op: c, params }) => {
        const body = await readJsonObject(req);
        const interval = body['refreshInterval'];
        if (interval !== undefined && interval !== null && typeof interval !== 'number') {
          throw new BadUserInputError('refreshInterval must be one of 300, 900, 3600, 86400 (seconds).');
        }
        const updated = await service.updateRefresh(caller(c), id(params), {
          enabled: body['refreshEnabled'] as boolean,
          interval: (interval as number | null | undefined) ?? null,
        });
        return [200, { success: true, ...refreshJson(updated) }];
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${BASE}/${ID}/refresh$`),
      auth: true,
      run: async ({ op: c, params }) => {
        const refreshed = await service.refreshNow(caller(c), id(params));
        return [200, { success: true, ...refreshJson(refreshed), dashboard: dashboardWithContentJson(refreshed) }];
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\/public\/dashboards\/([^/]+)$/,
      auth: false,
      run: async ({ req, params }) => {
        const slug = id(params);
        const body = await readJsonObject(req);
        const password = optionalString(body, 'password') ?? null;
        const shown = await service.readPublic(slug, password, clientOf(req));
        return [200, { success: true, dashboard: publicJson(slug, shown) }];
      },
    },
  ];
}

/** True for paths this API owns (so an unknown method or id there is answered here, in JSON). */
function ownsPath(path: string): boolean {
  return path === BASE || path.startsWith(`${BASE}/`) || path.startsWith('/api/v1/public/dashboards/');
}

/**
 * The request handler of the dashboards REST API. Resolves true when it answered, false when the
 * path is not its own.
 */
export function createDashboardsRestHandler(
  service: DashboardsService,
  operationFor: OperationFor,
  clientOf: ClientOf,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const table = routes(service, clientOf);
  return async (req, res) => {
    // Every path of this API holds `api` (URL normalisation never makes those letters): other
    // requests, `/graphql` first of all, pass without parsing a URL.
    if (!pathOf(req).includes('api')) return false;
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (!ownsPath(path)) return false;
    try {
      const matching = table.filter((r) => r.pattern.test(path));
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        if (matching.length === 0) throw new NotFoundRoute();
        const allow = [...new Set(matching.map((r) => r.method))].join(', ');
        sendJson(req, res, 405, { success: false, error: 'method_not_allowed', message: `Use ${allow}.` }, { allow });
        return true;
      }
      const params = route.pattern.exec(path)!.slice(1);
      let op: Operation | null = null;
      if (route.auth) {
        op = await operationFor(req);
        op.requireCaller();
      }
      const [status, body] = await route.run({ req, params, op, query: url.searchParams });
      sendJson(req, res, status, body);
    } catch (error) {
      if (error instanceof NotFoundRoute) sendJson(req, res, 404, { success: false, error: 'not_found', message: 'No such endpoint.' });
      else sendError(req, res, error);
    }
    return true;
  };
}

class NotFoundRoute extends Error {}
