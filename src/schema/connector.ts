/**
 * `Connector`: an integration a project's agents use. The node and every field of it (its files
 * too; the `File` type is in `files.ts`), `Query.connector`, and the connector mutations (change
 * status, delete). A project's connector configuration is in `project/data.ts`.
 */
import type { GraphContext } from '../context.js';
import { connectorById } from '../loaders/connectors.js';
import { connectorFiles } from '../loaders/tables.js';
import { builder } from './builder.js';
import { ConnectorStatusEnum, SettableConnectorStatusEnum } from './enums.js';
import { OBJECT_ID, wexaIdField } from './fields.js';
import { FileRef } from './files.js';
import { optionalProjectLink } from './links.js';
import { ConnectorRef } from './refs.js';

builder.node(ConnectorRef, {
  id: { resolve: (c) => c.id },
  loadOne: (id, ctx: GraphContext) => ctx.loaders.get(connectorById).load(id),
  description: 'A connector (an integration such as a mail or CRM account) of a project.',
  fields: (t) => ({
    wexaId: wexaIdField(t, OBJECT_ID),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    status: t.expose('status', { type: ConnectorStatusEnum }),
    statusRaw: t.exposeString('statusRaw', { description: 'The status exactly as the upstream sent it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    project: optionalProjectLink(t, 'error'),
    files: t.field({
      type: [FileRef],
      resolve: async (c, _args, ctx) => (c.projectId === null ? [] : (await ctx.loaders.get(connectorFiles).load({ projectId: c.projectId, id: c.id })).items),
    }),
  }),
});

builder.queryField('connector', (t) =>
  t.field({
    type: ConnectorRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The Wexa connector id.' }) },
    resolve: (_root, args, ctx) => ctx.loaders.get(connectorById).load(args.id),
  }),
);

builder.relayMutationField(
  'updateConnectorStatus',
  {
    inputFields: (t) => ({
      connectorId: t.id({ required: true }),
      status: t.field({ type: SettableConnectorStatusEnum, required: true }),
      dataLoaderConfig: t.field({ type: 'JSON', required: false }),
    }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.connectors.changeStatus({
        connectorId: input.connectorId,
        status: input.status,
        dataLoaderConfig: input.dataLoaderConfig,
      });
      // The upstream answers with an acknowledgement only; read the connector back for the payload.
      const connector = await ctx.loaders.get(connectorById).clear(input.connectorId).load(input.connectorId);
      return { connector, message: ack.message };
    },
  },
  {
    outputFields: (t) => ({
      connector: t.field({ type: ConnectorRef, resolve: (p) => p.connector }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
    }),
  },
);

builder.relayMutationField(
  'deleteConnector',
  { inputFields: (t) => ({ projectId: t.id({ required: true }), connectorId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const ack = await ctx.wexa.connectors.delete(input.projectId, input.connectorId);
      ctx.loaders.get(connectorById).clear(input.connectorId);
      return { deletedConnectorId: input.connectorId, message: ack.message };
    },
  },
  {
    outputFields: (t) => ({
      deletedConnectorId: t.id({ resolve: (p) => p.deletedConnectorId }),
      message: t.string({ nullable: true, resolve: (p) => p.message }),
    }),
  },
);
