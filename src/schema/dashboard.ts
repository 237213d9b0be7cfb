/**
 * `Dashboard`: a project's dashboard (one per project; `Project.dashboard` is in `project/lists.ts`),
 * its tabs and components, and the dashboard mutations (refresh, delete a component).
 */
import type { GraphContext } from '../context.js';
import type { Dashboard, DashboardComponent, DashboardLayout, DashboardTab } from '../wexa/model.js';
import { builder } from './builder.js';
import { wexaIdField } from './fields.js';
import { agentflowLink, projectLink } from './links.js';
import { DashboardRef } from './refs.js';
import { projectDashboard } from '../loaders/project-data.js';

interface TabIn {
  tab: DashboardTab;
  dashboard: Dashboard;
}
interface ComponentIn {
  component: DashboardComponent;
  dashboard: Dashboard;
}

const componentsOf = (dashboard: Dashboard): ComponentIn[] =>
  dashboard.components.map((component) => ({ component, dashboard }));

const LayoutRef = builder.objectRef<DashboardLayout>('DashboardLayout').implement({
  description: "A component's place on the dashboard grid.",
  fields: (t) => ({
    x: t.exposeInt('x'),
    y: t.exposeInt('y'),
    w: t.exposeInt('w'),
    h: t.exposeInt('h'),
    minW: t.exposeInt('minW', { nullable: true }),
    minH: t.exposeInt('minH', { nullable: true }),
  }),
});

const TabRef = builder.objectRef<TabIn>('DashboardTab');
const ComponentRef = builder.objectRef<ComponentIn>('DashboardComponent');

TabRef.implement({
  description: 'A tab of a dashboard.',
  fields: (t) => ({
    id: t.id({ description: "The upstream's tab id.", resolve: (x) => x.tab.id }),
    name: t.string({ resolve: (x) => x.tab.name }),
    components: t.field({
      type: [ComponentRef],
      resolve: (x) => componentsOf(x.dashboard).filter((c) => c.component.tabId === x.tab.id),
    }),
  }),
});

ComponentRef.implement({
  description: 'A widget on a dashboard (task manager, chart, …).',
  fields: (t) => ({
    id: t.id({ description: "The upstream's component id.", resolve: (x) => x.component.id }),
    type: t.string({ description: 'e.g. `taskManager`, `barChart`.', resolve: (x) => x.component.type }),
    title: t.string({ nullable: true, resolve: (x) => x.component.title }),
    subtitle: t.string({ nullable: true, resolve: (x) => x.component.subtitle }),
    icon: t.string({ nullable: true, resolve: (x) => x.component.icon }),
    tab: t.field({
      type: TabRef,
      nullable: true,
      resolve: (x) => {
        const tab = x.dashboard.tabs.find((candidate) => candidate.id === x.component.tabId);
        return tab ? { tab, dashboard: x.dashboard } : null;
      },
    }),
    layout: t.field({ type: LayoutRef, nullable: true, resolve: (x) => x.component.layout }),
    data: t.field({ type: 'JSON', nullable: true, resolve: (x) => x.component.data ?? null }),
    query: t.field({ type: 'JSON', nullable: true, resolve: (x) => x.component.query ?? null }),
    agentflow: agentflowLink(t, (x) => x.component.agentflowId),
  }),
});

builder.node(DashboardRef, {
  // A project has one dashboard and the upstream addresses it by project, so the project id is its key.
  id: { resolve: (d) => d.projectId },
  loadOne: (projectId, ctx: GraphContext) => ctx.loaders.get(projectDashboard).load(projectId),
  description: "A project's dashboard.",
  fields: (t) => ({
    wexaId: wexaIdField(t, "The upstream's own id of the dashboard."),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    project: projectLink(t),
    agentflow: agentflowLink(t, (d) => d.agentflowId),
    tabs: t.field({ type: [TabRef], resolve: (d) => d.tabs.map((tab) => ({ tab, dashboard: d })) }),
    components: t.field({ type: [ComponentRef], resolve: (d) => componentsOf(d) }),
  }),
});

builder.relayMutationField(
  'refreshDashboard',
  { description: "Recomputes the data of a project's dashboard components.", inputFields: (t) => ({ projectId: t.id({ required: true }) }) },
  {
    resolve: async (_root, { input }, ctx) => {
      const dashboard = await ctx.wexa.dashboards.refresh(input.projectId);
      ctx.loaders.get(projectDashboard).clear(input.projectId).prime(input.projectId, dashboard);
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
      ctx.loaders.get(projectDashboard).clear(input.projectId).prime(input.projectId, dashboard);
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
