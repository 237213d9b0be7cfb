/**
 * Dashboard and connector mutations.
 */
import { builder } from '../builder.js';
import { SettableConnectorStatusEnum } from '../enums.js';
import { ConnectorRef, DashboardRef } from '../refs.js';

builder.relayMutationField(
  'refreshDashboard',
  { description: "Recomputes the data of a project's dashboard components.", inputFields: (t) => ({ projectId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const dashboard = await ctx.wexa.dashboards.refresh(input.projectId);
      ctx.loaders.dashboard.clear(input.projectId).prime(input.projectId, dashboard);
      return { dashboard };
    },
  },
  { outputFields: (t) => ({ dashboard: t.field({ type: DashboardRef, resolve: (p) => p.dashboard }) }) },
);

builder.relayMutationField(
  'deleteDashboardComponent',
  {
    inputFields: (t) => ({ projectId: t.id({ required: true }), componentId: t.id({ required: true }) }),
  },
  {
    resolve: async (_root, { input }, ctx) => {
      const dashboard = await ctx.wexa.dashboards.deleteComponent(input.projectId, input.componentId);
      ctx.loaders.dashboard.clear(input.projectId).prime(input.projectId, dashboard);
      return { dashboard, deletedComponentId: input.componentId };
    },
  },
  {
    outputFields: (t) => ({
      dashboard: t.field({ type: DashboardRef, resolve: (p) => p.dashboard }),
      deletedComponentId: t.id({ resolve: (p) => p.deletedComponentId }),
    }),
  },
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
      const connector = await ctx.loaders.connector.clear(input.connectorId).load(input.connectorId);
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
      ctx.loaders.connector.clear(input.connectorId);
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
