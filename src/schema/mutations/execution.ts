/**
 * Execution and task mutations: start (create + execute in one step), pause, resume, cancel, and
 * the task-level pause / resume / stop. Each calls the upstream directly, primes the loaders with
 * what it learned and tells the live layer, so subscribers see the change at once.
 */
import type { GraphContext } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import type { Task } from '../../wexa/model.js';
import { builder } from '../builder.js';
import { ExecutionRef, TaskRef } from '../refs.js';
import { checkIdempotencyKey } from '../idempotency-store.js';
import { requireObject, requireText } from './inputs.js';

/** Reads an execution fresh after a change (dropping anything the loader held) and announces the change. */
async function reloadExecution(ctx: GraphContext, projectId: string, executionId: string) {
  ctx.live.executionChanged(projectId, executionId);
  const key = { projectId, id: executionId };
  const execution = await ctx.loaders.execution.clear(key).load(key);
  if (execution.taskId !== null) {
    ctx.loaders.task.clear({ projectId, id: execution.taskId });
    ctx.live.taskChanged(projectId, execution.taskId);
  }
  return execution;
}

builder.relayMutationField(
  'startExecution',
  {
    description: 'Creates an execution of an agentflow and starts it, in one step.',
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      agentflowId: t.id({ required: true }),
      goal: t.string({ required: true, description: 'What the agentflow should achieve.' }),
      inputVariables: t.field({ type: 'JSON', required: false, description: 'A JSON object of input variables.' }),
      executedBy: t.id({ required: false, description: "The Wexa user id it runs as; defaults to the key's user." }),
      idempotencyKey: t.string({
        required: false,
        description:
          'Any string of yours (up to 200 characters). The same key again, by the same API key within IDEMPOTENCY_TTL_S ' +
          '(default an hour), returns the execution the first request started and starts nothing new.',
      }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const goal = requireText('goal', input.goal);
      const inputVariables = requireObject('inputVariables', input.inputVariables);
      const start = async () => {
        const executedBy = input.executedBy ?? (await ctx.wexa.customer.get()).userId;
        if (!executedBy) throw new BadUserInputError("executedBy is required: the key's user could not be determined.");
        const created = await ctx.wexa.executions.create(input.projectId, {
          agentflowId: input.agentflowId,
          executedBy,
          goal,
          inputVariables,
        });
        await ctx.wexa.executions.execute(input.projectId, created.id);
        return { executionId: created.id };
      };
      const { executionId } =
        input.idempotencyKey === null || input.idempotencyKey === undefined || ctx.apiKey === null
          ? await start()
          : await ctx.idempotency.once(
              ctx.apiKey,
              checkIdempotencyKey(input.idempotencyKey),
              JSON.stringify([input.projectId, input.agentflowId, goal, inputVariables ?? null, input.executedBy ?? null]),
              start,
            );
      return { execution: await reloadExecution(ctx, input.projectId, executionId) };
    },
  },
  { outputFields: (t) => ({ execution: t.field({ type: ExecutionRef, resolve: (p) => p.execution }) }) },
);

for (const [name, action, description] of [
  ['pauseExecution', 'pause', 'Pauses a ready or running execution.'],
  ['resumeExecution', 'resume', 'Resumes a paused execution.'],
  ['cancelExecution', 'cancel', 'Cancels an execution that has not ended.'],
] as const) {
  builder.relayMutationField(
    name,
    {
      description,
      inputFields: (t) => ({
        projectId: t.id({ required: true }),
        executionId: t.id({ required: true, description: 'The execution UUID.' }),
      }),
    },
    {
      description: `${description} An invalid transition fails with INVALID_TRANSITION.`,
      resolve: async (_root, { input }, ctx) => {
        await ctx.wexa.executions[action](input.projectId, input.executionId);
        return { execution: await reloadExecution(ctx, input.projectId, input.executionId) };
      },
    },
    { outputFields: (t) => ({ execution: t.field({ type: ExecutionRef, resolve: (p) => p.execution }) }) },
  );
}

for (const [name, action, description] of [
  ['pauseTask', 'pause', "Pauses a task's ready and running executions."],
  ['resumeTask', 'resume', "Resumes a task's paused executions."],
  ['stopTask', 'stop', "Stops a task: cancels every execution of it that has not ended."],
] as const) {
  builder.relayMutationField(
    name,
    {
      description,
      inputFields: (t) => ({ projectId: t.id({ required: true }), taskId: t.id({ required: true }) }),
    },
    {
      description,
      resolve: async (_root, { input }, ctx) => {
        const task: Task = await ctx.wexa.tasks[action](input.projectId, input.taskId);
        ctx.loaders.task.clear({ projectId: task.projectId, id: task.id }).prime({ projectId: task.projectId, id: task.id }, task);
        for (const executionId of task.executionIds) {
          ctx.loaders.execution.clear({ projectId: task.projectId, id: executionId });
          ctx.live.executionChanged(task.projectId, executionId);
        }
        ctx.live.taskChanged(task.projectId, task.id);
        return { task };
      },
    },
    { outputFields: (t) => ({ task: t.field({ type: TaskRef, resolve: (p) => p.task }) }) },
  );
}
