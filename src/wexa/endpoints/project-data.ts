/**
 * A project's analytics, settings and tags (SDK paths; shapes undocumented, so returned verbatim).
 * Quirk: tags are `/tagsbyprojectId/{projectID}`, settings `/settings/{projectID}` (project in the
 * path), analytics `/analytics?projectID=` (in the query).
 */
import type { WexaApi } from '../api.js';
import { assertObjectId } from '../ids.js';
import { parseList } from '../parse/common.js';
import { looseParser, parseObject } from '../parse/loose.js';
import type { Call } from './call.js';

/** The `projectData` part of {@link WexaApi}. */
export function projectDataApi(call: Call): WexaApi['projectData'] {
  return {
    async analytics(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/analytics', query: { projectID } }, parseObject);
    },
    async settings(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/settings/{projectID}', params: { projectID } }, parseObject);
    },
    async tags(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/tagsbyprojectId/{projectID}', params: { projectID } }, (json, ctx) =>
        parseList(json, ctx, ['tags'], looseParser),
      );
    },
  };
}
