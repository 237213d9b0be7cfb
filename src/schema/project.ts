/**
 * `Project`: the root of everything else, the `projects` / `project` queries and the project
 * mutations (create, update, delete).
 */
import type { GraphContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import type { Execution, Project, Task } from '../wexa/model.js';
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
import { orNullIfMissing } from './links.js';
import { sliceConnection, upstreamConnection } from './paging.js';
import { DashboardRef, ProjectRef } from './refs.js';
import { requireText } from './inputs.js';
import { selectsOnly } from './selection.js';
import { agentflowPage } from '../loaders/agentflows.js';
import { connectorList } from '../loaders/connectors.js';
import { customer } from '../loaders/customer.js';
import { executionPage, executionScan } from '../loaders/executions.js';
import { inboxList } from '../loaders/inbox.js';
import { projectDashboard } from '../loaders/project-data.js';
import { projectById, projectPage } from '../loaders/projects.js';
import { taskPage, taskScan } from '../loaders/tasks.js';

/** Project fields that need only the project's id. */
const ID_ONLY_FIELDS = new Set(['id', 'wexaId', 'agentflows', 'tasks', 'executions', 'dashboard', 'connectors', 'inbox']);

/** A project known by its id only; resolvers of its other fields are never reached (see ID_ONLY_FIELDS). */
const projectStub = (id: string): Project => ({ id }) as Project;

builder.node(ProjectRef, {
  id: { resolve: (project) => project.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(projectById).load(id),
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
  }),
});

builder.queryFields((t) => ({
  projects: t.field({
    type: ProjectConnection,
    args: pageArgs(t.arg),
    description: 'The projects the API key can see.',
    resolve: (_root, args, ctx) =>
      upstreamConnection(args, ctx.config, (skip, limit) => ctx.loaders.get(projectPage).load({ skip, limit })),
  }),
  project: t.field({
    type: ProjectRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa project id.' }) },
    resolve: (_root, args, ctx, info) =>
      // A project asked only for what its id gives (its lists, its dashboard…) is not read at all.
      selectsOnly(info, ID_ONLY_FIELDS) ? projectStub(args.id) : ctx.loaders.get(projectById).load(args.id),
  }),
}));

/** The organisation to write under: the one given, else the key's own. */
async function orgIdFor(ctx: GraphContext, given: string | null | undefined): Promise<string> {
  return given ?? (await ctx.loaders.get(customer).load('self')).organizationId;
}

builder.relayMutationField(
  'createProject',
  {
    inputFields: (t) => ({
      name: t.string({ required: true }),
      description: t.string({ required: true }),
      coworkerRole: t.string({ required: true, description: 'The role of the project coworker, e.g. `Sales Assistant`.' }),
      status: t.string({ required: false, description: 'e.g. `published`.' }),
      orgId: t.id({ required: false, description: "The organisation; defaults to the key's own." }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const project = await ctx.wexa.projects.create({
        orgId: await orgIdFor(ctx, input.orgId),
        name: requireText('name', input.name),
        description: input.description,
        coworkerRole: requireText('coworkerRole', input.coworkerRole),
        ...(input.status != null ? { status: input.status } : {}),
      });
      ctx.loaders.get(projectById).prime(project.id, project);
      return { project };
    },
  },
  { outputFields: (t) => ({ project: t.field({ type: ProjectRef, resolve: (p) => p.project }) }) },
);

builder.relayMutationField(
  'updateProject',
  {
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      name: t.string({ required: false }),
      description: t.string({ required: false }),
      coworkerRole: t.string({ required: false }),
      orgId: t.id({ required: false, description: "The organisation; defaults to the key's own." }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      if (input.name == null && input.description == null && input.coworkerRole == null) {
        throw new BadUserInputError('Give at least one of name, description, coworkerRole.');
      }
      const project = await ctx.wexa.projects.update(input.projectId, {
        orgId: await orgIdFor(ctx, input.orgId),
        ...(input.name != null ? { name: requireText('name', input.name) } : {}),
        ...(input.description != null ? { description: input.description } : {}),
        ...(input.coworkerRole != null ? { coworkerRole: requireText('coworkerRole', input.coworkerRole) } : {}),
      });
      ctx.loaders.get(projectById).clear(project.id).prime(project.id, project);
      return { project };
    },
  },
  { outputFields: (t) => ({ project: t.field({ type: ProjectRef, resolve: (p) => p.project }) }) },
);

builder.relayMutationField(
  'deleteProject',
  {
    description: 'Deletes a project with its agentflows, tasks, executions, dashboard, connectors and inbox.',
    inputFields: (t) => ({ projectId: t.id({ required: true }) }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.projects.delete(input.projectId);
      ctx.loaders.get(projectById).clear(input.projectId);
      return { deletedProjectId: input.projectId, message: ack.message };
    },
  },
  {
    outputFields: (t) => ({
      deletedProjectId: t.id({ resolve: (p) => p.deletedProjectId }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
    }),
  },
);
