/**
 * The marketplace (SDK paths, shapes undocumented): public connector and coworker listings (under
 * `/public/...`), one coworker, hiring one and checking it for updates.
 */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId } from '../ids.js';
import { parseList, parseRoot } from '../parse/common.js';
import { looseParser, parseObject } from '../parse/loose.js';
import type { Call } from './call.js';

/** The `marketplace` part of {@link WexaApi}. */
export function marketplaceApi(call: Call): WexaApi['marketplace'] {
  return {
    async connectors(params = {}) {
      const query = {
        search_key: params.search,
        projectID: params.projectId === undefined ? undefined : assertObjectId('projectId', params.projectId),
        filter_type: params.filterType ?? 'all',
      };
      return call({ method: 'GET', route: '/public/connectors/all', query }, (json, ctx) => parseList(json, ctx, ['connectors'], looseParser));
    },
    async coworkers(params = {}) {
      const query = { search_key: params.search, limit: assertCount('limit', params.limit, 1) };
      return call({ method: 'GET', route: '/public/marketplace/coworkers', query }, (json, ctx) =>
        parseList(json, ctx, ['coworkers'], looseParser),
      );
    },
    async coworker(coworkerId) {
      const coworker_id = assertObjectId('coworkerId', coworkerId);
      return call({ method: 'GET', route: '/public/marketplace/coworker/{coworker_id}', params: { coworker_id } }, (json, ctx) =>
        parseRoot(json, ctx, looseParser),
      );
    },
    async hire(coworkerId, organizationId) {
      const coworker_id = assertObjectId('coworkerId', coworkerId);
      const organization_id = assertObjectId('organizationId', organizationId);
      return call(
        { method: 'POST', route: '/marketplace/coworker/{coworker_id}/purchase', params: { coworker_id }, query: { organization_id }, body: {} },
        parseObject,
      );
    },
    async checkUpdate(coworkerId) {
      const coworker_id = assertObjectId('coworkerId', coworkerId);
      return call({ method: 'GET', route: '/marketplace/coworker/update/{coworker_id}/check', params: { coworker_id } }, parseObject);
    },
  };
}
