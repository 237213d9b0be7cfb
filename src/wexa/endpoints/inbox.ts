/**
 * Inbox endpoints: the list, one request, and the three answers (preview, runtime input, anomaly).
 *
 * The answer endpoints are known only by path (`/inbox/update/preview/`, `/inbox/update/runtime_input/`,
 * `/inbox/update/anomaly_detection/`, all with `projectID` in the query); their bodies and replies are
 * undocumented. We send the request and execution ids with the answer under the names the rest of
 * the API uses (`inbox_id`, `execution_id`, `is_approved`, `modified_inputs_during_preview`) and
 * accept any 2xx reply as an acknowledgement; callers re-read the request afterwards.
 */
import type { InboxAnswerTarget, WexaApi } from '../api.js';
import { BadUserInputError } from '../../errors.js';
import { assertCount, assertExecutionId, assertObjectId } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { isRecord, parseList, parseRoot } from '../parse/common.js';
import { inboxRequestParser } from '../parse/inbox.js';
import type { Call } from './call.js';

function target(projectId: string, answer: InboxAnswerTarget) {
  const projectID = assertObjectId('projectId', projectId);
  return {
    projectID,
    body: {
      inbox_id: assertObjectId('requestId', answer.requestId),
      execution_id: assertExecutionId('executionId', answer.executionId),
      projectID,
    },
  };
}

function objectOrFail(name: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new BadUserInputError(`${name} must be a JSON object.`);
  return value;
}

/** The `inbox` part of {@link WexaApi}. */
export function inboxApi(call: Call): WexaApi['inbox'] {
  return {
    async list(projectId, params = {}) {
      const projectID = assertObjectId('projectId', projectId);
      const query = { projectID, limit: assertCount('limit', params.limit, 1) };
      return call({ method: 'GET', route: '/inbox', query }, (json, ctx) =>
        parseList(json, ctx, ['inbox_requests'], inboxRequestParser(projectID)),
      );
    },
    async get(projectId, requestId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('requestId', requestId);
      return call({ method: 'GET', route: '/inbox/{id}', params: { id }, query: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, inboxRequestParser(projectID)),
      );
    },
    async answerPreview(projectId, answer) {
      const { projectID, body } = target(projectId, answer);
      const full = {
        ...body,
        is_approved: answer.approved,
        modified_inputs_during_preview: answer.modifiedInputs === undefined ? {} : objectOrFail('modifiedInputs', answer.modifiedInputs),
        ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      };
      return call({ method: 'POST', route: '/inbox/update/preview/', query: { projectID }, body: full }, parseAck);
    },
    async answerRuntimeInput(projectId, answer) {
      const { projectID, body } = target(projectId, answer);
      const values = objectOrFail('values', answer.values);
      if (Object.keys(values).length === 0) throw new BadUserInputError('values must hold at least one value.');
      const full = { ...body, runtime_input: values };
      return call({ method: 'POST', route: '/inbox/update/runtime_input/', query: { projectID }, body: full }, parseAck);
    },
    async acknowledgeAnomaly(projectId, answer) {
      const { projectID, body } = target(projectId, answer);
      const full = { ...body, is_acknowledged: true, ...(answer.comment === undefined ? {} : { comment: answer.comment }) };
      return call({ method: 'POST', route: '/inbox/update/anomaly_detection/', query: { projectID }, body: full }, parseAck);
    },
  };
}
