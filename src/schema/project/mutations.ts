/**
 * The project mutations: `createProject`, `updateProject`, `deleteProject`. Mutations that change
 * what a project holds are with what they change (`tables.ts`, `data.ts`, `../agentflow.ts`…).
 */
import type { GraphContext } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import { customer } from '../../loaders/customer.js';
import { projectById } from '../../loaders/projects.js';
import { builder } from '../builder.js';
import { definedOnly, optionalText, requireText } from '../inputs.js';
import { ProjectRef } from '../refs.js';

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
      const project = await ctx.wexa.projects.create(
        definedOnly({
          orgId: await orgIdFor(ctx, input.orgId),
          name: requireText('name', input.name),
          description: input.description,
          coworkerRole: requireText('coworkerRole', input.coworkerRole),
          status: input.status,
        }),
      );
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
      const project = await ctx.wexa.projects.update(
        input.projectId,
        definedOnly({
          orgId: await orgIdFor(ctx, input.orgId),
          name: optionalText('name', input.name),
          description: input.description,
          coworkerRole: optionalText('coworkerRole', input.coworkerRole),
        }),
      );
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
