/**
 * Human in the loop: what an inbox request asks for, by kind (a union of preview, runtime input and
 * anomaly details), the mutations that answer it, whether an execution waits on a person, and
 * `Subscription.inboxRequests`.
 *
 * Answers go to the upstream, then the request and its execution are read again (through fresh
 * loader entries) and the live layer is poked, so subscribers of the execution and of the inbox see
 * the change at once.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import type {
  AnomalyDetails,
  Execution,
  InboxDetails,
  InboxKind,
  InboxRequest,
  InputField,
  PreviewDetails,
  PreviewThoughts,
  RuntimeInputDetails,
  UnknownInboxDetails,
} from '../wexa/model.js';
import { builder } from './builder.js';
import { loadFull } from './execution.js';
import { orNullIfMissing } from './links.js';
import { ExecutionRef, InboxRequestRef, TaskRef } from './refs.js';
import { stream, subscriber, valueOf } from './subscriptions.js';
import type { LiveEvent } from '../live/index.js';
import { executionById } from '../loaders/executions.js';
import { inboxList, inboxRequestById } from '../loaders/inbox.js';
import { taskById } from '../loaders/tasks.js';

const KINDS: Record<string, { value: InboxKind; description: string }> = {
  PREVIEW: { value: 'preview', description: 'Approve or reject what an agent is about to do.' },
  RUNTIME_INPUT: { value: 'runtime_input', description: 'Supply a value the agent needs.' },
  ANOMALY_DETECTION: { value: 'anomaly_detection', description: 'Acknowledge something unusual.' },
  UNKNOWN: { value: 'unknown', description: 'A type this gateway does not know yet (see `type`).' },
};
export const InboxRequestKindEnum = builder.enumType('InboxRequestKind', {
  description: 'What an inbox request asks a person for.',
  values: KINDS,
});

const PreviewThoughtsRef = builder.objectRef<PreviewThoughts>('PreviewThoughts').implement({
  description: "The agent's reasoning shown with a preview.",
  fields: (t) => ({
    text: t.exposeString('text', { nullable: true }),
    reasoning: t.exposeString('reasoning', { nullable: true }),
    plan: t.exposeString('plan', { nullable: true }),
    criticism: t.exposeString('criticism', { nullable: true }),
    speak: t.exposeString('speak', { nullable: true }),
  }),
});

const InputFieldRef = builder.objectRef<InputField>('InputField').implement({
  description: 'One value a runtime-input request asks for.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The key to use in `answerRuntimeInput(values:)`.' }),
    label: t.exposeString('label', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    required: t.exposeBoolean('required'),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const raw = 'Everything the upstream sent for this part of the request, verbatim (the shape is not documented).';

const PreviewDetailsRef = builder.objectRef<PreviewDetails>('PreviewRequest').implement({
  description: 'A preview: the skill call an agent is about to make, to approve (optionally with changed inputs) or reject.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'preview',
  fields: (t) => ({
    approved: t.exposeBoolean('approved', { nullable: true, description: 'Null until decided (when the upstream does not say).' }),
    modifiedInputs: t.field({ type: 'JSON', nullable: true, resolve: (d) => d.modifiedInputs }),
    thoughts: t.field({ type: PreviewThoughtsRef, nullable: true, resolve: (d) => d.thoughts }),
    skillWexaId: t.exposeString('skillId', { nullable: true }),
    skillName: t.exposeString('skillName', { nullable: true }),
    skillInput: t.field({ type: 'JSON', nullable: true, description: 'The input the skill would run with.', resolve: (d) => d.skillInput }),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const RuntimeInputDetailsRef = builder.objectRef<RuntimeInputDetails>('RuntimeInputRequest').implement({
  description: 'A runtime input: values the agent needs before it can go on.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'runtime_input',
  fields: (t) => ({
    fields: t.field({ type: [InputFieldRef], resolve: (d) => d.fields }),
    values: t.field({ type: 'JSON', nullable: true, description: 'The values given, once answered.', resolve: (d) => d.values }),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const AnomalyDetailsRef = builder.objectRef<AnomalyDetails>('AnomalyRequest').implement({
  description: 'An anomaly the run detected, to acknowledge.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'anomaly_detection',
  fields: (t) => ({
    message: t.exposeString('message', { nullable: true }),
    acknowledged: t.exposeBoolean('acknowledged'),
    raw: t.field({ type: 'JSON', description: raw, resolve: (d) => d.raw }),
  }),
});

const UnknownDetailsRef = builder.objectRef<UnknownInboxDetails>('UnknownInboxRequest').implement({
  description: 'A request of a type this gateway does not know; `InboxRequest.type` and `raw` say what it is.',
  isTypeOf: (d) => (d as InboxDetails).kind === 'unknown',
  fields: (t) => ({ raw: t.field({ type: 'JSON', resolve: (d) => d.raw }) }),
});

const InboxRequestDetailsUnion = builder.unionType('InboxRequestDetails', {
  description: 'What an inbox request asks for, by kind.',
  types: [PreviewDetailsRef, RuntimeInputDetailsRef, AnomalyDetailsRef, UnknownDetailsRef],
  resolveType: (d) => {
    switch (d.kind) {
      case 'preview':
        return PreviewDetailsRef;
      case 'runtime_input':
        return RuntimeInputDetailsRef;
      case 'anomaly_detection':
        return AnomalyDetailsRef;
      default:
        return UnknownDetailsRef;
    }
  },
});

const detailsOf = (r: InboxRequest): InboxDetails => r.details ?? { kind: 'unknown', raw: {} };

builder.objectFields(InboxRequestRef, (t) => ({
  kind: t.field({ type: InboxRequestKindEnum, resolve: (r) => detailsOf(r).kind }),
  pending: t.boolean({ description: 'True while the request waits for an answer.', resolve: (r) => (r.status ?? '').toLowerCase() === 'pending' }),
  details: t.field({ type: InboxRequestDetailsUnion, resolve: detailsOf }),
  raw: t.field({ type: 'JSON', description: 'Fields the upstream sent that have no field here, verbatim.', resolve: (r) => r.extra }),
  task: t.field({
    type: TaskRef,
    nullable: true,
    description: "The task of the request's execution.",
    resolve: async (r, _args, ctx) => {
      if (r.executionId === null) return null;
      const execution = await orNullIfMissing(ctx.loaders.get(executionById).load({ projectId: r.projectId, id: r.executionId }));
      return execution?.taskId ? orNullIfMissing(ctx.loaders.get(taskById).load({ projectId: r.projectId, id: execution.taskId })) : null;
    },
  }),
}));

/** The inbox request an execution waits on: by the id it names, else the pending one it raised. */
async function pendingRequestOf(ctx: GraphContext, execution: Execution): Promise<InboxRequest | null> {
  const wait = (await loadFull(ctx, execution)).waitingOn;
  if (!wait) return null;
  if (wait.inboxRequestId !== null) {
    return orNullIfMissing(ctx.loaders.get(inboxRequestById).load({ projectId: execution.projectId, id: wait.inboxRequestId }));
  }
  const list = await ctx.loaders.get(inboxList).load(execution.projectId);
  return list.items.find((r) => r.executionId === execution.id && (r.status ?? '').toLowerCase() === 'pending') ?? null;
}

