/**
 * What a project holds, as fields of `Project`: its agentflows, tasks, executions, connectors,
 * inbox and coworker schedules (connections), its skills (a list) and its dashboard. Each reads by
 * the project's id alone; `Query.project` does not read the project itself when a query asks only
 * for ids and the first six of these (`ID_ONLY_FIELDS` in `node.ts`).
 *
 * The types they return live in their own domains (`agentflow.ts`, `task.ts`, `schedule.ts`…).
 */
import { agentflowPage } from '../../loaders/agentflows.js';
import { connectorList } from '../../loaders/connectors.js';
import { executionPage, executionScan } from '../../loaders/executions.js';
import { inboxList } from '../../loaders/inbox.js';
import { projectDashboard } from '../../loaders/project-data.js';
import { skillList } from '../../loaders/skills.js';
import { taskPage, taskScan } from '../../loaders/tasks.js';
import type { Execution, Task } from '../../wexa/model.js';
import { builder } from '../builder.js';
import {
  AgentflowConnection,
  ConnectorConnection,
  ExecutionConnection,
  InboxRequestConnection,
  TaskConnection,
  pageArgs,
} from '../connections.js';
import { ExecutionStatusEnum, TaskStatusEnum } from '../enums.js';
import { definedOnly } from '../inputs.js';
import { orNullIfMissing } from '../links.js';
import { sliceConnection, upstreamConnection } from '../paging.js';
import { DashboardRef, ProjectRef, SkillRef } from '../refs.js';
import { ScheduleConnection, scheduleConnection } from '../schedule.js';

builder.objectFields(ProjectRef, (t) => ({
  agentflows: t.field({
    type: AgentflowConnection,
    args: pageArgs(t.arg),
    description: "The project's agentflows (Wexa coworkers), paged upstream.",
    resolve: (project, args, ctx) =>
      upstreamConnection(args, ctx.config, (skip, limit) =>
        ctx.loaders.get(agentflowPage).load({ projectId: project.id, skip, limit }),
      ),
  }),
  tasks: t.field({
    type: TaskConnection,
    args: { ...pageArgs(t.arg), status: t.arg({ type: TaskStatusEnum, required: false }) },
    description: 'Tasks, newest first. With `status`, filtered by the gateway over at most maxScanItems tasks.',
    resolve: async (project, args, ctx) => {
      // The real API documents no status filter on the task list, so a filtered read scans the
      // project's tasks once (one call, shared by every field of the operation) and filters here.
      if (args.status != null) {
        const scan = await ctx.loaders.get(taskScan).load(project.id);
        const matching = scan.items.filter((task: Task) => task.status === args.status);
        return sliceConnection(args, ctx.config, matching, scan.complete);
      }
      return upstreamConnection(args, ctx.config, (skip, limit) =>
        ctx.loaders.get(taskPage).load({ projectId: project.id, skip, limit }),
      );
    },
  }),
  executions: t.field({
    type: ExecutionConnection,
    args: { ...pageArgs(t.arg), status: t.arg({ type: ExecutionStatusEnum, required: false }) },
    description: 'Executions, newest first. With `status`, filtered by the gateway over at most maxScanItems executions.',
    resolve: async (project, args, ctx) => {
      // The upstream executions list is per project and the real API documents no filters, so a
      // filtered read goes through the per-project scan loader (the same one Agentflow.executions
      // uses): any number of filtered lists of one project cost one upstream call.
      if (args.status != null) {
        const scan = await ctx.loaders.get(executionScan).load(project.id);
        const matching = scan.items.filter((e: Execution) => e.status === args.status);
        return sliceConnection(args, ctx.config, matching, scan.complete);
      }
      return upstreamConnection(args, ctx.config, (skip, limit) =>
        ctx.loaders.get(executionPage).load({ projectId: project.id, skip, limit }),
      );
    },
  }),
  dashboard: t.field({
    type: DashboardRef,
    nullable: true,
    description: "The project's dashboard, or null when it has none.",
    resolve: (project, _args, ctx) => orNullIfMissing(ctx.loaders.get(projectDashboard).load(project.id)),
  }),
  connectors: t.field({
    type: ConnectorConnection,
    args: pageArgs(t.arg),
    resolve: async (project, args, ctx) => {
      const list = await ctx.loaders.get(connectorList).load(project.id);
      return sliceConnection(args, ctx.config, list.items);
    },
  }),
  inbox: t.field({
    type: InboxRequestConnection,
    args: pageArgs(t.arg),
    description: 'Requests waiting for a human (approvals, runtime input…), newest first.',
    resolve: async (project, args, ctx) => {
      const list = await ctx.loaders.get(inboxList).load(project.id);
      return sliceConnection(args, ctx.config, list.items, list.complete);
    },
  }),
  schedules: t.field({
    type: ScheduleConnection,
    description: "The project's coworker schedules, newest first, filtered by the upstream.",
    args: {
      ...pageArgs(t.arg),
      agentflowId: t.arg.id({ required: false }),
      status: t.arg.string({ required: false }),
      type: t.arg.string({ required: false }),
      search: t.arg.string({ required: false }),
    },
    resolve: (project, { first, after, ...filter }, ctx) => scheduleConnection(ctx, project.id, { first, after }, definedOnly(filter)),
  }),
  skills: t.field({
    type: [SkillRef],
    description: "The project's skills; with `category` (a connector category such as `content_creator`) or `name` (a part of it) only those.",
    args: { category: t.arg.string({ required: false }), name: t.arg.string({ required: false }) },
    resolve: async (project, args, ctx) => {
      const key = definedOnly({ projectId: project.id, category: args.category, name: args.name });
      return (await ctx.loaders.get(skillList).load(key)).items;
    },
  }),
}));
