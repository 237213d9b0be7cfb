/**
 * The mutations that answer an inbox request: `approvePreview`, `rejectPreview`,
 * `answerRuntimeInput`, `acknowledgeAnomaly`.
 *
 * Each checks the request's kind, sends the answer upstream, then hands request and execution to
 * `ctx.changed.inboxRequest`, which reads both again (through fresh loader entries) and tells the
 * live layer, so subscribers of the execution and of the inbox see the change at once.
 */
import type { GraphContext } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import { inboxRequestById } from '../../loaders/inbox.js';
import type { Execution, InboxKind, InboxRequest } from '../../wexa/model.js';
import { builder } from '../builder.js';
import type { InputFields, ObjectFields } from '../fields.js';
import { definedOnly } from '../inputs.js';
import { ExecutionRef, InboxRequestRef } from '../refs.js';
import { detailsOf } from './details.js';

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

const target = (t: InputFields) => ({
  projectId: t.id({ required: true }),
  requestId: t.id({ required: true, description: 'The Wexa inbox request id (`InboxRequest.wexaId`).' }),
});

const answerPayload = {
  outputFields: (t: ObjectFields<{ inboxRequest: InboxRequest; execution: Execution | null }>) => ({
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
        ctx.wexa.inbox.answerPreview(
          input.projectId,
          definedOnly({ requestId: input.requestId, executionId, approved: true, modifiedInputs: input.modifiedInputs }),
        ),
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
        ctx.wexa.inbox.answerPreview(input.projectId, definedOnly({ requestId: input.requestId, executionId, approved: false, reason: input.reason })),
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
        ctx.wexa.inbox.acknowledgeAnomaly(input.projectId, definedOnly({ requestId: input.requestId, executionId, comment: input.comment })),
      ),
  },
  answerPayload,
);
