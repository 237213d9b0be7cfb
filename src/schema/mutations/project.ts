/**
 * Project and agentflow mutations: create / update / delete a project, create an agentflow, add or
 * update a skilled agent.
 */
import type { GraphContext } from '../../context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { newObjectId } from '../../wexa/ids.js';
import type { Agentflow } from '../../wexa/model.js';
import { agentsOf } from '../agentflow.js';
import { builder, type BuilderTypes } from '../builder.js';
import { AgentRef, AgentflowRef, ProjectRef } from '../refs.js';
import { requireText } from './inputs.js';

/** The organisation to write under: the one given, else the key's own. */
async function orgIdFor(ctx: GraphContext, given: string | null | undefined): Promise<string> {
  return given ?? (await ctx.wexa.customer.get()).organizationId;
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
      ctx.loaders.project.prime(project.id, project);
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
      ctx.loaders.project.clear(project.id).prime(project.id, project);
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
      ctx.loaders.project.clear(input.projectId);
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
      ctx.loaders.agentflow.prime(agentflow.id, agentflow);
      return { agentflow };
    },
  },
  { outputFields: (t) => ({ agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }) }) },
);

const LlmInput = builder.inputType('LlmInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'e.g. `azure/gpt-4o`.' }),
    temperature: t.float({ required: true }),
    maxTokens: t.int({ required: true }),
  }),
});

/** The fields of a skilled agent, shared by add and update. */
const agentFields = (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) => ({
  projectId: t.id({ required: true }),
  agentflowId: t.id({ required: true }),
  title: t.string({ required: true }),
  role: t.string({ required: true }),
  roleDescription: t.string({ required: true }),
  skillIds: t.idList({ required: true, description: 'Ids of the skills the agent may use.' }),
  llm: t.field({ type: LlmInput, required: true }),
  promptTemplate: t.string({ required: true }),
  isPreviewModeEnabled: t.boolean({
    required: false,
    description: 'When true, every execution stops before this agent runs and asks a person to approve a preview (an inbox request).',
  }),
});

/** The agent with this id in the agentflow the upstream returned. */
function agentIn(flow: Agentflow, agentId: string) {
  const found = agentsOf(flow).find((a) => a.agent.id === agentId);
  if (!found) throw new NotFoundError(`Agent ${agentId} is not in agentflow ${flow.id} after the change.`);
  return found;
}

const agentPayload = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, { agentflow: Agentflow; agentId: string }>) => ({
    agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }),
    agent: t.field({ type: AgentRef, resolve: (p) => agentIn(p.agentflow, p.agentId) }),
  }),
};

builder.relayMutationField(
  'addSkilledAgent',
  {
    inputFields: (t) => ({ ...agentFields(t), agentId: t.id({ required: false, description: 'Generated when omitted.' }) }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const agentId = input.agentId ?? newObjectId();
      const agentflow = await ctx.wexa.agentflows.addSkilledAgent(input.projectId, input.agentflowId, {
        id: agentId,
        title: requireText('title', input.title),
        role: input.role,
        roleDescription: input.roleDescription,
        skillIds: input.skillIds,
        llm: input.llm,
        promptTemplate: input.promptTemplate,
        ...(input.isPreviewModeEnabled == null ? {} : { isPreviewModeEnabled: input.isPreviewModeEnabled }),
      });
      ctx.loaders.agentflow.clear(agentflow.id).prime(agentflow.id, agentflow);
      return { agentflow, agentId };
    },
  },
  agentPayload,
);

builder.relayMutationField(
  'updateSkilledAgent',
  { inputFields: (t) => ({ ...agentFields(t), agentId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const agentflow = await ctx.wexa.agentflows.updateSkilledAgent(input.projectId, input.agentflowId, input.agentId, {
        title: requireText('title', input.title),
        role: input.role,
        roleDescription: input.roleDescription,
        skillIds: input.skillIds,
        llm: input.llm,
        promptTemplate: input.promptTemplate,
        ...(input.isPreviewModeEnabled == null ? {} : { isPreviewModeEnabled: input.isPreviewModeEnabled }),
      });
      ctx.loaders.agentflow.clear(agentflow.id).prime(agentflow.id, agentflow);
      return { agentflow, agentId: input.agentId };
    },
  },
  agentPayload,
);
