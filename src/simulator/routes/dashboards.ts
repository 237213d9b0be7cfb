/** Dashboard routes: get (guessed path), refresh, delete a component (guessed path). */
import { requireProject } from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { refreshDashboardData } from '../dashboard-data.js';
import { HttpError } from '../http.js';
import type { DashboardRec } from '../types.js';

function dashboardOf(ctx: Ctx): DashboardRec {
  const project = requireProject(ctx, ctx.params['projectID']!);
  const dash = ctx.state.dashboards.get(project._id);
  if (!dash) throw new HttpError(404, 'Dashboard not found');
  return dash;
}

/** The dashboard routes. */
export const dashboardRoutes: Route[] = [
  { method: 'GET', pattern: '/dashboard/{projectID}', handler: (ctx) => ok(dashboardOf(ctx)) },
  {
    method: 'POST',
    pattern: '/dashboard/refresh/{projectID}',
    handler: (ctx) => {
      const dash = dashboardOf(ctx);
      refreshDashboardData(ctx.state, dash);
      return ok(dash);
    },
  },
  {
    method: 'DELETE',
    pattern: '/dashboard/{projectID}/component/{component_id}',
    handler: (ctx) => {
      const dash = dashboardOf(ctx);
      const id = ctx.params['component_id']!;
      if (!dash.components.some((c) => c.component_id === id)) throw new HttpError(404, 'Component not found');
      dash.components = dash.components.filter((c) => c.component_id !== id);
      dash.position = dash.position.filter((p) => p['i'] !== id);
      return ok(dash);
    },
  },
];
