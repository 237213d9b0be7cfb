/** A project's analytics, settings and tags. */
import { requireProject, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { countByStatus } from '../store.js';
import type { Json } from '../types.js';

/** Usage figures computed from the project's executions and credit rows. */
function analytics(ctx: Ctx, projectId: string): Json {
  const execs = [...ctx.state.executions.values()].filter((e) => e.projectID === projectId);
  const credits = ctx.state.credits.filter((c) => c['projectID'] === projectId);
  return {
    projectID: projectId,
    executions: { total: execs.length, by_status: countByStatus(execs) },
    agent_runs: credits.length,
    credits_consumed: credits.reduce((sum, c) => sum + Number(c['credits_consumed'] ?? 0), 0),
    tokens_consumed: credits.reduce((sum, c) => sum + Number(c['tokens_consumed'] ?? 0), 0),
    coworkers: [...ctx.state.agentflows.values()].filter((a) => a.projectID === projectId).length,
  };
}

/** The project data routes. */
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
];
