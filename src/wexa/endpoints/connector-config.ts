/**
 * Connector configuration by category (`/actions/{CATEGORY}/config`) and LinkedIn search parameters
 * (newer doc menu + SDK; shapes undocumented, returned verbatim).
 */
import { BadUserInputError } from '../../errors.js';
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { isRecord, parseList } from '../parse/common.js';
import { looseParser, parseObject } from '../parse/loose.js';
import type { Call } from './call.js';

/** A connector category such as `content_creator`, `whatsapp`, `linkedin`, `mail`, `restful`. */
function assertCategory(value: string): string {
  if (!/^[a-z0-9_]{1,60}$/.test(value)) throw new BadUserInputError('category must be lower-case letters, digits and _ (e.g. mail, linkedin).');
  return value;
}

/** The `connectorConfig` part of {@link WexaApi}. */
export function connectorConfigApi(call: Call): WexaApi['connectorConfig'] {
  return {
    async configure(projectId, category, settings) {
      const projectID = assertObjectId('projectId', projectId);
      if (!isRecord(settings) || Object.keys(settings).length === 0) throw new BadUserInputError('settings must be a non-empty JSON object.');
      return call(
        { method: 'POST', route: '/actions/{category}/config', params: { category: assertCategory(category) }, query: { projectID }, body: settings },
        parseObject,
      );
    },
    async get(projectId, category) {
      const projectID = assertObjectId('projectId', projectId);
      return call(
        { method: 'GET', route: '/actions/{category}/config/{projectID}', params: { category: assertCategory(category), projectID }, query: { projectID } },
        parseObject,
      );
    },
    async linkedinParams(projectId, params) {
      const projectID = assertObjectId('projectId', projectId);
      const query = {
        search_type: assertText('searchType', params.searchType, 40),
        keyword: assertText('keyword', params.keyword, 200),
        limit: assertCount('limit', params.limit, 1),
        connector_id: params.connectorId === undefined ? undefined : assertObjectId('connectorId', params.connectorId),
      };
      return call({ method: 'GET', route: '/connectors/{projectID}/retrieve/linkedin_params', params: { projectID }, query }, (json, ctx) =>
        parseList(json, ctx, ['params', 'suggestions'], looseParser),
      );
    },
  };
}
