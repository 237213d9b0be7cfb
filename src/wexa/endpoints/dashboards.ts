/** Dashboard endpoints (only refresh is documented; get and delete-component paths are our guesses). */
import type { WexaApi } from '../api.js';
import { assertObjectId } from '../ids.js';
import { parseRoot } from '../parse/common.js';
import { dashboardParser } from '../parse/dashboards.js';
import type { Call } from './call.js';

/** The `dashboards` part of {@link WexaApi}. */
export function dashboardsApi(call: Call): WexaApi['dashboards'] {
  return {
    async get(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/dashboard/{projectID}', params: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, dashboardParser(projectID)),
      );
    },
    async refresh(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'POST', route: '/dashboard/refresh/{projectID}', params: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, dashboardParser(projectID)),
      );
    },
    async deleteComponent(projectId, componentId) {
      const params = { projectID: assertObjectId('projectId', projectId), component_id: assertObjectId('componentId', componentId) };
      return call({ method: 'DELETE', route: '/dashboard/{projectID}/component/{component_id}', params }, (json, ctx) =>
        parseRoot(json, ctx, dashboardParser(params.projectID)),
      );
    },
  };
}
