/**
 * `Agentflow` (what the Wexa UI calls a coworker), `Query.agentflow` and `createAgentflow`.
 */
import type { GraphContext } from '../context.js';
import type { Agentflow, Execution } from '../wexa/model.js';
import { builder } from './builder.js';
import { ExecutionConnection, pageArgs } from './connections.js';
import { ExecutionStatusEnum } from './enums.js';
import { sliceConnection } from './paging.js';
import { requireText } from './inputs.js';
import { AgentRef, AgentflowRef, ProjectRef, type AgentInFlow } from './refs.js';
import { agentflowById } from '../loaders/agentflows.js';
import { executionScan } from '../loaders/executions.js';
import { projectById } from '../loaders/projects.js';

/** The agents of an agentflow, each paired with its agentflow for `nextAgent` and refetching. */
function agentsOf(flow: Agentflow): AgentInFlow[] {
  return flow.agents.map((agent) => ({ agentflowId: flow.id, agent, siblings: flow.agents }));
}

/** The agent with this id in an agentflow, or null when it has none such. */
export function agentOf(flow: Agentflow, agentId: string): AgentInFlow | null {
  return agentsOf(flow).find((a) => a.agent.id === agentId) ?? null;
}

builder.node(AgentflowRef, {
  id: { resolve: (flow) => flow.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(agentflowById).load(id),
  description: 'An agentflow (a Wexa "coworker"): a chain of agents that executions run.',
  fields: (t) => ({
    wexaId: t.exposeString('id', { description: "The upstream's own id (an ObjectId)." }),
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    image: t.exposeString('image', { nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    type: t.exposeString('type', { nullable: true, description: 'e.g. `master`.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.updatedAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (f) => f.lastUsedAt }),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      resolve: (flow, _args, ctx) => (flow.projectId === null ? null : ctx.loaders.get(projectById).load(flow.projectId)),
    }),
    agents: t.field({ type: [AgentRef], resolve: (flow) => agentsOf(flow) }),
    initialAgent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: (flow) => (flow.initialAgentId === null ? null : agentOf(flow, flow.initialAgentId)),
    }),
    executions: t.field({
      type: ExecutionConnection,
      args: { ...pageArgs(t.arg), status: t.arg({ type: ExecutionStatusEnum, required: false }) },
      description: "This agentflow's executions, newest first, optionally by status.",
      resolve: async (flow, args, ctx) => {
        if (flow.projectId === null) return sliceConnection(args, ctx.config, []);
        // The upstream lists executions per project, with no documented agentflow or status filter.
        // Reading them through the per-project scan loader and filtering here means N agentflows of
        // one project cost ONE upstream call instead of N.
        const scan = await ctx.loaders.get(executionScan).load(flow.projectId);
        const mine = scan.items.filter(
          (e: Execution) => e.agentflowId === flow.id && (args.status == null || e.status === args.status),
        );
        return sliceConnection(args, ctx.config, mine, scan.complete);
      },
    }),
  }),
});

builder.queryField('agentflow', (t) =>
  t.field({
    type: AgentflowRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa agentflow id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(agentflowById).load(args.id),
  }),
);

builder.relayMutationField(
  'createAgentflow',
  {
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      name: t.string({ required: true }),
      description: t.string({ required: true }),
      role: t.string({ required: true }),
      image: t.string({ required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const agentflow = await ctx.wexa.agentflows.create(input.projectId, {
        name: requireText('name', input.name),
        description: input.description,
        role: requireText('role', input.role),
        ...(input.image != null ? { image: input.image } : {}),
      });
      ctx.loaders.get(agentflowById).prime(agentflow.id, agentflow);
      return { agentflow };
    },
  },
  { outputFields: (t) => ({ agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }) }) },
);
