/**
 * Skill endpoints (paths from the SDK; only *get by id* has a stored example). Quirk: *by category*
 * spells the project parameter `projectId` (lower-case d); *by name* is the list with a `name` query.
 */
import type { WexaApi } from '../api.js';
import { assertCount, assertObjectId, assertText } from '../ids.js';
import { skillParser } from '../parse/agentflows.js';
import { parseList, parseRoot } from '../parse/common.js';
import type { Call } from './call.js';

/** The `skills` part of {@link WexaApi}. */
export function skillsApi(call: Call): WexaApi['skills'] {
  return {
    async list(projectId, params = {}) {
      const query = {
        projectID: assertObjectId('projectId', projectId),
        limit: assertCount('limit', params.limit, 1),
        name: params.name === undefined ? undefined : assertText('name', params.name, 200),
      };
      return call({ method: 'GET', route: '/skills/', query }, (json, ctx) => parseList(json, ctx, ['skills'], skillParser));
    },
    async byCategory(projectId, category, params = {}) {
      const query = {
        projectId: assertObjectId('projectId', projectId),
        category: assertText('category', category, 100),
        limit: assertCount('limit', params.limit, 1),
      };
      return call({ method: 'GET', route: '/skills/category', query }, (json, ctx) => parseList(json, ctx, ['skills'], skillParser));
    },
    async get(skillId) {
      const id = assertObjectId('skillId', skillId);
      // The key goes in the header only, although the doc sample also puts it in the query.
      return call({ method: 'GET', route: '/skills/{skill_id}', params: { skill_id: id } }, (json, ctx) => parseRoot(json, ctx, skillParser));
    },
    async create(projectId, input) {
      const projectID = assertObjectId('projectId', projectId);
      const body = {
        name: assertText('name', input.name, 200),
        logo: input.logo ?? '',
        connector_name: assertText('connectorName', input.connectorName, 200),
        description: input.description,
        projectID,
        connector_id: assertObjectId('connectorId', input.connectorId),
        // Nullable but always present in the documented body.
        user_id: input.userId == null ? null : assertObjectId('userId', input.userId),
      };
      return call({ method: 'POST', route: '/skills/', body }, (json, ctx) => parseRoot(json, ctx, skillParser));
    },
  };
}
