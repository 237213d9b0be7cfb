/** Project routes (`/v1/project...`, `/project/projectName/{projectName}`). */
import { bodyString, checkObjectId, checkOwnOrg, intQuery, optBodyString, requireProject } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { buildDashboard } from '../dashboard-data.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { deleteProjectCascade } from '../store.js';
import { nowSeconds } from '../time.js';
import type { ProjectRec } from '../types.js';

function orgProjects(ctx: Ctx): ProjectRec[] {
  return [...ctx.state.projects.values()]
    .filter((p) => p.orgId === ctx.orgId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The `orgId` query parameter, when given, must be the caller's organisation. */
function checkOrgQuery(ctx: Ctx): void {
  const orgId = ctx.query.get('orgId');
  if (orgId) checkOwnOrg(ctx, orgId, 'orgId');
}

/** The required `orgId` body field must be the caller's organisation. */
function checkOrgBody(ctx: Ctx): void {
  checkOwnOrg(ctx, bodyString(ctx.body, 'orgId'), 'orgId');
}

/** The project routes. */
export const projectRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/project',
    handler: (ctx) => {
      checkOrgQuery(ctx);
      const page = intQuery(ctx, 'page', 1, 1) ?? 1;
      const limit = intQuery(ctx, 'limit', null, 1);
      const status = ctx.query.get('status');
      const userId = ctx.query.get('userId');
      const all = orgProjects(ctx).filter((p) => (!status || p.status === status) && (!userId || p.createdBy === userId));
      const data = limit === null ? all : all.slice((page - 1) * limit, page * limit);
      return ok({ data, total: all.length });
    },
  },
  {
    method: 'GET',
    pattern: '/v1/project/all',
    handler: (ctx) => {
      const userId = ctx.query.get('userId');
      if (!userId) throw new HttpError(422, 'Query parameter required: userId');
      checkObjectId(userId, 'userId');
      const data = orgProjects(ctx).filter((p) => p.createdBy === userId);
      return ok({ data, total: data.length });
    },
  },
  { method: 'GET', pattern: '/v1/project/{projectId}', handler: (ctx) => ok(requireProject(ctx, ctx.params['projectId']!)) },
  {
    method: 'POST',
    pattern: '/v1/project',
    handler: (ctx) => {
      checkOrgBody(ctx);
      const name = bodyString(ctx.body, 'projectName');
      const description = bodyString(ctx.body, 'description');
      const role = bodyString(ctx.body, 'coworker_role');
      const status = optBodyString(ctx.body, 'status') ?? 'published';
      if (name.trim() === '') throw new HttpError(400, 'projectName must not be empty');
      const now = nowSeconds();
      const iso = new Date(now * 1000).toISOString();
      const org = ctx.state.orgs.get(ctx.orgId)!;
      const project: ProjectRec = {
        _id: makeObjectId(ctx.state.rng, now), projectName: name, description, orgId: ctx.orgId,
        coworkerRole: role, status, createdBy: org.userId, createdAt: iso, updatedAt: iso,
      };
      ctx.state.projects.set(project._id, project);
      ctx.state.dashboards.set(project._id, buildDashboard(ctx.state, project, ctx.state.rng, now));
      return ok(project);
    },
  },
  {
    method: 'PUT',
    pattern: '/v1/project',
    handler: (ctx) => {
      const id = ctx.query.get('projectId');
      if (!id) throw new HttpError(422, 'Query parameter required: projectId');
      const project = requireProject(ctx, id);
      checkOrgBody(ctx);
      const name = optBodyString(ctx.body, 'projectName');
      if (name !== undefined && name.trim() === '') throw new HttpError(400, 'projectName must not be empty');
      project.projectName = name ?? project.projectName;
      project.description = optBodyString(ctx.body, 'description') ?? project.description;
      project.coworkerRole = optBodyString(ctx.body, 'coworker_role') ?? project.coworkerRole;
      project.updatedAt = new Date().toISOString();
      return ok(project);
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/project/{projectId}',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectId']!);
      deleteProjectCascade(ctx.state, project._id);
      return ok({ status: 'success', message: `Deleted project ${project._id}` });
    },
  },
  {
    method: 'GET',
    pattern: '/project/projectName/{projectName}',
    handler: (ctx) => {
      const name = ctx.params['projectName']!;
      const project = orgProjects(ctx).find((p) => p.projectName === name);
      if (!project) throw new HttpError(404, 'Project not found');
      return ok(project);
    },
  },
];
