/** Parser for the customer (organisation) object. */
import type { Customer } from '../model.js';
import { FieldReader, type ItemParser } from './common.js';
import { readCustomerAccount } from './credits.js';

/** Parses `GET /customer`; `fallbackOrganizationId` is used when the upstream omits the id. */
export function customerParser(fallbackOrganizationId?: string): ItemParser<Customer> {
  return (value, path, ctx) => {
    const r = FieldReader.of(value, path, ctx);
    return {
      organizationId: r.strOr(['organization_id', 'orgId', 'organizationId'], fallbackOrganizationId),
      organizationName: r.optStr('organization_name'),
      userId: r.optStr('user_id'),
      email: r.optStr('email'),
      plan: r.optStr('plan'),
      account: readCustomerAccount(r),
      extra: r.extra(),
    };
  };
}
