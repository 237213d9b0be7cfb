/** Task routes: lists, get by id, pause / resume / stop. */
import { checkObjectId, inQueryProject, newestFirst, pageOf, requireProject, requireProjectParam, requireTask } from '../access.js';
import { ok, type Ctx, type Reply, type Route } from '../core.js';
import { HttpError } from '../http.js';
import type { Engine } from '../lifecycle.js';
import { EXEC_STATUSES, TERMINAL, type ExecStatus, type ExecutionRec, type ProjectRec, type TaskRec } from '../types.js';

function listTasks(ctx: Ctx, project: ProjectRec): Reply {
  const createdBy = ctx.query.get('created_by');
  if (createdBy) checkObjectId(createdBy, 'created_by');
  const status = ctx.query.get('status');
  if (status && !EXEC_STATUSES.includes(status as ExecStatus)) throw new HttpError(400, `Unknown status ${status}`);
  const tasks = [...ctx.state.tasks.values()].filter(
    (t) => t.projectID === project._id && (!createdBy || t.created_by === createdBy) && (!status || t.status === status),
  );
  return ok(pageOf(ctx, newestFirst(tasks)));
}

/** The task in the path, checked against the `projectID` query parameter when given. */
function taskInProject(ctx: Ctx): TaskRec {
  return inQueryProject(ctx, 'Task', () => requireTask(ctx, ctx.params['id']!));
}

/** Applies `act` to the task's executions in `from`; 409 when there are none. */
function bulk(ctx: Ctx, verb: string, from: (s: ExecStatus) => boolean, act: (engine: Engine, e: ExecutionRec) => void): Reply {
  const task = taskInProject(ctx);
  const execs = task.execution_ids
    .map((id) => ctx.state.executions.get(id))
    .filter((e): e is ExecutionRec => e !== undefined && from(e.status));
  if (execs.length === 0) throw new HttpError(409, `Cannot ${verb} a task that is ${task.status}: no execution can ${verb}`);
  for (const e of execs) act(ctx.core.engine, e);
  return ok(task);
}

/** The task routes. */
export const taskRoutes: Route[] = [
  { method: 'GET', pattern: '/tasks/{projectID}', handler: (ctx) => listTasks(ctx, requireProject(ctx, ctx.params['projectID']!)) },
  { method: 'GET', pattern: '/tasks', handler: (ctx) => listTasks(ctx, requireProjectParam(ctx)) },
  { method: 'GET', pattern: '/task/{id}', handler: (ctx) => ok(taskInProject(ctx)) },
  {
    method: 'POST',
    pattern: '/task/{id}/pause',
    handler: (ctx) => bulk(ctx, 'pause', (s) => s === 'ready' || s === 'running', (engine, e) => engine.pause(e)),
  },
  { method: 'POST', pattern: '/task/{id}/resume', handler: (ctx) => bulk(ctx, 'resume', (s) => s === 'paused', (engine, e) => engine.resume(e)) },
  { method: 'POST', pattern: '/task/{id}/stop', handler: (ctx) => bulk(ctx, 'stop', (s) => !TERMINAL.has(s), (engine, e) => engine.cancel(e)) },
];
