/** Skill routes: list (by name), by category, get one, create. */
import {
  bodyString, checkObjectId, limitOf, optBodyString, requireConnector, requireProject, requireProjectParam, requireSkill,
} from '../access.js';
import { ok, type Ctx, type Reply, type Route } from '../core.js';
import { contentSkill } from '../factory.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { nowSeconds } from '../time.js';
import type { SkillRec } from '../types.js';

function limited(ctx: Ctx, items: SkillRec[]): Reply {
  return ok({ data: limitOf(ctx, items), total: items.length });
}

function ofProject(ctx: Ctx, projectId: string): SkillRec[] {
  return [...ctx.state.skills.values()].filter((s) => s.projectID === projectId && s['is_deleted'] !== true);
}

/** The skill routes. */
export const skillRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/skills',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const name = ctx.query.get('name');
      return limited(ctx, ofProject(ctx, project._id).filter((s) => !name || String(s['name']).toLowerCase().includes(name.toLowerCase())));
    },
  },
  {
    method: 'GET',
    pattern: '/skills/category',
    handler: (ctx) => {
      // This one spells the project parameter `projectId`.
      const id = ctx.query.get('projectId');
      if (!id) throw new HttpError(422, 'projectId is required');
      const project = requireProject(ctx, id);
      const category = ctx.query.get('category');
      if (!category) throw new HttpError(422, 'category is required');
      const actionsOf = (s: SkillRec) => (Array.isArray(s['actions']) ? (s['actions'] as { category?: string }[]) : []);
      return limited(ctx, ofProject(ctx, project._id).filter((s) => actionsOf(s).some((a) => a.category === category)));
    },
  },
  { method: 'GET', pattern: '/skills/{skill_id}', handler: (ctx) => ok(requireSkill(ctx, ctx.params['skill_id']!)) },
  {
    method: 'POST',
    pattern: '/skills',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const name = bodyString(ctx.body, 'name');
      const connectorName = bodyString(ctx.body, 'connector_name');
      const connectorId = checkObjectId(bodyString(ctx.body, 'connector_id'), 'connector_id');
      const description = optBodyString(ctx.body, 'description') ?? '';
      if (!('user_id' in ctx.body)) throw new HttpError(422, 'Field required: user_id');
      const connector = requireConnector(ctx, connectorId);
      if (connector.projectID !== project._id) throw new HttpError(400, 'The connector belongs to another project');
      const now = nowSeconds();
      const skill: SkillRec = {
        ...contentSkill(makeObjectId(ctx.state.rng, now), makeObjectId(ctx.state.rng, now), project._id, connectorId),
        name, description, connector_name: connectorName, logo: optBodyString(ctx.body, 'logo') ?? '', user_id: ctx.body['user_id'] ?? null,
      };
      (skill['actions'] as { category?: string }[]).forEach((a) => (a.category = connector.category));
      ctx.state.skills.set(skill._id, skill);
      return ok(skill);
    },
  },
];
