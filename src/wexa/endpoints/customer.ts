/** The customer (organisation) endpoint. */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId } from '../ids.js';
import { creditRowParser } from '../parse/credits.js';
import { parseList, parseRoot } from '../parse/common.js';
import { customerParser } from '../parse/customer.js';
import type { Call } from './call.js';

/** The `customer` part of {@link WexaApi}. */
export function customerApi(call: Call): WexaApi['customer'] {
  return {
    async get(organizationId) {
      const orgId = organizationId === undefined ? undefined : assertObjectId('organizationId', organizationId);
      return call({ method: 'GET', route: '/customer', query: { organization_id: orgId } }, (json, ctx) =>
        parseRoot(json, ctx, customerParser(orgId)),
      );
    },
    async creditHistory(params = {}) {
      const query = {
        organization_id: params.organizationId === undefined ? undefined : assertObjectId('organizationId', params.organizationId),
        limit: assertCount('limit', params.limit, 1),
      };
      return call({ method: 'GET', route: '/customer/credit_history', query }, (json, ctx) =>
        parseList(json, ctx, ['credit_history', 'history'], creditRowParser),
      );
    },
  };
}
