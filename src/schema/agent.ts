/**
 * `Agent`: one step of an agentflow, with its LLM settings and skills. Agents have no endpoint of
 * their own, so an agent's global id carries its agentflow's id and refetching loads the agentflow.
 */
import type { GraphContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { Llm } from '../wexa/model.js';
import { agentsOf } from './agentflow.js';
import { builder } from './builder.js';
import { joinId, orNullIfMissing, splitId } from './node.js';
import { AgentRef, AgentflowRef, SkillRef } from './refs.js';

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
    const flow = await ctx.loaders.agentflow.load(parentId);
    const found = agentsOf(flow).find((a) => a.agent.id === id);
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
        Promise.all(a.agent.skills.map(async (s) => (s.name === null ? ((await orNullIfMissing(ctx.loaders.skill.load(s.id))) ?? s) : s))),
    }),
    nextAgent: t.field({
      type: AgentRef,
      nullable: true,
      resolve: (a) => {
        const next = a.siblings.find((s) => s.id === a.agent.nextAgentId);
        return next ? { agentflowId: a.agentflowId, agent: next, siblings: a.siblings } : null;
      },
    }),
    agentflow: t.field({ type: AgentflowRef, resolve: (a, _args, ctx) => ctx.loaders.agentflow.load(a.agentflowId) }),
  }),
});
