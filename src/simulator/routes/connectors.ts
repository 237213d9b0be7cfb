/**
 * Connector routes: lists, get, delete, change status, trigger actions, configuration by category
 * (`/actions/{category}/config`) and LinkedIn search parameters.
 */
import {
  bodyString, checkObjectId, intQuery, newestFirst, pageOf, requireConnector, requirePathProject, requireProject, requireProjectParam,
} from '../access.js';
import { ok, type Ctx, type Reply, type Route } from '../core.js';
import { HttpError } from '../http.js';
import { nowSeconds } from '../time.js';
import type { ConnectorRec, ProjectRec } from '../types.js';

const STATUSES: ReadonlySet<string> = new Set(['pending', 'active', 'inactive']);
const CATEGORIES: ReadonlySet<string> = new Set(['content_creator', 'whatsapp', 'linkedin', 'mail', 'restful']);

/** The `{category}` path parameter: a known connector category (404 otherwise). */
function category(ctx: Ctx): string {
  const c = ctx.params['category']!;
  if (!CATEGORIES.has(c)) throw new HttpError(404, `Unknown connector category ${c}`);
  return c;
}

function list(ctx: Ctx, project: ProjectRec): Reply {
  return ok(pageOf(ctx, newestFirst([...ctx.state.connectors.values()].filter((c) => c.projectID === project._id))));
}

function getOne(ctx: Ctx): Reply {
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
      const project = requirePathProject(ctx);
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
  {
    method: 'POST',
    pattern: '/actions/{category}/config',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const c = category(ctx);
      if (Object.keys(ctx.body).length === 0) throw new HttpError(422, 'The configuration is empty');
      const config = { projectID: project._id, category: c, config: ctx.body, updated_at: nowSeconds() };
      ctx.state.configs.set(`${project._id}/${c}`, config);
      return ok(config);
    },
  },
  {
    method: 'GET',
    pattern: '/actions/{category}/config/{projectID}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const config = ctx.state.configs.get(`${project._id}/${category(ctx)}`);
      if (!config) throw new HttpError(404, 'No configuration for this category');
      return ok(config);
    },
  },
  {
    method: 'GET',
    pattern: '/connectors/{projectID}/retrieve/linkedin_params',
    handler: (ctx) => {
      requireProject(ctx, ctx.params['projectID']!);
      const type = ctx.query.get('search_type');
      const keyword = ctx.query.get('keyword');
      if (!type || !keyword) throw new HttpError(422, 'search_type and keyword are required');
      if (!['PEOPLE', 'COMPANY', 'GEO', 'INDUSTRY'].includes(type)) throw new HttpError(400, 'Unknown search_type');
      const limit = intQuery(ctx, 'limit', 5, 1, 50) ?? 5;
      const data = Array.from({ length: limit }, (_, i) => ({ id: `urn:li:${type.toLowerCase()}:${1000 + i}`, name: `${keyword} ${i + 1}`, type }));
      return ok({ data, total: data.length });
    },
  },
];
