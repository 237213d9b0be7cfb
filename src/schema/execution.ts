/**
 * `Execution`: one run of an agentflow. The node and every field of it (human in the loop too:
 * `waitingOnHuman`, `waitingFor`, `pendingInboxRequest`, `inboxRequests`; the `InboxRequest` type is
 * in `inbox/`), `Query.execution`, and the execution mutations: start (create + execute in one
 * step), pause, resume, cancel. Each mutation calls the upstream, then `ctx.changed.execution` reads
 * the execution again and tells the live layer, so subscribers see the change at once.
 *
 * Executions embedded in a task are summaries (`complete: false`). Fields a summary has (status,
 * goal, conclusion, links to project/agentflow/task) resolve from it; the others load the full
 * execution through the loader, once per operation.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { checkIdempotencyKey } from '../idempotency.js';
import { agentflowById } from '../loaders/agentflows.js';
import { customer } from '../loaders/customer.js';
import { executionById } from '../loaders/executions.js';
import { inboxList, inboxRequestById } from '../loaders/inbox.js';
import { taskById } from '../loaders/tasks.js';
import { TERMINAL_EXECUTION_STATUSES, type AgentOutput, type Conclusion, type Execution, type InboxKind, type InboxRequest } from '../wexa/model.js';
import { agentOf } from './agentflow.js';
import { builder } from './builder.js';
import { InboxRequestConnection, pageArgs } from './connections.js';
import { ExecutionStatusEnum, InboxRequestKindEnum } from './enums.js';
import { wexaIdField } from './fields.js';
import { requireText } from './inputs.js';
import { orNullIfMissing, projectAgentflowLink, projectLink } from './links.js';
import { joinId, splitId } from './node.js';
import { sliceConnection } from './paging.js';
import { AgentRef, ExecutionRef, InboxRequestRef, TaskRef } from './refs.js';
import { selectsOnly } from './selection.js';
import { TASK_ID_ONLY_FIELDS, taskStub } from './task.js';
import { UserRef } from './user.js';

const ConclusionRef = builder.objectRef<Conclusion>('Conclusion').implement({
  description: 'What an execution concluded, as Markdown.',
  fields: (t) => ({
    markdown: t.exposeString('markdown'),
    links: t.field({ type: 'JSON', resolve: (c) => c.links }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
  }),
});

/** An agent output with the execution's agentflow, to resolve the agent. */
interface OutputInRun {
  output: AgentOutput;
  agentflowId: string | null;
}

const AgentOutputRef = builder.objectRef<OutputInRun>('AgentOutput').implement({
  description: "One agent's contribution to an execution.",
  fields: (t) => ({
    agentId: t.string({ nullable: true, resolve: (o) => o.output.agentId }),
    title: t.string({ nullable: true, resolve: (o) => o.output.title }),
    status: t.string({ nullable: true, resolve: (o) => o.output.status }),
    output: t.string({ nullable: true, resolve: (o) => o.output.output }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.output.createdAt }),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      description: 'The agent in the live agentflow, or null when it no longer exists there.',
      resolve: async ({ output, agentflowId }, _args, ctx) => {
        if (agentflowId === null || output.agentId === null) return null;
        const flow = await orNullIfMissing(ctx.loaders.get(agentflowById).load(agentflowId));
        return flow ? agentOf(flow, output.agentId) : null;
      },
    }),
  }),
});

/**
 * The full execution behind `execution`: itself when complete, else (a summary embedded in a task)
 * loaded through the execution loader. Only fields a summary lacks call this.
 */
async function loadFull(ctx: GraphContext, execution: Execution): Promise<Execution> {
  if (execution.complete) return execution;
  return ctx.loaders.get(executionById).load({ projectId: execution.projectId, id: execution.id });
}

/** Resolves a field that execution summaries lack, from the full execution. */
const full =
  <T>(pick: (e: Execution) => T) =>
  async (e: Execution, _args: unknown, ctx: GraphContext): Promise<T> =>
    pick(await loadFull(ctx, e));

/** What an execution waits on a person for, and the request to answer (null when it is not known). */
interface HumanWaitNow {
  kind: InboxKind;
  request: InboxRequest | null;
}

const isPending = (r: InboxRequest): boolean => (r.status ?? '').toLowerCase() === 'pending';

/**
 * Whether the execution waits on a person now. What Wexa documents comes first: a pending request in
 * the project's inbox naming the execution (`execution_id`) means it waits, whatever its own fields
 * say (the documented execution carries `previews: {}`). Then what the execution itself records, when
 * the upstream records it (a marker naming the request, or only its kind). An execution that has
 * ended waits on nobody, and costs no read.
 */
async function humanWaitOf(ctx: GraphContext, execution: Execution): Promise<HumanWaitNow | null> {
  if (TERMINAL_EXECUTION_STATUSES.has(execution.status)) return null;
  const inbox = await ctx.loaders.get(inboxList).load(execution.projectId);
  const listed = inbox.items.find((r) => r.executionId === execution.id && isPending(r));
  if (listed) return { kind: listed.details?.kind ?? 'unknown', request: listed };
  const marker = (await loadFull(ctx, execution)).waitingOn;
  if (!marker) return null;
  const request =
    marker.inboxRequestId === null
      ? null
      : await orNullIfMissing(ctx.loaders.get(inboxRequestById).load({ projectId: execution.projectId, id: marker.inboxRequestId }));
  return { kind: marker.kind, request };
}

