/** Connector routes: lists, get, delete, change status, trigger actions. */
import { bodyString, checkObjectId, newestFirst, pageOf, requireConnector, requireProject, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';
import { nowSeconds } from '../prng.js';
import type { ConnectorRec, ProjectRec } from '../types.js';

const STATUSES: ReadonlySet<string> = new Set(['pending', 'active', 'inactive']);

function list(ctx: Ctx, project: ProjectRec): ReturnType<Route['handler']> {
  return ok(pageOf(ctx, newestFirst([...ctx.state.connectors.values()].filter((c) => c.projectID === project._id))));
}

function getOne(ctx: Ctx): ReturnType<Route['handler']> {
  return ok(requireConnector(ctx, ctx.params['connector_id']!));
}

/** The connector routes. */
export const connectorRoutes: Route[] = [
  { method: 'GET', pattern: '/connectors/{projectID}', handler: (ctx) => list(ctx, requireProject(ctx, ctx.params['projectID']!)) },
  { method: 'GET', pattern: '/connectors', handler: (ctx) => list(ctx, requireProjectParam(ctx)) },
  { method: 'GET', pattern: '/connector/{connector_id}', handler: getOne },
  { method: 'GET', pattern: '/v1/connector/{connector_id}', handler: getOne },
  {
    method: 'DELETE',
    pattern: '/connector/{connector_id}',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const connector = requireConnector(ctx, ctx.params['connector_id']!);
      if (connector.projectID !== project._id) throw new HttpError(404, 'Connector not found in this project');
      ctx.state.connectors.delete(connector._id);
      return ok({ status: 'success', message: `Deleted connector ${connector._id}` });
    },
  },
  {
    method: 'POST',
    pattern: '/connectors/change_status',
    handler: (ctx) => {
      const status = bodyString(ctx.body, 'new_status');
      const id = checkObjectId(bodyString(ctx.body, 'connectorID'), 'connectorID');
      const config = ctx.body['data_loader_config'];
      if (config === undefined || config === null) throw new HttpError(422, 'Field required: data_loader_config');
      if (typeof config !== 'object' || Array.isArray(config)) throw new HttpError(400, 'Field data_loader_config must be an object');
      if (!STATUSES.has(status)) throw new HttpError(400, 'new_status must be one of pending, active, inactive');
      const connector = requireConnector(ctx, id);
      connector.status = status as ConnectorRec['status'];
      connector['updated_at'] = nowSeconds();
      return ok({ status: 'success', message: `Updated connector status to ${status} for connectorID ${id}` });
    },
  },
  {
    method: 'GET',
    pattern: '/connectors/{projectID}/trigger_actions',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const q = ctx.query.get('projectID');
      if (q && q !== project._id) throw new HttpError(400, 'projectID in query and path differ');
      const actions = [...ctx.state.connectors.values()]
        .filter((c) => c.projectID === project._id)
        .map((c) => ({
          _id: c._id,
          name: `New ${c.name} event`,
          connector_id: c._id,
          connector_name: c.name,
          category: c.category,
          sort: 'trigger',
          description: `Starts a coworker when ${c.name} reports a new event`,
          created_at: c['created_at'] as number,
        }));
      return ok(pageOf(ctx, newestFirst(actions)));
    },
  },
];
