/**
 * Project extras: analytics, settings, tags, trigger actions, connector configuration, LinkedIn
 * search parameters, `Query.projectByName`, `updateAgentflow`, and `Agentflow.monitor`.
 */
import { BadUserInputError } from '../errors.js';
import { builder } from './builder.js';
import { looseType } from './loose.js';
import { orNullIfMissing } from './links.js';
import { AgentflowRef, ConnectorRef, ProjectRef } from './refs.js';
import { requireText } from './inputs.js';
import type { TriggerAction } from '../wexa/model.js';
import { agentflowById, agentflowMonitor } from '../loaders/agentflows.js';
import { connectorById, connectorConfig, linkedinParams, triggerActions } from '../loaders/connectors.js';
import { projectAnalytics, projectSettings, projectTags } from '../loaders/project-data.js';
import { projectById, projectByName, userProjects } from '../loaders/projects.js';

const TagRef = looseType('Tag', 'A tag of a project.');
const LinkedinParamRef = looseType('LinkedinParam', 'A LinkedIn search suggestion (a person, company, place or industry).');

const TriggerActionRef = builder.objectRef<TriggerAction>('TriggerAction').implement({
  description: 'An event of a connector that can start a coworker.',
  fields: (t) => ({
    wexaId: t.exposeString('id'),
    name: t.exposeString('name', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    connector: t.field({
      type: ConnectorRef,
      nullable: true,
      resolve: (a, _args, ctx) => (a.connectorId === null ? null : orNullIfMissing(ctx.loaders.get(connectorById).load(a.connectorId))),
    }),
    raw: t.field({ type: 'JSON', resolve: (a) => a.extra }),
  }),
});

builder.objectFields(ProjectRef, (t) => ({
  analytics: t.field({
    type: 'JSON',
    description: 'Usage analytics of the project, as the upstream sends them (shape undocumented).',
    resolve: (p, _args, ctx) => ctx.loaders.get(projectAnalytics).load(p.id),
  }),
  settings: t.field({
    type: 'JSON',
    description: 'Project settings, as the upstream sends them (shape undocumented).',
    resolve: (p, _args, ctx) => ctx.loaders.get(projectSettings).load(p.id),
  }),
  tags: t.field({ type: [TagRef], resolve: async (p, _args, ctx) => (await ctx.loaders.get(projectTags).load(p.id)).items }),
  triggerActions: t.field({
    type: [TriggerActionRef],
    description: "Events of the project's connectors that can start a coworker.",
    resolve: async (p, _args, ctx) => (await ctx.loaders.get(triggerActions).load(p.id)).items,
  }),
  connectorConfig: t.field({
    type: 'JSON',
    nullable: true,
    description: 'The configuration of a connector category (e.g. `mail`, `linkedin`), or null when none is set.',
    args: { category: t.arg.string({ required: true }) },
    resolve: (p, args, ctx) => orNullIfMissing(ctx.loaders.get(connectorConfig).load({ projectId: p.id, id: args.category })),
  }),
  linkedinParams: t.field({
    type: [LinkedinParamRef],
    description: 'LinkedIn search suggestions for a LinkedIn connector of the project.',
    args: {
      searchType: t.arg.string({ required: true, description: 'PEOPLE, COMPANY, GEO or INDUSTRY.' }),
      keyword: t.arg.string({ required: true }),
      limit: t.arg.int({ required: false }),
      connectorId: t.arg.id({ required: false }),
    },
    resolve: async (p, args, ctx) =>
      (
        await ctx.loaders.get(linkedinParams).load({
          projectId: p.id,
          searchType: args.searchType,
          keyword: args.keyword,
          ...(args.limit == null ? {} : { limit: args.limit }),
          ...(args.connectorId == null ? {} : { connectorId: args.connectorId }),
        })
      ).items,
  }),
}));

builder.objectField(AgentflowRef, 'monitor', (t) =>
  t.field({
    type: 'JSON',
    description: "Live monitoring data of this agentflow's executions, as the upstream sends it (shape undocumented).",
    resolve: (flow, _args, ctx) => ctx.loaders.get(agentflowMonitor).load(flow.id),
  }),
);

builder.queryField('projectByName', (t) =>
  t.field({
    type: ProjectRef,
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const project = await ctx.loaders.get(projectByName).load(requireText('name', args.name));
      ctx.loaders.get(projectById).prime(project.id, project);
      return project;
    },
  }),
);

builder.queryField('projectsOfUser', (t) =>
  t.field({
    type: [ProjectRef],
    description: 'The projects one user of the organisation created.',
    args: { userId: t.arg.id({ required: true, description: 'The Wexa user id.' }) },
    resolve: async (_root, args, ctx) => {
      const page = await ctx.loaders.get(userProjects).load(args.userId);
      page.items.forEach((p) => ctx.loaders.get(projectById).prime(p.id, p));
      return page.items;
    },
  }),
);

builder.relayMutationField(
  'configureConnector',
  {
    description: 'Sets the configuration of a connector category for the project (settings are connector specific).',
    inputFields: (t) => ({
      projectId: t.id({ required: true }),
      category: t.string({ required: true, description: 'e.g. `mail`, `whatsapp`, `linkedin`, `restful`, `content_creator`.' }),
      settings: t.field({ type: 'JSON', required: true, description: 'A JSON object.' }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const config = await ctx.wexa.connectorConfig.configure(input.projectId, input.category, input.settings);
      ctx.loaders.get(connectorConfig).clear({ projectId: input.projectId, id: input.category });
      return { config };
    },
  },
  { outputFields: (t) => ({ config: t.field({ type: 'JSON', resolve: (p) => p.config }) }) },
);

builder.relayMutationField(
  'updateAgentflow',
  {
    inputFields: (t) => ({
      agentflowId: t.id({ required: true }),
      name: t.string({ required: false }),
      description: t.string({ required: false }),
      role: t.string({ required: false }),
      image: t.string({ required: false }),
      isActive: t.boolean({ required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const { agentflowId, ...rest } = input;
      const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v != null));
      if (Object.keys(patch).length === 0) throw new BadUserInputError('Give at least one of name, description, role, image, isActive.');
      const agentflow = await ctx.wexa.agentflows.update(agentflowId, patch);
      ctx.loaders.get(agentflowById).clear(agentflow.id).prime(agentflow.id, agentflow);
      return { agentflow };
    },
  },
  { outputFields: (t) => ({ agentflow: t.field({ type: AgentflowRef, resolve: (p) => p.agentflow }) }) },
);
