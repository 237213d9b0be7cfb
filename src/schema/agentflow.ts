/**
 * `Agentflow` (what the Wexa UI calls a coworker): the node and every field of it (its agents, its
 * executions, its schedules, its monitoring data), `Query.agentflow`, and `createAgentflow` /
 * `updateAgentflow`. The `CoworkerSchedule` type itself is in `schedule.ts`, `Agent` in `agent.ts`.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { agentflowById, agentflowMonitor } from '../loaders/agentflows.js';
import { executionScan } from '../loaders/executions.js';
import type { Agentflow, Execution } from '../wexa/model.js';
import { builder } from './builder.js';
import { ExecutionConnection, pageArgs } from './connections.js';
import { ExecutionStatusEnum } from './enums.js';
import { OBJECT_ID, wexaIdField, type ObjectFields } from './fields.js';
import { definedOnly, requireText } from './inputs.js';
import { optionalProjectLink } from './links.js';
import { sliceConnection, upstreamConnection } from './paging.js';
import { AgentRef, AgentflowRef, type AgentInFlow } from './refs.js';
import { ScheduleConnection, scheduleConnection } from './schedule.js';

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
    wexaId: wexaIdField(t, OBJECT_ID),
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    image: t.exposeString('image', { nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    type: t.exposeString('type', { nullable: true, description: 'e.g. `master`.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    project: optionalProjectLink(t, 'error'),
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
    schedules: t.field({
      type: ScheduleConnection,
      description: "This agentflow's schedules.",
      args: pageArgs(t.arg),
      resolve: (flow, args, ctx) =>
        flow.projectId === null
          ? upstreamConnection(args, ctx.config, async () => ({ items: [], total: 0 }))
          : scheduleConnection(ctx, flow.projectId, args, { agentflowId: flow.id }),
    }),
    monitor: t.field({
      type: 'JSON',
      description: "Live monitoring data of this agentflow's executions, as the upstream sends it (shape undocumented).",
      resolve: (flow, _args, ctx) => ctx.loaders.get(agentflowMonitor).load(flow.id),
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

const agentflowPayload = {
  outputFields: (t: ObjectFields<{ agentflow: Agentflow }>) => ({
    agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }),
  }),
};

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
      const agentflow = await ctx.wexa.agentflows.create(
        input.projectId,
        definedOnly({
          name: requireText('name', input.name),
          description: input.description,
          role: requireText('role', input.role),
          image: input.image,
        }),
      );
      ctx.loaders.get(agentflowById).prime(agentflow.id, agentflow);
      return { agentflow };
    },
  },
  agentflowPayload,
);

builder.relayMutationField(
  'updateAgentflow',
  {
    inputFields: (t) => ({
      agentflowId: t.id({ required: true }),
      name: t.string({ required: false }),
      description: t.string({ required: false }),
      role: t.string({ required: false }),
      image: t.string({ required: false }),
      isActive: t.boolean({ required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const { agentflowId, ...rest } = input;
      const patch = definedOnly(rest);
      if (Object.keys(patch).length === 0) throw new BadUserInputError('Give at least one of name, description, role, image, isActive.');
      const agentflow = await ctx.wexa.agentflows.update(agentflowId, patch);
      ctx.loaders.get(agentflowById).clear(agentflow.id).prime(agentflow.id, agentflow);
      return { agentflow };
    },
  },
  agentflowPayload,
);
