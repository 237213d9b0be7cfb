/**
 * `CoworkerSchedule`: an agentflow run on a timer. The node, `Query.schedule`, create / update /
 * delete, and the schedule connection that `Project.schedules` (in `project/lists.ts`) and
 * `Agentflow.schedules` (in `agentflow.ts`) return.
 *
 * `schedule` is an integer whose unit the Wexa reference does not give: it is passed through raw.
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { scheduleById, schedulePage } from '../loaders/schedules.js';
import type { CoworkerSchedule } from '../wexa/model.js';
import { builder } from './builder.js';
import { UNNAMED_FIELDS, rawField, wexaIdField, type ObjectFields } from './fields.js';
import { definedOnly, optionalText, requireText } from './inputs.js';
import { agentflowLink, optionalProjectLink } from './links.js';
import { upstreamConnection, type ConnectionArgs } from './paging.js';
import { CoworkerScheduleRef } from './refs.js';

export const ScheduleConnection = builder.connectionObject(
  { type: CoworkerScheduleRef, name: 'CoworkerScheduleConnection' },
  { name: 'CoworkerScheduleEdge' },
);

builder.node(CoworkerScheduleRef, {
  id: { resolve: (s) => s.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(scheduleById).load(id),
  description: 'A coworker schedule: an agentflow started on a timer with a goal.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    goal: t.field({ type: 'JSON', nullable: true, resolve: (s) => s.goal }),
    template: t.exposeString('template', { nullable: true }),
    displayTemplate: t.exposeString('displayTemplate', { nullable: true, description: 'Rich text as the upstream stores it (a JSON string).' }),
    scheduleRaw: t.exposeInt('schedule', {
      nullable: true,
      description: 'The upstream `schedule` integer, passed through as it is: the Wexa reference does not say its unit.',
    }),
    status: t.exposeString('status', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    agentflow: agentflowLink(t, (s) => s.agentflowId),
    project: optionalProjectLink(t),
    raw: rawField(t, UNNAMED_FIELDS),
  }),
});

/** What a project's schedules may be filtered by, as the upstream filters them. */
export interface ScheduleFilter {
  agentflowId?: string;
  status?: string;
  type?: string;
  search?: string;
}

/** A connection over the project's schedules (the client maps windows onto upstream pages). */
export function scheduleConnection(ctx: GraphContext, projectId: string, args: ConnectionArgs, filter: ScheduleFilter) {
  return upstreamConnection(args, ctx.config, (skip, limit) => ctx.loaders.get(schedulePage).load({ projectId, skip, limit, ...filter }));
}

builder.queryField('schedule', (t) =>
  t.field({
    type: CoworkerScheduleRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa schedule id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(scheduleById).load(args.id),
  }),
);

const payload = {
  outputFields: (t: ObjectFields<{ schedule: CoworkerSchedule }>) => ({
    schedule: t.field({ type: CoworkerScheduleRef, resolve: (p) => p.schedule }),
  }),
};

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
        ...definedOnly({ displayTemplate: input.displayTemplate }),
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
      const schedule = await ctx.wexa.schedules.update(
        input.projectId,
        input.scheduleId,
        definedOnly({
          goal: input.goal,
          template: optionalText('template', input.template),
          displayTemplate: input.displayTemplate,
          schedule: input.schedule,
        }),
      );
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
