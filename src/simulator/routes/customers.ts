/** Customer routes: the organisation's customer record and its credit history. */
import { checkOwnOrg, limitOf } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';

/** The organisation named by `organization_id` (default: the caller's), checked for access. */
function orgParam(ctx: Ctx): string {
  const id = ctx.query.get('organization_id');
  return id ? checkOwnOrg(ctx, id, 'organization_id') : ctx.orgId;
}

/** The customer routes. */
export const customerRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/customer',
    handler: (ctx) => {
      const customer = ctx.state.customers.get(orgParam(ctx));
      if (!customer) throw new HttpError(404, 'Customer not found');
      return ok(customer);
    },
  },
  {
    method: 'GET',
    pattern: '/customer/credit_history',
    handler: (ctx) => {
      const orgId = orgParam(ctx);
      const rows = ctx.state.credits.filter((r) => r.organization_id === orgId);
      return ok({ total: rows.length, data: limitOf(ctx, rows) });
    },
  },
];
