/**
 * `Project`: the root of everything else, and the `projects` / `project` queries.
 */
import type { GraphContext } from '../context.js';
import type { Execution, Task } from '../wexa/model.js';
import { builder } from './builder.js';
import {
  AgentflowConnection,
  ConnectorConnection,
  ExecutionConnection,
  InboxRequestConnection,
  ProjectConnection,
  TaskConnection,
  pageArgs,
} from './connections.js';
import { ExecutionStatusEnum, TaskStatusEnum } from './enums.js';
import { orNullIfMissing } from './node.js';
import { pageWindow, sliceConnection, toConnection, upstreamConnection } from './paging.js';
import { DashboardRef, ProjectRef } from './refs.js';

/** Upstream pages (1-based number, size) that together cover a window, and where the window starts in them. */
export interface CoveringPages {
  pages: { page: number; limit: number }[];
  start: number;
}

/**
 * The upstream pages projects by 1-based page number and page size, not by offset. Finds a page
 * size from `count` to `2 * count` whose one page covers `[offset, offset + count)`; when none does,
 * reads two consecutive pages of size `count`. Either way a window costs at most two calls.
 */
export function coveringPages(offset: number, count: number): CoveringPages {
  const size = Math.max(1, count);
  for (let limit = size; limit <= 2 * size; limit++) {
    const index = Math.floor(offset / limit);
    if (offset + count <= (index + 1) * limit) return { pages: [{ page: index + 1, limit }], start: offset - index * limit };
  }
  const index = Math.floor(offset / size);
  return {
    pages: [
      { page: index + 1, limit: size },
      { page: index + 2, limit: size },
    ],
    start: offset - index * size,
  };
}

builder.node(ProjectRef, {
  id: { resolve: (project) => project.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.project.load(id),
  description: 'A Wexa project: agentflows, tasks, executions, a dashboard, connectors and an inbox.',
  fields: (t) => ({
    wexaId: t.exposeString('id', { description: "The upstream's own id (an ObjectId)." }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    status: t.exposeString('status', { nullable: true, description: 'Free-form upstream status, e.g. `published`.' }),
    coworkerRole: t.exposeString('coworkerRole', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.updatedAt }),
    agentflows: t.field({
      type: AgentflowConnection,
      args: pageArgs(t.arg),
      description: "The project's agentflows (Wexa coworkers), paged upstream.",
      resolve: (project, args, ctx) =>
        upstreamConnection(args, ctx.config, (skip, limit) =>
          ctx.loaders.agentflowPage.load({ projectId: project.id, skip, limit }),
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
          const scan = await ctx.loaders.taskScan.load(project.id);
          const matching = scan.items.filter((task: Task) => task.status === args.status);
          return sliceConnection(args, ctx.config, matching, scan.complete);
        }
        return upstreamConnection(args, ctx.config, (skip, limit) =>
          ctx.loaders.taskPage.load({ projectId: project.id, skip, limit }),
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
          const scan = await ctx.loaders.executionScan.load(project.id);
          const matching = scan.items.filter((e: Execution) => e.status === args.status);
          return sliceConnection(args, ctx.config, matching, scan.complete);
        }
        return upstreamConnection(args, ctx.config, (skip, limit) =>
          ctx.loaders.executionPage.load({ projectId: project.id, skip, limit }),
        );
      },
    }),
    dashboard: t.field({
      type: DashboardRef,
      nullable: true,
      description: "The project's dashboard, or null when it has none.",
      resolve: (project, _args, ctx) => orNullIfMissing(ctx.loaders.dashboard.load(project.id)),
    }),
    connectors: t.field({
      type: ConnectorConnection,
      args: pageArgs(t.arg),
      resolve: async (project, args, ctx) => {
        const list = await ctx.loaders.connectorList.load(project.id);
        return sliceConnection(args, ctx.config, list.items);
      },
    }),
    inbox: t.field({
      type: InboxRequestConnection,
      args: pageArgs(t.arg),
      description: 'Requests waiting for a human (approvals, runtime input…), newest first.',
      resolve: async (project, args, ctx) => {
        const list = await ctx.loaders.inboxList.load(project.id);
        return sliceConnection(args, ctx.config, list.items, list.complete);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  projects: t.field({
    type: ProjectConnection,
    args: pageArgs(t.arg),
    description: 'The projects the API key can see.',
    resolve: async (_root, args, ctx) => {
      const window = pageWindow(args, ctx.config);
      const { pages, start } = coveringPages(window.offset, window.size + 1);
      const results = await Promise.all(pages.map((key) => ctx.loaders.projectPage.load(key)));
      const items = results.flatMap((r) => r.items);
      return toConnection(window, items.slice(start, start + window.size + 1), results[0]?.total ?? null);
    },
  }),
  project: t.field({
    type: ProjectRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa project id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.project.load(args.id),
  }),
}));
