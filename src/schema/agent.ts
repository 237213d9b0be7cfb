/**
 * `Agent`: one step of an agentflow, with its LLM settings and skills, and the skilled-agent
 * mutations (add, update). Agents have no endpoint of their own, so an agent's global id carries its
 * agentflow's id and refetching loads the agentflow.
 */
import type { GraphContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { AddedAgent, SkilledAgentInput } from '../wexa/api.js';
import type { Agentflow, Llm } from '../wexa/model.js';
import { agentOf } from './agentflow.js';
import { builder } from './builder.js';
import type { InputFields, ObjectFields } from './fields.js';
import { definedOnly, requireText } from './inputs.js';
import { orNullIfMissing } from './links.js';
import { joinId, splitId } from './node.js';
import { AgentRef, AgentflowRef, SkillRef, type AgentInFlow } from './refs.js';
import { agentflowById } from '../loaders/agentflows.js';
import { skillById } from '../loaders/skills.js';

const LlmRef = builder.objectRef<Llm>('Llm').implement({
  description: 'The language model an agent runs on.',
  fields: (t) => ({
    model: t.exposeString('model', { nullable: true }),
    temperature: t.exposeFloat('temperature', { nullable: true }),
    maxTokens: t.exposeInt('maxTokens', { nullable: true }),
  }),
});

builder.node(AgentRef, {
  id: {
    resolve: (a) => joinId(a.agentflowId, a.agent.id),
    parse: (id) => splitId('Agent', id),
  },
  loadOne: async ({ parentId, id }, ctx: GraphContext) => {
    const found = agentOf(await ctx.loaders.get(agentflowById).load(parentId), id);
    if (!found) throw new NotFoundError(`Agent ${id} not found in agentflow ${parentId}.`);
    return found;
  },
  description: 'An agent: one step of an agentflow.',
  fields: (t) => ({
    wexaId: t.string({ resolve: (a) => a.agent.id }),
    title: t.string({ nullable: true, resolve: (a) => a.agent.title }),
    role: t.string({ nullable: true, resolve: (a) => a.agent.role }),
    roleDescription: t.string({ nullable: true, resolve: (a) => a.agent.roleDescription }),
    type: t.string({ nullable: true, description: 'e.g. `skilled_agent`.', resolve: (a) => a.agent.type }),
    promptTemplate: t.string({ nullable: true, resolve: (a) => a.agent.promptTemplate }),
    llm: t.field({ type: LlmRef, nullable: true, resolve: (a) => a.agent.llm }),
    skills: t.field({
      type: [SkillRef],
      description: 'The skills the agent may use, with their actions. A skill the upstream sent as a bare id is loaded by id.',
      resolve: (a, _args, ctx) =>
        Promise.all(a.agent.skills.map(async (s) => (s.name === null ? ((await orNullIfMissing(ctx.loaders.get(skillById).load(s.id))) ?? s) : s))),
    }),
    nextAgent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: (a) => {
        const next = a.siblings.find((s) => s.id === a.agent.nextAgentId);
        return next ? { agentflowId: a.agentflowId, agent: next, siblings: a.siblings } : null;
      },
    }),
    agentflow: t.field({ type: AgentflowRef, resolve: (a, _args, ctx) => ctx.loaders.get(agentflowById).load(a.agentflowId) }),
  }),
});

const LlmInput = builder.inputType('LlmInput', {
  fields: (t) => ({
    model: t.string({ required: true, description: 'e.g. `azure/gpt-4o`.' }),
    temperature: t.float({ required: true }),
    maxTokens: t.int({ required: true }),
  }),
});

/** The fields of a skilled agent, shared by add and update. */
const agentFields = (t: InputFields) => ({
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

/** The upstream's agent fields from either mutation's input. */
function skilledAgent(input: {
  title: string;
  role: string;
  roleDescription: string;
  skillIds: readonly (string | number)[];
  llm: SkilledAgentInput['llm'];
  promptTemplate: string;
  isPreviewModeEnabled?: boolean | null;
}): SkilledAgentInput {
  return definedOnly({
    title: requireText('title', input.title),
    role: input.role,
    roleDescription: input.roleDescription,
    skillIds: input.skillIds.map(String),
    llm: input.llm,
    promptTemplate: input.promptTemplate,
    isPreviewModeEnabled: input.isPreviewModeEnabled,
  });
}

/** The agent with this id in the agentflow the upstream returned. */
function changedAgent(flow: Agentflow, agentId: string): AgentInFlow {
  const found = agentOf(flow, agentId);
  if (!found) throw new NotFoundError(`Agent ${agentId} is not in agentflow ${flow.id} after the change.`);
  return found;
}

const agentPayload = {
  outputFields: (t: ObjectFields<AddedAgent>) => ({
    agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }),
    agent: t.field({ type: AgentRef, resolve: (p) => changedAgent(p.agentflow, p.agentId) }),
  }),
};

builder.relayMutationField(
  'addSkilledAgent',
  {
    inputFields: (t) => ({ ...agentFields(t), agentId: t.id({ required: false, description: 'Generated when omitted.' }) }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const { agentflow, agentId } = await ctx.wexa.agentflows.addSkilledAgent(input.projectId, input.agentflowId, {
        ...definedOnly({ id: input.agentId }),
        ...skilledAgent(input),
      });
      ctx.loaders.get(agentflowById).clear(agentflow.id).prime(agentflow.id, agentflow);
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
      const agentflow = await ctx.wexa.agentflows.updateSkilledAgent(input.projectId, input.agentflowId, input.agentId, skilledAgent(input));
      ctx.loaders.get(agentflowById).clear(agentflow.id).prime(agentflow.id, agentflow);
      return { agentflow, agentId: input.agentId };
    },
  },
  agentPayload,
);
