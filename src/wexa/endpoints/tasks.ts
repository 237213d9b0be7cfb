/** Task endpoints: list, get and the pause / resume / stop actions. */
import type { Config } from '../../config.js';
import type { TaskListParams, WexaApi } from '../api.js';
import { assertCount, assertObjectId } from '../ids.js';
import type { Task } from '../model.js';
import { parseList, parseRoot } from '../parse/common.js';
import { taskParser } from '../parse/tasks.js';
import type { RequestSpec } from '../transport.js';
import type { Call } from './call.js';

/**
 * The tasks list request. Two paths are in use:
 * `GET /tasks/{projectID}` and `GET /tasks/?projectID=`; `config.taskListPath` picks one.
 * `status` is sent as a query parameter; the documented API names no such filter, so callers
 * that need it exact should still check each task's status.
 */
function taskListRequest(taskListPath: Config['taskListPath'], projectID: string, params: TaskListParams): RequestSpec {
  const query = {
    skip: assertCount('skip', params.skip),
    limit: assertCount('limit', params.limit, 1),
    created_by: params.createdBy === undefined ? undefined : assertObjectId('createdBy', params.createdBy),
    status: params.status,
  };
  return taskListPath === 'query'
    ? { method: 'GET', route: '/tasks/', query: { projectID, ...query } }
    : { method: 'GET', route: '/tasks/{projectID}', params: { projectID }, query };
}

/** The `tasks` part of {@link WexaApi}. */
export function tasksApi(call: Call, config: Pick<Config, 'taskListPath'>): WexaApi['tasks'] {
  const action = async (verb: 'pause' | 'resume' | 'stop', projectId: string, taskId: string): Promise<Task> => {
    const projectID = assertObjectId('projectId', projectId);
    const id = assertObjectId('taskId', taskId);
    return call({ method: 'POST', route: `/task/{id}/${verb}`, params: { id }, query: { projectID } }, (json, ctx) =>
      parseRoot(json, ctx, taskParser(projectID)),
    );
  };
  return {
    async list(projectId, params = {}) {
      const projectID = assertObjectId('projectId', projectId);
      return call(taskListRequest(config.taskListPath, projectID, params), (json, ctx) =>
        parseList(json, ctx, ['tasks'], taskParser(projectID)),
      );
    },
    async get(projectId, taskId) {
      const projectID = assertObjectId('projectId', projectId);
      const id = assertObjectId('taskId', taskId);
      return call({ method: 'GET', route: '/task/{id}', params: { id }, query: { projectID } }, (json, ctx) =>
        parseRoot(json, ctx, taskParser(projectID)),
      );
    },
    pause: (projectId, taskId) => action('pause', projectId, taskId),
    resume: (projectId, taskId) => action('resume', projectId, taskId),
    stop: (projectId, taskId) => action('stop', projectId, taskId),
  };
}
