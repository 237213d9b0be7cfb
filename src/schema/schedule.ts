/**
 * `CoworkerSchedule`: an agentflow run on a timer. A project's schedules (filters as the upstream
 * takes them), an agentflow's schedules, `Query.schedule`, and create / update / delete.
 *
 * `schedule` is an integer whose unit the Wexa reference does not give: it is passed through raw.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { builder } from './builder.js';
import { pageArgs } from './connections.js';
import { orNullIfMissing } from './links.js';
import { upstreamConnection } from './paging.js';
import { AgentflowRef, CoworkerScheduleRef, ProjectRef } from './refs.js';
import { requireText } from './inputs.js';
import { agentflowById } from '../loaders/agentflows.js';
import { projectById } from '../loaders/projects.js';
import { scheduleById, schedulePage } from '../loaders/schedules.js';

const ScheduleConnection = builder.connectionObject(
  { type: CoworkerScheduleRef, name: 'CoworkerScheduleConnection' },
  { name: 'CoworkerScheduleEdge' },
);

builder.node(CoworkerScheduleRef, {
  id: { resolve: (s) => s.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(scheduleById).load(id),
  description: 'A coworker schedule: an agentflow started on a timer with a goal.',
  fields: (t) => ({
    wexaId: t.exposeString('id'),
    goal: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.goal }),
    template: t.exposeString('template', { nullable: true }),
    displayTemplate: t.exposeString('displayTemplate', { nullable: true, description: 'Rich text as the upstream stores it (a JSON string).' }),
    scheduleRaw: t.exposeInt('schedule', {
      nullable: true,
      description: 'The upstream `schedule` integer, passed through as it is: the Wexa reference does not say its unit.',
    }),
    status: t.exposeString('status', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.updatedAt }),
    agentflow: t.field({
      type: AgentflowRef,
      nullable: true,
      resolve: (s, _args, ctx) => (s.agentflowId === null ? null : orNullIfMissing(ctx.loaders.get(agentflowById).load(s.agentflowId))),
    }),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      resolve: (s, _args, ctx) => (s.projectId === null ? null : orNullIfMissing(ctx.loaders.get(projectById).load(s.projectId))),
    }),
    raw: t.field({ type: 'JSON', description: 'Fields without a field here, verbatim.', resolve: (s) => s.extra }),
  }),
});

interface ScheduleFilter {
  agentflowId?: string;
  status?: string;
  type?: string;
  search?: string;
}

/** A connection over the project's schedules (the client maps windows onto upstream pages). */
function scheduleConnection(ctx: GraphContext, projectId: string, args: { first?: number | null; after?: string | null }, filter: ScheduleFilter) {
  return upstreamConnection(args, ctx.config, (skip, limit) => ctx.loaders.get(schedulePage).load({ projectId, skip, limit, ...filter }));
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as { [K in keyof T]?: NonNullable<T[K]> };

builder.objectField(ProjectRef, 'schedules', (t) =>
  t.field({
    type: ScheduleConnection,
    description: "The project's coworker schedules, newest first, filtered by the upstream.",
    args: {
      ...pageArgs(t.arg),
      agentflowId: t.arg.id({ required: false }),
      status: t.arg.string({ required: false }),
      type: t.arg.string({ required: false }),
      search: t.arg.string({ required: false }),
    },
    resolve: (project, { first, after, ...filter }, ctx) => scheduleConnection(ctx, project.id, { first, after }, defined(filter)),
  }),
);

builder.objectField(AgentflowRef, 'schedules', (t) =>
  t.field({
    type: ScheduleConnection,
    description: "This agentflow's schedules.",
    args: pageArgs(t.arg),
    resolve: (flow, args, ctx) =>
      flow.projectId === null
        ? upstreamConnection(args, ctx.config, async () => ({ items: [], total: 0 }))
        : scheduleConnection(ctx, flow.projectId, args, { agentflowId: flow.id }),
  }),
);

builder.queryField('schedule', (t) =>
  t.field({
    type: CoworkerScheduleRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa schedule id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(scheduleById).load(args.id),
  }),
);

const payload = { outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<import('./builder.js').BuilderTypes, { schedule: import('../wexa/model.js').CoworkerSchedule }>) => ({
  schedule: t.field({ type: CoworkerScheduleRef, resolve: (p) => p.schedule }),
}) };

builder.relayMutationField(
  'createSchedule',
  {
    description: 'Schedules an agentflow. `schedule` is passed to Wexa as it is (its unit is undocumented).',
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      agentflowId: t.id({ required: true }),
      goal: t.field({ type: 'JSON', required: true, description: 'A JSON object, e.g. `{"template": "…", "variables": []}`.' }),
      template: t.string({ required: true }),
      displayTemplate: t.string({ required: false }),
      schedule: t.int({ required: true, description: 'The upstream `schedule` integer (unit undocumented).' }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const schedule = await ctx.wexa.schedules.create(input.projectId, {
        agentflowId: input.agentflowId,
        goal: input.goal,
        template: requireText('template', input.template),
        ...(input.displayTemplate == null ? {} : { displayTemplate: input.displayTemplate }),
        schedule: input.schedule,
      });
      ctx.loaders.get(scheduleById).prime(schedule.id, schedule);
      return { schedule };
    },
  },
  payload,
);

builder.relayMutationField(
  'updateSchedule',
  {
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      scheduleId: t.id({ required: true }),
      goal: t.field({ type: 'JSON', required: false }),
      template: t.string({ required: false }),
      displayTemplate: t.string({ required: false }),
      schedule: t.int({ required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      if (input.goal == null && input.template == null && input.displayTemplate == null && input.schedule == null) {
        throw new BadUserInputError('Give at least one of goal, template, displayTemplate, schedule.');
      }
      const schedule = await ctx.wexa.schedules.update(input.projectId, input.scheduleId, {
        ...(input.goal == null ? {} : { goal: input.goal }),
        ...(input.template == null ? {} : { template: requireText('template', input.template) }),
        ...(input.displayTemplate == null ? {} : { displayTemplate: input.displayTemplate }),
        ...(input.schedule == null ? {} : { schedule: input.schedule }),
      });
      ctx.loaders.get(scheduleById).clear(schedule.id).prime(schedule.id, schedule);
      return { schedule };
    },
  },
  payload,
);

builder.relayMutationField(
  'deleteSchedule',
  { inputFields: (t) => ({ projectId: t.id({ required: true }), scheduleId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.schedules.delete(input.projectId, input.scheduleId);
      ctx.loaders.get(scheduleById).clear(input.scheduleId);
      return { deletedScheduleId: input.scheduleId, message: ack.message };
    },
  },
  {
    outputFields: (t) => ({
      deletedScheduleId: t.id({ resolve: (p) => p.deletedScheduleId }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
    }),
  },
);
