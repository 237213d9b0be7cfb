/**
 * A project's data as fields of `Project`: analytics, settings, tags, trigger actions, connector
 * configuration (and `configureConnector`, which sets it), LinkedIn search parameters, and
 * `creditsSpent` (from the organisation's credit history, which `viewer.ts` pages).
 */
import type { GraphContext } from '../../context.js';
import { connectorConfig, linkedinParams, triggerActions } from '../../loaders/connectors.js';
import { creditScan } from '../../loaders/customer.js';
import { projectAnalytics, projectSettings, projectTags } from '../../loaders/project-data.js';
import type { TriggerAction } from '../../wexa/model.js';
import { builder } from '../builder.js';
import { rawField, wexaIdField } from '../fields.js';
import { definedOnly } from '../inputs.js';
import { connectorLink, orNullIfMissing } from '../links.js';
import { looseType } from '../loose.js';
import { ProjectRef } from '../refs.js';

const TagRef = looseType('Tag', 'A tag of a project.');
const LinkedinParamRef = looseType('LinkedinParam', 'A LinkedIn search suggestion (a person, company, place or industry).');

const TriggerActionRef = builder.objectRef<TriggerAction>('TriggerAction').implement({
  description: 'An event of a connector that can start a coworker.',
  fields: (t) => ({
    wexaId: wexaIdField(t),
    name: t.exposeString('name', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    connector: connectorLink(t, (a) => a.connectorId),
    raw: rawField(t),
  }),
});

/** Credits a project spent, from the organisation's credit history (one read per operation). */
async function creditsSpent(ctx: GraphContext, projectId: string): Promise<number> {
  const scan = await ctx.loaders.get(creditScan).load('self');
  return scan.items.filter((r) => r.projectId === projectId).reduce((sum, r) => sum + r.credits, 0);
}

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
        await ctx.loaders.get(linkedinParams).load(
          definedOnly({ projectId: p.id, searchType: args.searchType, keyword: args.keyword, limit: args.limit, connectorId: args.connectorId }),
        )
      ).items,
  }),
  creditsSpent: t.float({
    description:
      "Credits this project spent: the sum of its rows in the organisation's credit history (as far as the first MAX_SCAN_ITEMS rows the upstream returns; null-free, 0 when none).",
    resolve: (project, _args, ctx) => creditsSpent(ctx, project.id),
  }),
}));

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
