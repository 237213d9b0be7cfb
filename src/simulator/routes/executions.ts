/** Execution routes (`/execute_flow...`, `/{projectID}/execution_flows`). */
import {
  bodyString, checkObjectId, checkOptionalProjectParam, newestFirst, pageOf, requireAgentflow, requireExecution,
  requireProject, requireProjectParam,
} from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { buildExecution, buildTask, userOf } from '../factory.js';
import { HttpError } from '../http.js';
import { makeObjectId, nextObjectId, nowSeconds } from '../prng.js';
import { addExecutionToTask } from '../store.js';
import { EXEC_STATUSES, type ExecStatus, type ExecutionRec, type Json } from '../types.js';

/** The execution in the path, checked against the `projectID` query parameter when given. */
function execInProject(ctx: Ctx): ExecutionRec {
  checkOptionalProjectParam(ctx);
  const exec = requireExecution(ctx, ctx.params['execution_id']!);
  const projectId = ctx.query.get('projectID');
  if (projectId && projectId !== exec.projectID) throw new HttpError(404, 'Execution not found in this project');
  return exec;
}

function cancel(ctx: Ctx): ReturnType<Route['handler']> {
  const exec = execInProject(ctx);
  ctx.core.engine.cancel(exec);
  return ok({ execution_id: exec.execution_id, status: 'cancelled' });
}

/** The execution routes. */
export const executionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/{projectID}/execution_flows',
    handler: (ctx) => {
      const project = requireProject(ctx, ctx.params['projectID']!);
      const q = ctx.query.get('projectID');
      if (q && q !== project._id) throw new HttpError(400, 'projectID in query and path differ');
      const status = ctx.query.get('status');
      if (status && !EXEC_STATUSES.includes(status as ExecStatus)) throw new HttpError(400, `Unknown status ${status}`);
      const flowId = ctx.query.get('agentflow_id');
      if (flowId) checkObjectId(flowId, 'agentflow_id');
      const list = [...ctx.state.executions.values()].filter(
        (e) => e.projectID === project._id && (!status || e.status === status) && (!flowId || e.agentflow_id === flowId),
      );
      return ok(pageOf(ctx, newestFirst(list)));
    },
  },
  {
    method: 'POST',
    pattern: '/execute_flow',
    handler: (ctx) => {
      const project = requireProjectParam(ctx);
      const afId = checkObjectId(bodyString(ctx.body, 'agentflow_id'), 'agentflow_id');
      const userId = checkObjectId(bodyString(ctx.body, 'executed_by'), 'executed_by');
      const goal = bodyString(ctx.body, 'goal');
      const vars = ctx.body['input_variables'] ?? {};
      if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw new HttpError(400, 'Field input_variables must be an object');
      const af = requireAgentflow(ctx, afId);
      if (af.projectID !== project._id) throw new HttpError(400, 'The agentflow does not belong to this project');
      const now = nowSeconds();
      const objectId = makeObjectId(ctx.state.rng, now);
      const exec = buildExecution({
        objectId, executionId: ctx.state.rng.uuid(), taskId: nextObjectId(objectId), af, goal,
        inputVariables: vars as Json, user: userOf(ctx.state.orgs.values(), userId), at: now,
      });
      const task = buildTask(exec.task_id, af, userId, now);
      ctx.state.executions.set(exec.execution_id, exec);
      addExecutionToTask(ctx.state, task, exec, now);
      ctx.state.tasks.set(task._id, task);
      af.last_used = now;
      return { status: 201, body: exec };
    },
  },
  { method: 'GET', pattern: '/execute_flow/{execution_id}', handler: (ctx) => ok(execInProject(ctx)) },
  {
    method: 'POST',
    pattern: '/execute_flow/{execution_id}/execute',
    handler: (ctx) => {
      const exec = execInProject(ctx);
      ctx.core.engine.execute(exec);
      return ok({ execution_id: exec.execution_id, status: 'ready' });
    },
  },
  {
    method: 'POST',
    pattern: '/execute_flow/{execution_id}/pause',
    handler: (ctx) => {
      const exec = execInProject(ctx);
      ctx.core.engine.pause(exec);
      return ok({ execution_id: exec.execution_id, status: 'paused' });
    },
  },
  {
    method: 'POST',
    pattern: '/execute_flow/{execution_id}/resume',
    handler: (ctx) => {
      const exec = execInProject(ctx);
      ctx.core.engine.resume(exec);
      return ok({ execution_id: exec.execution_id, status: 'running' });
    },
  },
  { method: 'POST', pattern: '/execute_flow/{execution_id}', handler: cancel },
  { method: 'POST', pattern: '/execute_flow/{execution_id}/cancel', handler: cancel },
  {
    method: 'GET',
    pattern: '/execute_flow/{agentflow_id}/monitor',
    handler: (ctx) => {
      const af = requireAgentflow(ctx, ctx.params['agentflow_id']!);
      const execs = [...ctx.state.executions.values()].filter((e) => e.agentflow_id === af._id);
      const statusCount: Partial<Record<ExecStatus, number>> = {};
      for (const e of execs) statusCount[e.status] = (statusCount[e.status] ?? 0) + 1;
      const running = newestFirst(execs.filter((e) => e.status === 'running')).map((e) => e.execution_id);
      return ok({ agentflow_id: af._id, status_count: statusCount, running, total: execs.length });
    },
  },
];
