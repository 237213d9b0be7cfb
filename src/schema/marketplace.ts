/**
 * The Wexa marketplace: connectors and coworkers to browse, one coworker (with whether an update is
 * available), and hiring one.
 */
import type { LooseItem } from '../wexa/model.js';
import { builder } from './builder.js';
import { pageArgs } from './connections.js';
import { definedOnly } from './inputs.js';
import { looseFields, looseType } from './loose.js';
import { sliceConnection } from './paging.js';
import { customer } from '../loaders/customer.js';
import { coworkerUpdate, marketplaceConnectors, marketplaceCoworker, marketplaceCoworkers } from '../loaders/marketplace.js';

const MarketplaceConnectorRef = looseType('MarketplaceConnector', 'A connector offered in the marketplace.');

const MarketplaceCoworkerRef = builder.objectRef<LooseItem>('MarketplaceCoworker').implement({
  description: 'A ready-made coworker (agentflow) offered in the marketplace. The upstream shape is undocumented: `raw` holds every field as sent.',
  fields: (t) => ({
    ...looseFields(t),
    updateCheck: t.field({
      type: 'JSON',
      nullable: true,
      description: "Whether a newer version is out than the one the caller's organisation hired (upstream answer, verbatim).",
      resolve: (c, _args, ctx) => (c.id === null ? null : ctx.loaders.get(coworkerUpdate).load(c.id)),
    }),
  }),
});

const CoworkerConnection = builder.connectionObject(
  { type: MarketplaceCoworkerRef, name: 'MarketplaceCoworkerConnection' },
  { name: 'MarketplaceCoworkerEdge' },
);

const MarketplaceRef = builder.objectRef<Record<string, never>>('Marketplace').implement({
  description: 'What the Wexa marketplace offers.',
  fields: (t) => ({
    connectors: t.field({
      type: [MarketplaceConnectorRef],
      args: {
        search: t.arg.string({ required: false }),
        projectId: t.arg.id({ required: false, description: 'Mark which ones this project already has.' }),
        filterType: t.arg.string({ required: false, description: '`all` (default), `premium` or `free`.' }),
      },
      resolve: async (_m, args, ctx) =>
        (
          await ctx.loaders.get(marketplaceConnectors).load(definedOnly({ search: args.search, projectId: args.projectId, filterType: args.filterType }))
        ).items,
    }),
    coworkers: t.field({
      type: CoworkerConnection,
      args: { ...pageArgs(t.arg), search: t.arg.string({ required: false }) },
      description: 'Coworkers on offer (the upstream takes only a limit, so the list is read once and paged here).',
      resolve: async (_m, args, ctx) => {
        const page = await ctx.loaders.get(marketplaceCoworkers).load(definedOnly({ search: args.search, limit: ctx.config.maxScanItems }));
        return sliceConnection(args, ctx.config, page.items, page.total === null || page.total <= page.items.length);
      },
    }),
    coworker: t.field({
      type: MarketplaceCoworkerRef,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_m, args, ctx) => ctx.loaders.get(marketplaceCoworker).load(args.id),
    }),
  }),
});

builder.queryField('marketplace', (t) => t.field({ type: MarketplaceRef, resolve: () => ({}) }));

builder.relayMutationField(
  'hireCoworker',
  {
    description: "Hires a marketplace coworker for the caller's organisation (Wexa adds it as an agentflow).",
    inputFields: (t) => ({
      coworkerId: t.id({ required: true }),
      organizationId: t.id({ required: false, description: "Defaults to the key's organisation." }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const organizationId = input.organizationId ?? (await ctx.loaders.get(customer).load('self')).organizationId;
      const result = await ctx.wexa.marketplace.hire(input.coworkerId, organizationId);
      ctx.loaders.get(coworkerUpdate).clear(input.coworkerId);
      return { result };
    },
  },
  { outputFields: (t) => ({ result: t.field({ type: 'JSON', description: 'The upstream answer, verbatim (undocumented).', resolve: (p) => p.result }) }) },
);
