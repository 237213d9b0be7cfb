/**
 * Coworker schedule endpoints (SDK only). Quirks: the list is `/schedules/coworker` (plural) with
 * `page_no`, the rest `/schedule/coworker`; update is a PATCH.
 */
import { BadUserInputError } from '../../errors.js';
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { isRecord, parseList, parseRoot } from '../parse/common.js';
import { scheduleParser } from '../parse/schedules.js';
import type { Call } from './call.js';
import { windowOverPages } from './pages.js';

function scheduleValue(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new BadUserInputError('schedule must be a non-negative whole number.');
  return value;
}

function goalValue(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new BadUserInputError('goal must be a JSON object.');
  return value;
}

/** The `schedules` part of {@link WexaApi}. */
export function schedulesApi(call: Call): WexaApi['schedules'] {
  return {
    async list(projectId, params = {}) {
      const projectID = assertObjectId('projectId', projectId);
      const filters = {
        projectID,
        coworker_id: params.agentflowId === undefined ? undefined : assertObjectId('agentflowId', params.agentflowId),
        status: params.status,
        type: params.type,
        search_key: params.search,
      };
      const readPage = (page_no?: number, limit?: number) =>
        call({ method: 'GET', route: '/schedules/coworker', query: { ...filters, page_no, limit } }, (json, ctx) =>
          parseList(json, ctx, ['schedules'], scheduleParser(projectID)),
        );
      return windowOverPages(readPage, assertCount('skip', params.skip) ?? 0, assertCount('limit', params.limit, 1));
    },
    async get(scheduleId) {
      const id = assertObjectId('scheduleId', scheduleId);
      return call({ method: 'GET', route: '/schedule/coworker/{id}', params: { id } }, (json, ctx) => parseRoot(json, ctx, scheduleParser()));
    },
    async create(projectId, input) {
      const projectID = assertObjectId('projectId', projectId);
      const body = {
        coworker_id: assertObjectId('agentflowId', input.agentflowId),
        goal: goalValue(input.goal),
        template: assertText('template', input.template),
        display_template: input.displayTemplate ?? input.template,
        schedule: scheduleValue(input.schedule),
      };
      return call({ method: 'POST', route: '/schedule/coworker', query: { projectID }, body }, (json, ctx) =>
        parseRoot(json, ctx, scheduleParser(projectID)),
      );
    },
    async update(projectId, scheduleId, patch) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('scheduleId', scheduleId);
      const body = {
        ...(patch.goal === undefined ? {} : { goal: goalValue(patch.goal) }),
        ...(patch.template === undefined ? {} : { template: assertText('template', patch.template) }),
        ...(patch.displayTemplate === undefined ? {} : { display_template: patch.displayTemplate }),
        ...(patch.schedule === undefined ? {} : { schedule: scheduleValue(patch.schedule) }),
      };
      if (Object.keys(body).length === 0) throw new BadUserInputError('Give at least one of goal, template, displayTemplate, schedule.');
      return call({ method: 'PATCH', route: '/schedule/coworker/{id}', params: { id }, query: { projectID }, body }, (json, ctx) =>
        parseRoot(json, ctx, scheduleParser(projectID)),
      );
    },
    async delete(projectId, scheduleId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('scheduleId', scheduleId);
      return call({ method: 'DELETE', route: '/schedule/coworker/{id}', params: { id }, query: { projectID } }, parseAck);
    },
  };
}
