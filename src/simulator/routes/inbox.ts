/**
 * Inbox routes: the list, one request, and the three answers. Bodies (our choice; the real
 * ones are undocumented): `{inbox_id, execution_id?, projectID?}` plus `is_approved` (bool) and
 * `modified_inputs_during_preview` (object) for a preview, `runtime_input` (object) for a runtime
 * input, `comment?` for an anomaly. Each answers the updated inbox request.
 */
import { checkObjectId, checkUuid, limitOf, requireProjectParam } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { answer, type Answer } from '../human.js';
import { HttpError } from '../http.js';
import type { InboxRec, Json } from '../types.js';

/** The inbox request named by `id` (path) or `inbox_id` (body), in the `projectID` project. */
function requestIn(ctx: Ctx, id: unknown): InboxRec {
  const project = requireProjectParam(ctx);
  if (id === undefined || id === null) throw new HttpError(422, 'Field required: inbox_id');
  if (typeof id !== 'string') throw new HttpError(400, 'Field inbox_id must be a string');
  checkObjectId(id, 'inbox_id');
  const request = ctx.state.inbox.get(id);
  if (!request || request.projectID !== project._id) throw new HttpError(404, 'Inbox request not found');
  return request;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Handles one kind of answer. */
function answering(read: (body: Json) => Answer) {
  return (ctx: Ctx) => {
    const request = requestIn(ctx, ctx.body['inbox_id']);
    const executionId = ctx.params['execution_id'] ?? ctx.body['execution_id'];
    if (executionId !== undefined && executionId !== null) {
      if (typeof executionId !== 'string') throw new HttpError(400, 'Field execution_id must be a string');
      checkUuid(executionId, 'execution_id');
      if (executionId !== request['execution_id']) throw new HttpError(400, 'execution_id does not match the inbox request');
    }
    const outcome = answer(ctx.state, request, read(ctx.body));
    const exec = ctx.state.executions.get(String(request['execution_id']));
    if (exec) ctx.core.engine.answered(exec, outcome);
    return ok(request);
  };
}

const preview = answering((body) => {
  const approved = body['is_approved'];
  if (approved === undefined || approved === null) throw new HttpError(422, 'Field required: is_approved');
  if (typeof approved !== 'boolean') throw new HttpError(400, 'Field is_approved must be a boolean');
  const modified = body['modified_inputs_during_preview'] ?? {};
  if (!isObject(modified) && !Array.isArray(modified)) throw new HttpError(400, 'Field modified_inputs_during_preview must be an object');
  return { kind: 'preview', approved, modifiedInputs: isObject(modified) ? modified : {} };
});

const runtimeInput = answering((body) => {
  const values = body['runtime_input'];
  if (values === undefined || values === null) throw new HttpError(422, 'Field required: runtime_input');
  if (!isObject(values)) throw new HttpError(400, 'Field runtime_input must be an object');
  return { kind: 'runtime_input', values };
});

const anomaly = answering((body) => {
  const comment = body['comment'];
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new HttpError(400, 'Field comment must be a string');
  return { kind: 'anomaly_detection', comment: typeof comment === 'string' ? comment : null };
});

/** The inbox routes. */
export const inboxRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/inbox',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const all = [...ctx.state.inbox.values()].filter((r) => r.projectID === project._id).sort((a, b) => b.created_at - a.created_at);
      return ok({ total_count: all.length, inbox_requests: limitOf(ctx, all) });
    },
  },
  { method: 'GET', pattern: '/inbox/{id}', handler: (ctx) => ok(requestIn(ctx, ctx.params['id'])) },
  { method: 'POST', pattern: '/inbox/update/preview', handler: preview },
  { method: 'POST', pattern: '/inbox/update/preview/{execution_id}', handler: preview },
  { method: 'POST', pattern: '/inbox/update/runtime_input', handler: runtimeInput },
  { method: 'POST', pattern: '/inbox/update/anomaly_detection', handler: anomaly },
];
