/** A project's analytics, settings and tags; connector configuration; LinkedIn search parameters; agentflow update. */
import { intQuery, requireAgentflow, requireProject, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';
import { nowSeconds } from '../prng.js';
import type { Json } from '../types.js';

const CATEGORIES = new Set(['content_creator', 'whatsapp', 'linkedin', 'mail', 'restful']);

function category(ctx: Ctx): string {
  const c = ctx.params['category']!;
  if (!CATEGORIES.has(c)) throw new HttpError(404, `Unknown connector category ${c}`);
  return c;
}

/** Usage figures computed from the project's executions and credit rows. */
function analytics(ctx: Ctx, projectId: string): Json {
  const execs = [...ctx.state.executions.values()].filter((e) => e.projectID === projectId);
  const byStatus: Record<string, number> = {};
  for (const e of execs) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  const credits = ctx.state.credits.filter((c) => c['projectID'] === projectId);
  return {
    projectID: projectId,
    executions: { total: execs.length, by_status: byStatus },
    agent_runs: credits.length,
    credits_consumed: credits.reduce((sum, c) => sum + Number(c['credits_consumed'] ?? 0), 0),
    tokens_consumed: credits.reduce((sum, c) => sum + Number(c['tokens_consumed'] ?? 0), 0),
    coworkers: [...ctx.state.agentflows.values()].filter((a) => a.projectID === projectId).length,
  };
}

/** The routes. */
export const projectDataRoutes: Route[] = [
  { method: 'GET', pattern: '/analytics', handler: (ctx) => ok(analytics(ctx, requireProjectParam(ctx)._id)) },
  {
    method: 'GET',
    pattern: '/settings/{projectID}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      return ok({ projectID: project._id, timezone: 'UTC', language: 'en', default_llm: { model: 'azure/gpt-4o', temperature: 0 }, notifications: { email: true, inbox: true } });
    },
  },
  {
    method: 'GET',
    pattern: '/tagsbyprojectId/{projectID}',
    handler: (ctx) => {
      const tags = ctx.state.tags.get(requireProject(ctx, ctx.params['projectID']!)._id) ?? [];
      return ok({ data: tags, total: tags.length });
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
  {
    method: 'PUT',
    pattern: '/agentflow/{agentflow_id}',
    handler: (ctx) => {
      const af = requireAgentflow(ctx, ctx.params['agentflow_id']!);
      for (const key of ['name', 'description', 'role', 'image'] as const) {
        const value = ctx.body[key];
        if (value === undefined) continue;
        if (typeof value !== 'string' || (key !== 'description' && value.trim() === '')) throw new HttpError(400, `Field ${key} must be a non-empty string`);
        af[key] = value;
      }
      if (ctx.body['isActive'] !== undefined) {
        if (typeof ctx.body['isActive'] !== 'boolean') throw new HttpError(400, 'Field isActive must be a boolean');
        af['isActive'] = ctx.body['isActive'];
      }
      af.updated_at = nowSeconds();
      return ok(af);
    },
  },
];
