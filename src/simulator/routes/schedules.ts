/** Coworker schedule routes: list (`/schedules/coworker`, paged by `page_no`), get, create, PATCH, delete. */
import { bodyString, checkObjectId, intQuery, requireAgentflow, requireProject, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';
import { makeObjectId } from '../prng.js';
import { nowSeconds } from '../time.js';
import type { Json } from '../types.js';

function requireSchedule(ctx: Ctx, id: string): Json {
  checkObjectId(id, 'schedule id');
  const schedule = ctx.state.schedules.get(id);
  if (!schedule) throw new HttpError(404, 'Schedule not found');
  requireProject(ctx, String(schedule['projectID']));
  return schedule;
}

function inProject(ctx: Ctx): Json {
  const project = requireProjectParam(ctx);
  const schedule = requireSchedule(ctx, ctx.params['id']!);
  if (schedule['projectID'] !== project._id) throw new HttpError(404, 'Schedule not found in this project');
  return schedule;
}

function checkFields(body: Json, partial: boolean): Json {
  const out: Json = {};
  if (body['goal'] !== undefined) {
    if (body['goal'] === null || typeof body['goal'] !== 'object' || Array.isArray(body['goal'])) throw new HttpError(400, 'Field goal must be an object');
    out['goal'] = body['goal'];
  } else if (!partial) throw new HttpError(422, 'Field required: goal');
  for (const key of ['template', 'display_template']) {
    if (body[key] === undefined) {
      if (!partial && key === 'template') throw new HttpError(422, 'Field required: template');
      continue;
    }
    if (typeof body[key] !== 'string') throw new HttpError(400, `Field ${key} must be a string`);
    out[key] = body[key];
  }
  if (body['schedule'] !== undefined) {
    if (!Number.isInteger(body['schedule']) || (body['schedule'] as number) < 0) throw new HttpError(400, 'Field schedule must be a non-negative integer');
    out['schedule'] = body['schedule'];
  } else if (!partial) throw new HttpError(422, 'Field required: schedule');
  return out;
}

/** The schedule routes. */
export const scheduleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/schedules/coworker',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const limit = intQuery(ctx, 'limit', 20, 1) ?? 20;
      const page = intQuery(ctx, 'page_no', 1, 1) ?? 1;
      const q = (name: string) => ctx.query.get(name);
      const search = q('search_key')?.toLowerCase();
      const all = [...ctx.state.schedules.values()]
        .filter((s) => s['projectID'] === project._id)
        .filter((s) => !q('coworker_id') || s['coworker_id'] === q('coworker_id'))
        .filter((s) => !q('status') || s['status'] === q('status'))
        .filter((s) => !q('type') || s['type'] === q('type'))
        .filter((s) => !search || String(s['template']).toLowerCase().includes(search))
        .sort((a, b) => (b['created_at'] as number) - (a['created_at'] as number));
      return ok({ data: all.slice((page - 1) * limit, page * limit), total: all.length });
    },
  },
  { method: 'GET', pattern: '/schedule/coworker/{id}', handler: (ctx) => ok(requireSchedule(ctx, ctx.params['id']!)) },
  {
    method: 'POST',
    pattern: '/schedule/coworker',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const coworker = requireAgentflow(ctx, checkObjectId(bodyString(ctx.body, 'coworker_id'), 'coworker_id'));
      if (coworker.projectID !== project._id) throw new HttpError(400, 'The coworker belongs to another project');
      const fields = checkFields(ctx.body, false);
      const now = nowSeconds();
      const id = makeObjectId(ctx.state.rng, now);
      const schedule: Json = {
        _id: id, coworker_id: coworker._id, projectID: project._id, display_template: fields['template'], ...fields,
        status: 'active', type: 'recurring', created_at: now, updated_at: now,
      };
      ctx.state.schedules.set(id, schedule);
      return ok(schedule);
    },
  },
  {
    method: 'PATCH',
    pattern: '/schedule/coworker/{id}',
    handler: (ctx) => {
      const schedule = inProject(ctx);
      const fields = checkFields(ctx.body, true);
      if (Object.keys(fields).length === 0) throw new HttpError(422, 'Nothing to update');
      Object.assign(schedule, fields, { updated_at: nowSeconds() });
      return ok(schedule);
    },
  },
  {
    method: 'DELETE',
    pattern: '/schedule/coworker/{id}',
    handler: (ctx) => {
      const schedule = inProject(ctx);
      ctx.state.schedules.delete(String(schedule['_id']));
      return ok({ status: 'success', message: `Deleted schedule ${String(schedule['_id'])}` });
    },
  },
];