builder.node(ExecutionRef, {
  id: { resolve: (e) => joinId(e.projectId, e.id), parse: (id) => splitId('Execution', id) },
  loadOne: ({ parentId, id }, ctx: GraphContext) => ctx.loaders.get(executionById).load({ projectId: parentId, id }),
  description: 'One run of an agentflow towards a goal.',
  fields: (t) => ({
    wexaId: wexaIdField(t, 'The execution UUID, which every endpoint and mutation takes.'),
    // Exposed rather than resolved: compiled execution reads a plain property without building resolve info per item.
    status: t.expose('status', { type: ExecutionStatusEnum }),
    statusRaw: t.exposeString('statusRaw', { description: 'The status exactly as the upstream sent it.' }),
    goal: t.exposeString('goal', { nullable: true }),
    conclusion: t.expose('conclusion', { type: ConclusionRef, nullable: true }),
    error: t.string({ nullable: true, description: 'Why a failed execution failed.', resolve: full((e) => e.error) }),
    inputVariables: t.field({ type: 'JSON', resolve: full((e) => e.inputVariables) }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: full((e) => e.createdAt) }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: full((e) => e.endedAt) }),
    executedBy: t.field({ type: UserRef, nullable: true, resolve: full((e) => e.executedBy) }),
    agentOutputs: t.field({
      type: [AgentOutputRef],
      resolve: full((e) => e.agentOutputs.map((output) => ({ output, agentflowId: e.agentflowId }))),
    }),
    project: projectLink(t),
    agentflow: projectAgentflowLink(
      t,
      (e) => (e.agentflowId === null ? null : { projectId: e.projectId, id: e.agentflowId }),
      'The agentflow as it is now (it may have changed since the execution started); null once deleted.',
    ),
    task: t.field({
      type: TaskRef,
      nullable: true,
      resolve: (e, _args, ctx, info) => {
        if (e.taskId === null) return null;
        // A task asked only for what its ids give (see TASK_ID_ONLY_FIELDS) is not read: the execution
        // itself vouches for the task id. The price is that a task deleted since still answers with
        // its ids instead of null; selecting any other field reads it and answers null as before.
        if (selectsOnly(info, TASK_ID_ONLY_FIELDS)) return taskStub(e.projectId, e.taskId);
        return orNullIfMissing(ctx.loaders.get(taskById).load({ projectId: e.projectId, id: e.taskId }));
      },
    }),
    parent: t.field({
      type: ExecutionRef,
      nullable: true,
      description: 'The execution that spawned this one, if any.',
      resolve: async (e, _args, ctx) => {
        const parentId = (await loadFull(ctx, e)).parentExecutionId;
        return parentId === null
          ? null
          : orNullIfMissing(ctx.loaders.get(executionById).load({ projectId: e.projectId, id: parentId }));
      },
    }),
    inboxRequests: t.field({
      type: InboxRequestConnection,
      args: pageArgs(t.arg),
      description: "Requests for a human that this execution raised (from its project's inbox).",
      resolve: async (e, args, ctx) => {
        const list = await ctx.loaders.get(inboxList).load(e.projectId);
        const mine = list.items.filter((r) => r.executionId === e.id);
        return sliceConnection(args, ctx.config, mine, list.complete);
      },
    }),
    waitingOnHuman: t.boolean({
      description: 'True while the execution waits on a person (a preview, a runtime input or an anomaly); its status stays RUNNING meanwhile.',
      resolve: async (e, _args, ctx) => (await humanWaitOf(ctx, e)) !== null,
    }),
    waitingFor: t.field({
      type: InboxRequestKindEnum,
      nullable: true,
      description: 'What the execution waits on a person for, or null.',
      resolve: async (e, _args, ctx) => (await humanWaitOf(ctx, e))?.kind ?? null,
    }),
    pendingInboxRequest: t.field({
      type: InboxRequestRef,
      nullable: true,
      description: 'The inbox request the execution waits on, to answer with approvePreview, answerRuntimeInput or acknowledgeAnomaly.',
      resolve: async (e, _args, ctx) => (await humanWaitOf(ctx, e))?.request ?? null,
    }),
  }),
});

builder.queryField('execution', (t) =>
  t.field({
    type: ExecutionRef,
    nullable: true,
    args: {
      projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }),
      id: t.arg.id({ required: true, description: 'The execution UUID.' }),
    },
    resolve: (_root, args, ctx) => ctx.loaders.get(executionById).load({ projectId: args.projectId, id: args.id }),
  }),
);

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
      const start = async () => {
        const executedBy = input.executedBy ?? (await ctx.loaders.get(customer).load('self')).userId;
        if (!executedBy) throw new BadUserInputError("executedBy is required: the key's user could not be determined.");
        const created = await ctx.wexa.executions.create(input.projectId, {
          agentflowId: input.agentflowId,
          executedBy,
          goal,
          inputVariables: input.inputVariables,
        });
        await ctx.wexa.executions.execute(input.projectId, created.id);
        return { executionId: created.id };
      };
      const { executionId } =
        input.idempotencyKey === null || input.idempotencyKey === undefined
          ? await start()
          : await ctx.idempotency.once(
              ctx.requireCaller().keyHash,
              checkIdempotencyKey(input.idempotencyKey),
              JSON.stringify([input.projectId, input.agentflowId, goal, input.inputVariables ?? null, input.executedBy ?? null]),
              start,
            );
      return { execution: await ctx.changed.execution(input.projectId, executionId) };
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
        return { execution: await ctx.changed.execution(input.projectId, input.executionId) };
      },
    },
    { outputFields: (t) => ({ execution: t.field({ type: ExecutionRef, resolve: (p) => p.execution }) }) },
  );
}
