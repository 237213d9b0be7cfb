/**
 * `Project` itself: the node and its own fields (name, status, timestamps…), and the queries that
 * return projects: `projects`, `project`, `projectByName`, `projectsOfUser`.
 *
 * Every field of `Project` is in this folder, by concern: what the project holds (`lists.ts`), its
 * data, settings, analytics and credits (`data.ts`), its tables (`tables.ts`); the project
 * mutations are in `mutations.ts`.
 */
import type { GraphContext } from '../../context.js';
import { projectById, projectByName, projectPage, userProjects } from '../../loaders/projects.js';
import type { Project } from '../../wexa/model.js';
import { builder } from '../builder.js';
import { ProjectConnection, pageArgs } from '../connections.js';
import { OBJECT_ID, wexaIdField } from '../fields.js';
import { requireText } from '../inputs.js';
import { upstreamConnection } from '../paging.js';
import { ProjectRef } from '../refs.js';
import { selectsOnly } from '../selection.js';

/** Project fields that need only the project's id (its own ids, and the lists of `lists.ts` that read by project id). */
const ID_ONLY_FIELDS = new Set(['id', 'wexaId', 'agentflows', 'tasks', 'executions', 'dashboard', 'connectors', 'inbox']);

/** A project known by its id only; resolvers of its other fields are never reached (see ID_ONLY_FIELDS). */
const projectStub = (id: string): Project => ({ id }) as Project;

builder.node(ProjectRef, {
  id: { resolve: (project) => project.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(projectById).load(id),
  description: 'A Wexa project: agentflows, tasks, executions, a dashboard, connectors and an inbox.',
  fields: (t) => ({
    wexaId: wexaIdField(t, OBJECT_ID),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    status: t.exposeString('status', { nullable: true, description: 'Free-form upstream status, e.g. `published`.' }),
    coworkerRole: t.exposeString('coworkerRole', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
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
  projectByName: t.field({
    type: ProjectRef,
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const project = await ctx.loaders.get(projectByName).load(requireText('name', args.name));
      ctx.loaders.get(projectById).prime(project.id, project);
      return project;
    },
  }),
  projectsOfUser: t.field({
    type: [ProjectRef],
    description: 'The projects one user of the organisation created.',
    args: { userId: t.arg.id({ required: true, description: 'The Wexa user id.' }) },
    resolve: async (_root, args, ctx) => {
      const page = await ctx.loaders.get(userProjects).load(args.userId);
      page.items.forEach((p) => ctx.loaders.get(projectById).prime(p.id, p));
      return page.items;
    },
  }),
}));
