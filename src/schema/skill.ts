/**
 * `Skill`: a capability an agent may use (usually backed by a connector), with its actions and their
 * input/output schemas; `Query.skill`; `createSkill`. A project's skills (`Project.skills`) are a
 * field of `Project`, in `project/lists.ts`; an agent's (`Agent.skills`), in `agent.ts`.
 */
import type { GraphContext } from '../context.js';
import type { InputField, Skill, SkillAction } from '../wexa/model.js';
import { builder } from './builder.js';
import { UNNAMED_FIELDS, rawField, wexaIdField } from './fields.js';
import { definedOnly, requireText } from './inputs.js';
import { connectorLink, orNullIfMissing } from './links.js';
import { ProjectRef, SkillRef } from './refs.js';
import { customer } from '../loaders/customer.js';
import { projectById } from '../loaders/projects.js';
import { skillById } from '../loaders/skills.js';

const SchemaFieldRef = builder.objectRef<InputField>('SchemaField').implement({
  description: 'One field of a skill action\'s input or output schema.',
  fields: (t) => ({
    id: t.exposeString('id'),
    label: t.exposeString('label', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    required: t.exposeBoolean('required'),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const SkillActionRef = builder.objectRef<SkillAction>('SkillAction').implement({
  description: 'One step a skill can take, with what it takes and what it gives back.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    name: t.exposeString('name', { nullable: true }),
    endpoint: t.exposeString('endpoint', { nullable: true }),
    sort: t.exposeString('sort', { nullable: true }),
    category: t.exposeString('category', { nullable: true, description: 'The connector category, e.g. `content_creator`.' }),
    isTerminal: t.exposeBoolean('isTerminal'),
    previousActionId: t.exposeString('previousActionId', { nullable: true }),
    nextActionId: t.exposeString('nextActionId', { nullable: true }),
    inputSchema: t.field({ type: [SchemaFieldRef], resolve: (a) => a.inputFields }),
    outputSchema: t.field({ type: [SchemaFieldRef], resolve: (a) => a.outputFields }),
    raw: rawField(t, UNNAMED_FIELDS),
  }),
});

/** The full skill: itself when it came with its actions, else loaded by id. */
async function fullSkill(ctx: GraphContext, skill: Skill): Promise<Skill> {
  if (skill.actions !== undefined) return skill;
  return (await orNullIfMissing(ctx.loaders.get(skillById).load(skill.id))) ?? skill;
}

builder.node(SkillRef, {
  id: { resolve: (s) => s.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(skillById).load(id),
  description: 'A capability an agent may use, usually backed by a connector.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    name: t.exposeString('name', { nullable: true, description: 'Null when the upstream sent only the id and it could not be loaded.' }),
    description: t.exposeString('description', { nullable: true }),
    connectorId: t.exposeString('connectorId', { nullable: true }),
    connectorName: t.exposeString('connectorName', { nullable: true }),
    logo: t.exposeString('logo', { nullable: true }),
    actions: t.field({
      type: [SkillActionRef],
      resolve: async (s, _args, ctx) => (await fullSkill(ctx, s)).actions ?? [],
    }),
    connector: connectorLink(t, (s) => s.connectorId),
    project: t.field({
      type: ProjectRef,
      nullable: true,
      resolve: async (s, _args, ctx) => {
        const projectId = (await fullSkill(ctx, s)).projectId ?? null;
        return projectId === null ? null : orNullIfMissing(ctx.loaders.get(projectById).load(projectId));
      },
    }),
    raw: rawField(t, UNNAMED_FIELDS),
  }),
});

builder.queryField('skill', (t) =>
  t.field({
    type: SkillRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa skill id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(skillById).load(args.id),
  }),
);

builder.relayMutationField(
  'createSkill',
  {
    description: 'Creates a skill on a connector of the project.',
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      connectorId: t.id({ required: true }),
      name: t.string({ required: true }),
      description: t.string({ required: true }),
      connectorName: t.string({ required: true, description: 'The connector name shown with the skill, e.g. `Content creator`.' }),
      logo: t.string({ required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const skill = await ctx.wexa.skills.create(input.projectId, {
        ...definedOnly({
          name: requireText('name', input.name),
          description: input.description,
          connectorId: input.connectorId,
          connectorName: requireText('connectorName', input.connectorName),
          logo: input.logo,
        }),
        userId: (await ctx.loaders.get(customer).load('self')).userId,
      });
      ctx.loaders.get(skillById).prime(skill.id, skill);
      return { skill };
    },
  },
  { outputFields: (t) => ({ skill: t.field({ type: SkillRef, resolve: (p) => p.skill }) }) },
);
