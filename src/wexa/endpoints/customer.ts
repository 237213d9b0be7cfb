/** The customer (organisation) endpoint. */
import type { WexaApi } from '../api.js';
import { assertObjectId } from '../ids.js';
import { parseRoot } from '../parse/common.js';
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
  };
}
