/**
 * Files (SDK paths, shapes undocumented). Quirks: one file is `/file/{fileId}/` (singular, trailing
 * slash), a connector's files `/files/{projectID}/connector/{connector_id}`; upload is a JSON body
 * of file names and tags, not multipart.
 */
import { BadUserInputError } from '../../errors.js';
import type { WexaApi } from '../api.js';
import { assertObjectId, assertText } from '../ids.js';
import { parseList, parseRoot } from '../parse/common.js';
import { looseParser, parseObject } from '../parse/loose.js';
import type { Call } from './call.js';

/** The `files` part of {@link WexaApi}. */
export function filesApi(call: Call): WexaApi['files'] {
  return {
    async get(projectId, fileId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('fileId', fileId);
      return call({ method: 'GET', route: '/file/{fileId}/', params: { fileId: id }, query: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, looseParser),
      );
    },
    async byConnector(projectId, connectorId) {
      const params = { projectID: assertObjectId('projectId', projectId), connector_id: assertObjectId('connectorId', connectorId) };
      return call({ method: 'GET', route: '/files/{projectID}/connector/{connector_id}', params }, (json, ctx) =>
        parseList(json, ctx, ['files'], looseParser),
      );
    },
    async upload(projectId, input) {
      const projectID = assertObjectId('projectId', projectId);
      if (input.filenames.length === 0) throw new BadUserInputError('filenames must name at least one file.');
      const body = {
        filenames: input.filenames.map((f) => assertText('filenames[]', f, 500)),
        tags: input.tags ?? [],
        source_type: input.sourceType ?? 'STORAGE',
        org_id: assertObjectId('orgId', input.orgId),
        projectID,
      };
      const container_name = assertText('containerName', input.containerName, 200);
      return call({ method: 'POST', route: '/files/upload', query: { projectID, container_name }, body }, parseObject);
    },
  };
}
