/** `/v1/project` endpoints (paths per the SDK; the doc bodies were not retrievable). */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { parseList, parseRoot } from '../parse/common.js';
import { parseProject } from '../parse/projects.js';
import type { Call } from './call.js';

/** The `projects` part of {@link WexaApi}. */
export function projectsApi(call: Call): WexaApi['projects'] {
  return {
    async list(params = {}) {
      const query = {
        page: assertCount('page', params.page, 1),
        limit: assertCount('limit', params.limit, 1),
        status: params.status,
        orgId: params.orgId === undefined ? undefined : assertObjectId('orgId', params.orgId),
        userId: params.userId === undefined ? undefined : assertObjectId('userId', params.userId),
      };
      return call({ method: 'GET', route: '/v1/project', query }, (json, ctx) => parseList(json, ctx, ['projects'], parseProject));
    },
    async get(projectId) {
      const id = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/v1/project/{projectId}', params: { projectId: id } }, (json, ctx) =>
        parseRoot(json, ctx, parseProject),
      );
    },
    async create(input) {
      const body = {
        orgId: assertObjectId('orgId', input.orgId),
        projectName: assertText('name', input.name, 200),
        description: typeof input.description === 'string' ? input.description : '',
        coworker_role: assertText('coworkerRole', input.coworkerRole, 200),
        ...(input.status === undefined ? {} : { status: input.status }),
      };
      return call({ method: 'POST', route: '/v1/project', body }, (json, ctx) => parseRoot(json, ctx, parseProject));
    },
    async update(projectId, input) {
      const id = assertObjectId('projectId', projectId);
      const body = {
        orgId: assertObjectId('orgId', input.orgId),
        ...(input.name === undefined ? {} : { projectName: assertText('name', input.name, 200) }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.coworkerRole === undefined ? {} : { coworker_role: assertText('coworkerRole', input.coworkerRole, 200) }),
      };
      // The update endpoint takes the id in the query, spelled `projectId` (lower-case d).
      return call({ method: 'PUT', route: '/v1/project', query: { projectId: id }, body }, (json, ctx) =>
        parseRoot(json, ctx, parseProject),
      );
    },
    async delete(projectId) {
      const id = assertObjectId('projectId', projectId);
      return call({ method: 'DELETE', route: '/v1/project/{projectId}', params: { projectId: id } }, parseAck);
    },
    async listForUser(userId) {
      const query = { userId: assertObjectId('userId', userId) };
      return call({ method: 'GET', route: '/v1/project/all', query }, (json, ctx) => parseList(json, ctx, ['projects'], parseProject));
    },
    async getByName(name) {
      const projectName = assertText('name', name, 200);
      // The one project route without the `/v1` prefix.
      return call({ method: 'GET', route: '/project/projectName/{projectName}', params: { projectName } }, (json, ctx) =>
        parseRoot(json, ctx, parseProject),
      );
    },
  };
}
