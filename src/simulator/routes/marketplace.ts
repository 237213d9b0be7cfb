/** The public marketplace: connectors and coworkers to browse, hiring a coworker, checking for updates. */
import { checkObjectId, limitOf, requireProject } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { buildAgent, buildAgentflow } from '../factory.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { nowSeconds } from '../time.js';
import type { Json } from '../types.js';

function matches(item: Json, search: string | null): boolean {
  if (!search) return true;
  const s = search.toLowerCase();
  return String(item['name']).toLowerCase().includes(s) || String(item['description'] ?? '').toLowerCase().includes(s);
}

function requireCoworker(ctx: Ctx): Json {
  const id = checkObjectId(ctx.params['coworker_id']!, 'coworker_id');
  const coworker = ctx.state.marketplace.coworkers.find((c) => c['_id'] === id);
  if (!coworker) throw new HttpError(404, 'Coworker not found');
  return coworker;
}

/** The marketplace routes. */
export const marketplaceRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/public/connectors/all',
    handler: (ctx) => {
      const projectId = ctx.query.get('projectID');
      const installed = projectId
        ? new Set([...ctx.state.connectors.values()].filter((c) => c.projectID === requireProject(ctx, projectId)._id).map((c) => c.category))
        : new Set<string>();
      const filter = ctx.query.get('filter_type') ?? 'all';
      if (!['all', 'premium', 'free'].includes(filter)) throw new HttpError(400, 'filter_type must be all, premium or free');
      const list = ctx.state.marketplace.connectors
        .filter((c) => matches(c, ctx.query.get('search_key')))
        .filter((c) => filter === 'all' || (filter === 'premium') === c['is_premium'])
        .map((c) => ({ ...c, is_installed: installed.has(String(c['category'])) }));
      return ok({ data: list, total: list.length });
    },
  },
  {
    method: 'GET',
    pattern: '/public/marketplace/coworkers',
    handler: (ctx) => {
      const list = ctx.state.marketplace.coworkers.filter((c) => matches(c, ctx.query.get('search_key')));
      return ok({ data: limitOf(ctx, list, 1), total: list.length });
    },
  },
  { method: 'GET', pattern: '/public/marketplace/coworker/{coworker_id}', handler: (ctx) => ok(requireCoworker(ctx)) },
  {
    method: 'POST',
    pattern: '/marketplace/coworker/{coworker_id}/purchase',
    handler: (ctx) => {
      const coworker = requireCoworker(ctx);
      const orgId = ctx.query.get('organization_id');
      if (!orgId) throw new HttpError(422, 'organization_id is required');
      checkObjectId(orgId, 'organization_id');
      if (orgId !== ctx.orgId) throw new HttpError(403, 'Not allowed to access this organization');
      // The hired coworker lands in the project named in the body, else the organisation's first project.
      const named = typeof ctx.body['projectID'] === 'string' ? requireProject(ctx, ctx.body['projectID']) : null;
      const project = named ?? [...ctx.state.projects.values()].find((p) => p.orgId === orgId);
      if (!project) throw new HttpError(404, 'The organisation has no project');
      const now = nowSeconds();
      const agents = Array.from({ length: Number(coworker['agents_count'] ?? 1) }, (_, i) =>
        buildAgent(makeObjectId(ctx.state.rng, now), `${String(coworker['name'])} agent ${i + 1}`, []),
      );
      const af = buildAgentflow({
        id: makeObjectId(ctx.state.rng, now), name: String(coworker['name']), description: String(coworker['description']),
        projectId: project._id, orgId, at: now, agents, marketplaceId: String(coworker['_id']),
      });
      af['marketplace_version'] = coworker['version'];
      ctx.state.agentflows.set(af._id, af);
      return ok({ status: 'success', message: `Hired ${String(coworker['name'])}`, agentflow_id: af._id, projectID: project._id });
    },
  },
  {
    method: 'GET',
    pattern: '/marketplace/coworker/update/{coworker_id}/check',
    handler: (ctx) => {
      const coworker = requireCoworker(ctx);
      const hired = [...ctx.state.agentflows.values()].filter(
        (a) => a['marketplace_id'] === coworker['_id'] && ctx.state.projects.get(a.projectID)?.orgId === ctx.orgId,
      );
      const installed = hired.map((a) => String(a['marketplace_version'] ?? '1.0.0'));
      return ok({
        coworker_id: coworker['_id'], latest_version: coworker['version'], installed_versions: installed,
        update_available: installed.some((v) => v !== coworker['version']),
      });
    },
  },
];