builder.objectFields(ExecutionRef, (t) => ({
  waitingOnHuman: t.boolean({
    description: 'True while the execution waits on a person (a preview, a runtime input or an anomaly); its status stays RUNNING meanwhile.',
    resolve: async (e, _args, ctx) => Boolean((await loadFull(ctx, e)).waitingOn),
  }),
  waitingFor: t.field({
    type: InboxRequestKindEnum,
    nullable: true,
    description: 'What the execution waits on a person for, or null.',
    resolve: async (e, _args, ctx) => (await loadFull(ctx, e)).waitingOn?.kind ?? null,
  }),
  pendingInboxRequest: t.field({
    type: InboxRequestRef,
    nullable: true,
    description: 'The inbox request the execution waits on, to answer with approvePreview, answerRuntimeInput or acknowledgeAnomaly.',
    resolve: (e, _args, ctx) => pendingRequestOf(ctx, e),
  }),
}));

builder.queryField('inboxRequest', (t) =>
  t.field({
    type: InboxRequestRef,
    nullable: true,
    args: {
      projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }),
      id: t.arg.id({ required: true, description: 'The Wexa inbox request id.' }),
    },
    resolve: (_root, args, ctx) => ctx.loaders.get(inboxRequestById).load({ projectId: args.projectId, id: args.id }),
  }),
);

/** Loads the request, checks its kind, runs the answer, then reads request and execution again (`ctx.changed`). */
async function answerRequest(
  ctx: GraphContext,
  projectId: string,
  requestId: string,
  kind: InboxKind,
  send: (executionId: string) => Promise<unknown>,
) {
  const request = await ctx.loaders.get(inboxRequestById).load({ projectId, id: requestId });
  const actual = detailsOf(request).kind;
  if (actual !== kind) throw new BadUserInputError(`Inbox request ${requestId} is a ${actual} request, not a ${kind} request.`);
  if (request.executionId === null) throw new BadUserInputError(`Inbox request ${requestId} names no execution to answer for.`);
  await send(request.executionId);
  return ctx.changed.inboxRequest(projectId, requestId, request.executionId);
}

