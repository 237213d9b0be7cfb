/**
 * `InboxRequest`: something an execution asks a human for (a preview to approve, runtime input…).
 * The upstream has no by-id endpoint, so refetching reads the project's inbox (one call) and picks.
 */
import type { GraphContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { agentOf } from './agentflow.js';
import { builder } from './builder.js';
import { orNullIfMissing } from './links.js';
import { joinId, splitId } from './node.js';
import { AgentRef, AgentflowRef, ExecutionRef, InboxRequestRef, ProjectRef } from './refs.js';
import { agentflowById } from '../loaders/agentflows.js';
import { executionById } from '../loaders/executions.js';
import { inboxList } from '../loaders/inbox.js';
import { projectById } from '../loaders/projects.js';

builder.node(InboxRequestRef, {
  id: { resolve: (r) => joinId(r.projectId, r.id), parse: (id) => splitId('InboxRequest', id) },
  loadOne: async ({ parentId, id }, ctx: GraphContext) => {
    const list = await ctx.loaders.get(inboxList).load(parentId);
    const found = list.items.find((r) => r.id === id);
    if (!found) throw new NotFoundError(`Inbox request ${id} not found in project ${parentId}.`);
    return found;
  },
  description: 'A request for a human raised by an execution.',
  fields: (t) => ({
    wexaId: t.exposeString('id', { description: "The upstream's own id." }),
    type: t.exposeString('type', { nullable: true, description: 'e.g. `preview`, `runtime_input`, `anomaly_detection`.' }),
    status: t.exposeString('status', { nullable: true, description: 'e.g. `pending`.' }),
    summary: t.exposeString('summary', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.updatedAt }),
    project: t.field({ type: ProjectRef, resolve: (r, _args, ctx) => ctx.loaders.get(projectById).load(r.projectId) }),
    execution: t.field({
      type: ExecutionRef,
      nullable: true,
      resolve: (r, _args, ctx) =>
        r.executionId === null
          ? null
          : orNullIfMissing(ctx.loaders.get(executionById).load({ projectId: r.projectId, id: r.executionId })),
    }),
    agentflow: t.field({
      type: AgentflowRef,
      nullable: true,
      resolve: (r, _args, ctx) =>
        r.agentflowId === null ? null : orNullIfMissing(ctx.loaders.get(agentflowById).load(r.agentflowId)),
    }),
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
