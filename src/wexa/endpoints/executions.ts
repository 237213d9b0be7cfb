/** Execution endpoints: list, get, create, the execute / pause / resume / cancel transitions, monitor. */
import type { Config } from '../../config.js';
import type { WexaApi } from '../api.js';
import { assertCount, assertExecutionId, assertJsonObject, assertObjectId, assertText } from '../ids.js';
import type { ExecutionStatusChange } from '../model.js';
import { contractError, isRecord, parseList, parseRoot } from '../parse/common.js';
import { executionParser, parseStatusChange } from '../parse/executions.js';
import type { Call } from './call.js';

/**
 * Where cancel is sent. Two paths are in use, the documented
 * `POST /execute_flow/{execution_id}` and the SDK's `.../cancel`; `config.cancelPath` picks one.
 */
function cancelRoute(cancelPath: Config['cancelPath']): string {
  return cancelPath === 'sdk' ? '/execute_flow/{execution_id}/cancel' : '/execute_flow/{execution_id}';
}

/** The `executions` part of {@link WexaApi}. */
export function executionsApi(call: Call, config: Pick<Config, 'cancelPath'>): WexaApi['executions'] {
  const transition = async (route: string, projectId: string, executionId: string): Promise<ExecutionStatusChange> => {
    const projectID = assertObjectId('projectId', projectId);
    const id = assertExecutionId('executionId', executionId);
    // projectID goes in the query and the body, as documented for execute / pause / cancel.
    return call(
      { method: 'POST', route, params: { execution_id: id }, query: { projectID }, body: { projectID, execution_id: id } },
      (json, ctx) => parseStatusChange(json, ctx, id),
    );
  };

  return {
    async list(projectId, params = {}) {
      const projectID = assertObjectId('projectId', projectId);
      const query = {
        projectID,
        skip: assertCount('skip', params.skip),
        limit: assertCount('limit', params.limit, 1),
        status: params.status,
        agentflow_id: params.agentflowId === undefined ? undefined : assertObjectId('agentflowId', params.agentflowId),
      };
      return call({ method: 'GET', route: '/{projectID}/execution_flows', params: { projectID }, query }, (json, ctx) =>
        parseList(json, ctx, ['executions', 'execution_flows'], executionParser(projectID)),
      );
    },
    async get(projectId, executionId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertExecutionId('executionId', executionId);
      return call({ method: 'GET', route: '/execute_flow/{execution_id}', params: { execution_id: id }, query: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, executionParser(projectID)),
      );
    },
    async create(projectId, input) {
      const projectID = assertObjectId('projectId', projectId);
      const body = {
        agentflow_id: assertObjectId('agentflowId', input.agentflowId),
        executed_by: assertObjectId('executedBy', input.executedBy),
        goal: assertText('goal', input.goal, 100_000),
        input_variables: assertJsonObject('inputVariables', input.inputVariables),
        projectID,
      };
      return call({ method: 'POST', route: '/execute_flow', query: { projectID }, body }, (json, ctx) =>
        parseRoot(json, ctx, executionParser(projectID)),
      );
    },
    execute: (projectId, executionId) => transition('/execute_flow/{execution_id}/execute', projectId, executionId),
    pause: (projectId, executionId) => transition('/execute_flow/{execution_id}/pause', projectId, executionId),
    resume: (projectId, executionId) => transition('/execute_flow/{execution_id}/resume', projectId, executionId),
    cancel: (projectId, executionId) => transition(cancelRoute(config.cancelPath), projectId, executionId),
    async monitor(agentflowId) {
      const id = assertObjectId('agentflowId', agentflowId);
      return call({ method: 'GET', route: '/execute_flow/{agentflow_id}/monitor', params: { agentflow_id: id } }, (json, ctx) =>
        isRecord(json) ? json : contractError(ctx, '$', 'must be an object'),
      );
    },
  };
}
