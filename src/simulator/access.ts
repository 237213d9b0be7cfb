/**
 * Validation and access checks used by the routes: id formats (400), existence (404),
 * organisation ownership (403), required body fields (422) and paging parameters.
 */
import type { Ctx } from './core.js';
import { HttpError } from './http.js';
import type { AgentflowRec, ConnectorRec, ExecutionRec, Json, ProjectRec, SkillRec, TaskRec } from './types.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws 400 unless `value` is a 24-hex ObjectId. */
export function checkObjectId(value: string, what: string): string {
  if (!OBJECT_ID.test(value)) throw new HttpError(400, `Invalid ${what}: expected a 24-character hex ObjectId`);
  return value;
}

/** Throws 400 unless `value` is a UUID. */
export function checkUuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new HttpError(400, `Invalid ${what}: expected a UUID`);
  return value;
}

/** Throws 403 when `orgId` is not the caller's organisation. */
function own(ctx: Ctx, orgId: string | null | undefined, what: string): void {
  if (orgId !== ctx.orgId) throw new HttpError(403, `Not allowed to access this ${what}`);
}

/** A project of the caller's organisation (400 / 404 / 403). */
export function requireProject(ctx: Ctx, id: string): ProjectRec {
  checkObjectId(id, 'projectID');
  const project = ctx.state.projects.get(id);
  if (!project) throw new HttpError(404, 'Project not found');
  own(ctx, project.orgId, 'project');
  return project;
}

/** The project of the `{projectID}` path parameter; a `projectID` query parameter, when also given, must match (400). */
export function requirePathProject(ctx: Ctx): ProjectRec {
  const project = requireProject(ctx, ctx.params['projectID']!);
  const fromQuery = ctx.query.get('projectID');
  if (fromQuery && fromQuery !== project._id) throw new HttpError(400, 'projectID in query and path differ');
  return project;
}

/** The `projectID` query parameter (or a body field) as an accessible project; 422 when missing. */
export function requireProjectParam(ctx: Ctx, name = 'projectID'): ProjectRec {
  const fromQuery = ctx.query.get(name);
  const fromBody = typeof ctx.body[name] === 'string' ? (ctx.body[name] as string) : null;
  if (fromQuery && fromBody && fromQuery !== fromBody) throw new HttpError(400, `${name} in query and body differ`);
  const id = fromQuery || fromBody;
  if (!id) throw new HttpError(422, `${name} is required`);
  return requireProject(ctx, id);
}

/**
 * The record `find` returns, in the `projectID` query parameter's project when one is given: the
 * parameter is checked first (400 / 404 / 403), then a record of another project is a 404.
 */
export function inQueryProject<T extends { projectID: string }>(ctx: Ctx, what: string, find: () => T): T {
  const projectId = ctx.query.get('projectID');
  if (projectId) requireProject(ctx, projectId);
  const record = find();
  if (projectId && projectId !== record.projectID) throw new HttpError(404, `${what} not found in this project`);
  return record;
}

/** An organisation id the caller names, which must be its own (400 / 404 / 403). */
export function checkOwnOrg(ctx: Ctx, id: string, what: string): string {
  checkObjectId(id, what);
  if (!ctx.state.orgs.has(id)) throw new HttpError(404, 'Organization not found');
  if (id !== ctx.orgId) throw new HttpError(403, 'Not allowed to access this organization');
  return id;
}

function projectOrg(ctx: Ctx, projectId: string): string | null {
  return ctx.state.projects.get(projectId)?.orgId ?? null;
}

/** An agentflow of the caller's organisation. */
export function requireAgentflow(ctx: Ctx, id: string): AgentflowRec {
  checkObjectId(id, 'agentflow id');
  const af = ctx.state.agentflows.get(id);
  if (!af) throw new HttpError(404, 'Agentflow not found');
  own(ctx, projectOrg(ctx, af.projectID), 'agentflow');
  return af;
}

/** An execution (by its UUID) of the caller's organisation. */
export function requireExecution(ctx: Ctx, id: string): ExecutionRec {
  checkUuid(id, 'execution_id');
  const exec = ctx.state.executions.get(id);
  if (!exec) throw new HttpError(404, 'Execution not found');
  own(ctx, projectOrg(ctx, exec.projectID), 'execution');
  return exec;
}

/** A task of the caller's organisation. */
export function requireTask(ctx: Ctx, id: string): TaskRec {
  checkObjectId(id, 'task id');
  const task = ctx.state.tasks.get(id);
  if (!task) throw new HttpError(404, 'Task not found');
  own(ctx, projectOrg(ctx, task.projectID), 'task');
  return task;
}

/** A connector of the caller's organisation. */
export function requireConnector(ctx: Ctx, id: string): ConnectorRec {
  checkObjectId(id, 'connector id');
  const connector = ctx.state.connectors.get(id);
  if (!connector) throw new HttpError(404, 'Connector not found');
  own(ctx, projectOrg(ctx, connector.projectID), 'connector');
  return connector;
}

/** A skill of the caller's organisation. */
export function requireSkill(ctx: Ctx, id: string): SkillRec {
  checkObjectId(id, 'skill id');
  const skill = ctx.state.skills.get(id);
  if (!skill) throw new HttpError(404, 'Skill not found');
  own(ctx, projectOrg(ctx, skill.projectID), 'skill');
  return skill;
}

/** A required string body field (422 when missing, 400 when not a string). */
export function bodyString(body: Json, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) throw new HttpError(422, `Field required: ${name}`);
  if (typeof value !== 'string') throw new HttpError(400, `Field ${name} must be a string`);
  return value;
}

/** An optional string body field (400 when present but not a string). */
export function optBodyString(body: Json, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `Field ${name} must be a string`);
  return value;
}

/** A non-negative integer query parameter, or `fallback` when absent (400 when malformed or outside `min`..`max`). */
export function intQuery(ctx: Ctx, name: string, fallback: number | null, min = 0, max = 100000): number | null {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `Query parameter ${name} must be a non-negative integer`);
  const n = Number(raw);
  if (n < min || n > max) throw new HttpError(400, `Query parameter ${name} must be between ${min} and ${max}`);
  return n;
}

/** Applies `skip` and `limit` query parameters and wraps the result as `{data, total}`. */
export function pageOf<T>(ctx: Ctx, items: T[]): { data: T[]; total: number } {
  const skip = intQuery(ctx, 'skip', 0) ?? 0;
  const limit = intQuery(ctx, 'limit', null);
  return { data: items.slice(skip, limit === null ? undefined : skip + limit), total: items.length };
}

/** The first `limit` items (the `limit` query parameter, at least `min`), or all of them without one. */
export function limitOf<T>(ctx: Ctx, items: T[], min = 0): T[] {
  const limit = intQuery(ctx, 'limit', null, min);
  return limit === null ? items : items.slice(0, limit);
}

/** Sorts newest first by a numeric `created_at`. */
export function newestFirst<T extends { created_at: number }>(items: T[]): T[] {
  return items.sort((a, b) => b.created_at - a.created_at);
}
