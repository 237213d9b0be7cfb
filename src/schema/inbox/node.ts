/**
 * `InboxRequest`: something an execution asks a person for (a preview to approve, runtime input, an
 * anomaly to acknowledge). The node and every field of it, `Query.inboxRequest`, and
 * `Subscription.inboxRequests`. Both the node's refetch and the query read by id (`GET /inbox/{id}`
 * through `inboxRequestById`); a project's inbox (`Project.inbox`) primes that loader.
 *
 * The rest of the domain is in this folder: what a request asks for (`details.ts`) and the mutations
 * that answer it (`answers.ts`). What an execution waits on (`Execution.waitingOnHuman`,
 * `waitingFor`, `pendingInboxRequest`, `inboxRequests`) are fields of `Execution`, in `execution.ts`.
 */
import type { GraphContext } from '../../context.js';
import type { LiveEvent } from '../../live/index.js';
import { agentflowById } from '../../loaders/agentflows.js';
import { executionById } from '../../loaders/executions.js';
import { inboxRequestById } from '../../loaders/inbox.js';
import { taskById } from '../../loaders/tasks.js';
import { agentOf } from '../agentflow.js';
import { builder } from '../builder.js';
import { InboxRequestKindEnum } from '../enums.js';
import { rawField, wexaIdField } from '../fields.js';
import { agentflowLink, executionLink, orNullIfMissing, projectLink } from '../links.js';
import { joinId, splitId } from '../node.js';
import { AgentRef, InboxRequestRef, TaskRef } from '../refs.js';
import { stream, subscriber, valueOf } from '../subscriptions.js';
import { InboxRequestDetailsUnion, detailsOf } from './details.js';

builder.node(InboxRequestRef, {
  id: { resolve: (r) => joinId(r.projectId, r.id), parse: (id) => splitId('InboxRequest', id) },
  loadOne: ({ parentId, id }, ctx: GraphContext) => ctx.loaders.get(inboxRequestById).load({ projectId: parentId, id }),
  description: 'A request for a human raised by an execution.',
  fields: (t) => ({
    wexaId: wexaIdField(t, "The upstream's own id."),
    type: t.exposeString('type', { nullable: true, description: 'e.g. `preview`, `runtime_input`, `anomaly_detection`.' }),
    status: t.exposeString('status', { nullable: true, description: 'e.g. `pending`.' }),
    summary: t.exposeString('summary', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    kind: t.field({ type: InboxRequestKindEnum, resolve: (r) => detailsOf(r).kind }),
    pending: t.boolean({ description: 'True while the request waits for an answer.', resolve: (r) => (r.status ?? '').toLowerCase() === 'pending' }),
    details: t.field({ type: InboxRequestDetailsUnion, resolve: detailsOf }),
    raw: rawField(t, 'Fields the upstream sent that have no field here, verbatim.'),
    project: projectLink(t),
    execution: executionLink(t, (r) => (r.executionId === null ? null : { projectId: r.projectId, id: r.executionId })),
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
    agentflow: agentflowLink(t, (r) => r.agentflowId),
    agent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        if (r.agentflowId === null || r.agentId === null) return null;
        const flow = await orNullIfMissing(ctx.loaders.get(agentflowById).load(r.agentflowId));
        return flow ? agentOf(flow, r.agentId) : null;
      },
    }),
  }),
});

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
