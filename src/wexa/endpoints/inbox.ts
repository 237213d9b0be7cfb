/** The inbox endpoint. */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId } from '../ids.js';
import { parseList } from '../parse/common.js';
import { inboxRequestParser } from '../parse/inbox.js';
import type { Call } from './call.js';

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
  };
}
