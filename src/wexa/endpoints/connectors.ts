/** Connector endpoints: list, get, delete, status change and trigger actions. */
import type { WexaApi } from '../api.js';
import { assertJsonObject, assertObjectId, assertText } from '../ids.js';
import { parseAck } from '../parse/ack.js';
import { parseList, parseRoot } from '../parse/common.js';
import { connectorParser, triggerActionParser } from '../parse/connectors.js';
import type { Call } from './call.js';

/** The `connectors` part of {@link WexaApi}. */
export function connectorsApi(call: Call): WexaApi['connectors'] {
  return {
    async list(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      return call({ method: 'GET', route: '/connectors/{projectID}', params: { projectID } }, (json, ctx) =>
        parseList(json, ctx, ['connectors'], connectorParser),
      );
    },
    async get(connectorId) {
      const id = assertObjectId('connectorId', connectorId);
      return call({ method: 'GET', route: '/connector/{connector_id}', params: { connector_id: id } }, (json, ctx) =>
        parseRoot(json, ctx, connectorParser),
      );
    },
    async delete(projectId, connectorId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('connectorId', connectorId);
      return call({ method: 'DELETE', route: '/connector/{connector_id}', params: { connector_id: id }, query: { projectID } }, parseAck);
    },
    async changeStatus(input) {
      const body = {
        new_status: assertText('status', input.status, 100),
        connectorID: assertObjectId('connectorId', input.connectorId),
        data_loader_config: assertJsonObject('dataLoaderConfig', input.dataLoaderConfig),
      };
      return call({ method: 'POST', route: '/connectors/change_status', body }, parseAck);
    },
    async triggerActions(projectId) {
      const projectID = assertObjectId('projectId', projectId);
      // projectID in the path and again in the query, as the reference records it.
      return call({ method: 'GET', route: '/connectors/{projectID}/trigger_actions', params: { projectID }, query: { projectID } }, (json, ctx) =>
        parseList(json, ctx, ['trigger_actions', 'actions'], triggerActionParser),
      );
    },
  };
}