const target = (t: PothosSchemaTypes.InputFieldBuilder<import('./builder.js').BuilderTypes, 'InputObject'>) => ({
  projectId: t.id({ required: true }),
  requestId: t.id({ required: true, description: 'The Wexa inbox request id (`InboxRequest.wexaId`).' }),
});

const answerPayload = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<import('./builder.js').BuilderTypes, { inboxRequest: InboxRequest; execution: Execution | null }>) => ({
    inboxRequest: t.field({ type: InboxRequestRef, resolve: (p) => p.inboxRequest }),
    execution: t.field({ type: ExecutionRef, nullable: true, description: 'The execution, as it is after the answer.', resolve: (p) => p.execution }),
  }),
};

builder.relayMutationField(
  'approvePreview',
  {
    description: 'Approves a preview; the execution goes on (with `modifiedInputs` instead of the previewed inputs, when given).',
    inputFields: (t) => ({
      ...target(t),
      modifiedInputs: t.field({ type: 'JSON', required: false, description: 'A JSON object of changed skill inputs.' }),
    }),
  },
  {
    resolve: (_root, { input }, ctx) =>
      answerRequest(ctx, input.projectId, input.requestId, 'preview', (executionId) =>
        ctx.wexa.inbox.answerPreview(input.projectId, {
          requestId: input.requestId,
          executionId,
          approved: true,
          ...(input.modifiedInputs == null ? {} : { modifiedInputs: input.modifiedInputs }),
        }),
      ),
  },
  answerPayload,
);

builder.relayMutationField(
  'rejectPreview',
  {
    description: 'Rejects a preview; the execution does not run that step (the simulator cancels it).',
    inputFields: (t) => ({ ...target(t), reason: t.string({ required: false }) }),
  },
  {
    resolve: (_root, { input }, ctx) =>
      answerRequest(ctx, input.projectId, input.requestId, 'preview', (executionId) =>
        ctx.wexa.inbox.answerPreview(input.projectId, {
          requestId: input.requestId,
          executionId,
          approved: false,
          ...(input.reason == null ? {} : { reason: input.reason }),
        }),
      ),
  },
  answerPayload,
);

builder.relayMutationField(
  'answerRuntimeInput',
  {
    description: 'Supplies the values a runtime-input request asks for (keys: `RuntimeInputRequest.fields[].id`); the execution goes on.',
    inputFields: (t) => ({ ...target(t), values: t.field({ type: 'JSON', required: true, description: 'A JSON object of values.' }) }),
  },
  {
    resolve: (_root, { input }, ctx) => {
      const values = input.values;
      return answerRequest(ctx, input.projectId, input.requestId, 'runtime_input', (executionId) =>
        ctx.wexa.inbox.answerRuntimeInput(input.projectId, { requestId: input.requestId, executionId, values }),
      );
    },
  },
  answerPayload,
);

builder.relayMutationField(
  'acknowledgeAnomaly',
  {
    description: 'Acknowledges an anomaly; the execution goes on.',
    inputFields: (t) => ({ ...target(t), comment: t.string({ required: false }) }),
  },
  {
    resolve: (_root, { input }, ctx) =>
      answerRequest(ctx, input.projectId, input.requestId, 'anomaly_detection', (executionId) =>
        ctx.wexa.inbox.acknowledgeAnomaly(input.projectId, {
          requestId: input.requestId,
          executionId,
          ...(input.comment == null ? {} : { comment: input.comment }),
        }),
      ),
  },
  answerPayload,
);

builder.subscriptionField('inboxRequests', (t) =>
  t.field({
    type: InboxRequestRef,
    description:
      "Every inbox request of the project that appears or changes (answered, approved, acknowledged…) after subscribing, among its 100 newest. " +
      'No initial burst: query `project { inbox }` for the current ones. One shared poll per project and key. Never completes by itself.',
    args: { projectId: t.arg.id({ required: true, description: 'The Wexa project id.' }) },
    subscribe: (_root, args, ctx) => stream(() => ctx.live.inboxRequests(subscriber(ctx), args.projectId)),
    resolve: (event: LiveEvent<unknown>, _args, ctx) => valueOf(event as LiveEvent<never>, ctx),
  }),
);
