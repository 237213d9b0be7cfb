/** Inbox, customer, credit history and skill routes. */
import { checkObjectId, intQuery, requireProjectParam, requireSkill } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { HttpError } from '../http.js';

/** The organisation named by `organization_id` (default: the caller's), checked for access. */
function orgParam(ctx: Ctx): string {
  const id = ctx.query.get('organization_id');
  if (!id) return ctx.orgId;
  checkObjectId(id, 'organization_id');
  if (!ctx.state.orgs.has(id)) throw new HttpError(404, 'Organization not found');
  if (id !== ctx.orgId) throw new HttpError(403, 'Not allowed to access this organization');
  return id;
}

/** The inbox, customer, credit-history and skill routes. */
export const miscRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/inbox',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const limit = intQuery(ctx, 'limit', null);
      const all = [...ctx.state.inbox.values()].filter((r) => r.projectID === project._id).sort((a, b) => b.created_at - a.created_at);
      return ok({ total_count: all.length, inbox_requests: limit === null ? all : all.slice(0, limit) });
    },
  },
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
      const limit = intQuery(ctx, 'limit', null);
      const rows = ctx.state.credits.filter((r) => r.organization_id === orgId);
      return ok({ total: rows.length, data: limit === null ? rows : rows.slice(0, limit) });
    },
  },
  { method: 'GET', pattern: '/skills/{skill_id}', handler: (ctx) => ok(requireSkill(ctx, ctx.params['skill_id']!)) },
];
