/** Agentflow routes: list, get, create, update, add and update skilled agents. */
import {
  bodyString, checkObjectId, inQueryProject, newestFirst, optBodyString, pageOf, requireAgentflow, requireProjectParam,
  requireSkill,
} from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { buildAgent, buildAgentflow, chainAgents } from '../factory.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { nowSeconds } from '../time.js';
import type { AgentflowRec, Json } from '../types.js';

/** The agentflow in the path, checked against the `projectID` query parameter when given. */
function flowInProject(ctx: Ctx): AgentflowRec {
  return inQueryProject(ctx, 'Agentflow', () => requireAgentflow(ctx, ctx.params['id']!));
}

/** Skill ids from a body, resolved to embedded skill objects (skills are ids on write, objects on read). */
function resolveSkills(ctx: Ctx, af: AgentflowRec): Json[] | undefined {
  const raw = ctx.body['skills'];
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) throw new HttpError(400, 'Field skills must be an array of skill ids');
  return (raw as string[]).map((id) => {
    const skill = requireSkill(ctx, id);
    if (skill.projectID !== af.projectID) throw new HttpError(400, `Skill ${id} belongs to another project`);
    return skill;
  });
}

const AGENT_FIELDS = [
  'role', 'title', 'role_description', 'context', 'llm', 'memory', 'prompt', 'triggers', 'has_knowledge_base',
  'is_user_specific_task', 'is_preview_mode_enabled', 'conditions', 'agent_type',
] as const;

function pickAgentFields(body: Json): Json {
  const out: Json = {};
  for (const key of AGENT_FIELDS) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

function touch(af: AgentflowRec): void {
  af.updated_at = nowSeconds();
}

/** The agentflow routes. */
export const agentflowRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/agentflows',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const flows = newestFirst([...ctx.state.agentflows.values()].filter((af) => af.projectID === project._id));
      return ok(pageOf(ctx, flows));
    },
  },
  { method: 'GET', pattern: '/agentflow/{agentflow_id}', handler: (ctx) => ok(requireAgentflow(ctx, ctx.params['agentflow_id']!)) },
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
      touch(af);
      return ok(af);
    },
  },
  {
    method: 'POST',
    pattern: '/agentflow',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const name = bodyString(ctx.body, 'name');
      const description = bodyString(ctx.body, 'description');
      const role = bodyString(ctx.body, 'role');
      if (name.trim() === '') throw new HttpError(400, 'name must not be empty');
      const now = nowSeconds();
      const af = buildAgentflow({
        id: makeObjectId(ctx.state.rng, now), name, description, role, projectId: project._id, orgId: project.orgId, at: now, agents: [],
      });
      ctx.state.agentflows.set(af._id, af);
      return ok(af);
    },
  },
  {
    method: 'POST',
    pattern: '/agentflow/{id}/skilled',
    handler: (ctx) => {
      const af = flowInProject(ctx);
      const id = checkObjectId(bodyString(ctx.body, '_id'), '_id');
      const title = bodyString(ctx.body, 'title');
      bodyString(ctx.body, 'role');
      if (af.agents.some((a) => a._id === id)) throw new HttpError(409, `Agent ${id} already exists in this agentflow`);
      const skills = resolveSkills(ctx, af) ?? [];
      af.agents.push(buildAgent(id, title, skills, pickAgentFields(ctx.body)));
      chainAgents(af);
      touch(af);
      return ok(af);
    },
  },
  {
    method: 'POST',
    pattern: '/agentflow/{id}/update/skilled/{agent_id}',
    handler: (ctx) => {
      const af = flowInProject(ctx);
      const agentId = checkObjectId(ctx.params['agent_id']!, 'agent_id');
      const agent = af.agents.find((a) => a._id === agentId);
      if (!agent) throw new HttpError(404, 'Agent not found in this agentflow');
      for (const key of ['title', 'role', 'role_description'] as const) optBodyString(ctx.body, key);
      const skills = resolveSkills(ctx, af);
      Object.assign(agent, pickAgentFields(ctx.body));
      if (skills) agent.skills = skills;
      touch(af);
      return ok(af);
    },
  },
];
