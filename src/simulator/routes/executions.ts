/** Execution routes (`/execute_flow...`, `/{projectID}/execution_flows`). */
import {
  bodyString, checkObjectId, inQueryProject, newestFirst, pageOf, requireAgentflow, requireExecution, requirePathProject,
  requireProjectParam,
} from '../access.js';
import { ok, type Ctx, type Route } from '../core.js';
import { buildExecution, buildTask, userOf } from '../factory.js';
import { HttpError } from '../http.js';
import { makeObjectId, nextObjectId } from '../prng.js';
import { addExecutionToTask, countByStatus } from '../store.js';
import { nowSeconds } from '../time.js';
import { EXEC_STATUSES, type ExecStatus, type ExecutionRec, type Json } from '../types.js';

/**
 * An execution as the wire shows it: with `waitMarkers` off, without what it waits on (the
 * documented shape, `previews: {}`), so only the inbox says who waits.
 */
function wire(ctx: Ctx, exec: ExecutionRec): ExecutionRec {
  return ctx.core.waitMarkers ? exec : { ...exec, previews: {}, runtime_inputs: {}, anomaly_detected: null };
}

/** The execution in the path, checked against the `projectID` query parameter when given. */
function execInProject(ctx: Ctx): ExecutionRec {
  return inQueryProject(ctx, 'Execution', () => requireExecution(ctx, ctx.params['execution_id']!));
}

/**
 * A lifecycle action on the path's execution, answered `{execution_id, status}` with the status the
 * upstream reports (`execute` acknowledges with `ready`, as documented).
 */
function lifecycleAction(action: 'execute' | 'pause' | 'resume' | 'cancel', status: ExecStatus): Route['handler'] {
  return (ctx) => {
    const exec = execInProject(ctx);
    ctx.core.engine[action](exec);
    return ok({ execution_id: exec.execution_id, status });
  };
}

const cancel = lifecycleAction('cancel', 'cancelled');

/** The execution routes. */
export const executionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/{projectID}/execution_flows',
    handler: (ctx) => {
      const project = requirePathProject(ctx);
      const status = ctx.query.get('status');
      if (status && !EXEC_STATUSES.includes(status as ExecStatus)) throw new HttpError(400, `Unknown status ${status}`);
      const flowId = ctx.query.get('agentflow_id');
      if (flowId) checkObjectId(flowId, 'agentflow_id');
      const list = [...ctx.state.executions.values()].filter(
        (e) => e.projectID === project._id && (!status || e.status === status) && (!flowId || e.agentflow_id === flowId),
      );
      return ok(pageOf(ctx, newestFirst(list).map((e) => wire(ctx, e))));
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
  { method: 'GET', pattern: '/execute_flow/{execution_id}', handler: (ctx) => ok(wire(ctx, execInProject(ctx))) },
  { method: 'POST', pattern: '/execute_flow/{execution_id}/execute', handler: lifecycleAction('execute', 'ready') },
  { method: 'POST', pattern: '/execute_flow/{execution_id}/pause', handler: lifecycleAction('pause', 'paused') },
  { method: 'POST', pattern: '/execute_flow/{execution_id}/resume', handler: lifecycleAction('resume', 'running') },
  { method: 'POST', pattern: '/execute_flow/{execution_id}', handler: cancel },
  { method: 'POST', pattern: '/execute_flow/{execution_id}/cancel', handler: cancel },
  {
    method: 'GET',
    pattern: '/execute_flow/{agentflow_id}/monitor',
    handler: (ctx) => {
      const af = requireAgentflow(ctx, ctx.params['agentflow_id']!);
      const execs = [...ctx.state.executions.values()].filter((e) => e.agentflow_id === af._id);
      const running = newestFirst(execs.filter((e) => e.status === 'running')).map((e) => e.execution_id);
      return ok({ agentflow_id: af._id, status_count: countByStatus(execs), running, total: execs.length });
    },
  },
];
