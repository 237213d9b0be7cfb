/**
 * Saved dashboards (gateway-owned; see `docs/dashboards.md`): `SavedDashboard` (a Relay node), the
 * queries `savedDashboards`, `savedDashboard` and `publicDashboard` (no key needed), and the
 * mutations that save, publish, unpublish, clone, delete and refresh them. Every field goes through
 * the one dashboards service the REST API uses too.
 */
import type { GraphContext } from '../context.js';
import { clientAddress, requestOfContext } from '../dashboards/client-address.js';
import type { PublicDashboard, SavedDashboard, SaveSource } from '../dashboards/model.js';
import { BadUserInputError } from '../errors.js';
import { builder, decodeGlobalID } from './builder.js';
import { pageArgs } from './connections.js';
import { optionalProjectLink } from './links.js';
import { sliceConnection } from './paging.js';

export const SavedDashboardRef = builder.objectRef<SavedDashboard>('SavedDashboard');
const SavedDashboardConnection = builder.connectionObject(
  { type: SavedDashboardRef, name: 'SavedDashboardConnection' },
  { name: 'SavedDashboardEdge' },
);

/** A dashboard argument: the `dash_…` id, or the dashboard's global id. */
function dashboardId(id: string): string {
  if (id.startsWith('dash_')) return id;
  const decoded = decodeGlobalID(id);
  if (decoded.typename !== 'SavedDashboard') throw new BadUserInputError('Expected a SavedDashboard id.');
  return decoded.id;
}

const SourceKindEnum = builder.enumType('SavedDashboardSourceKind', {
  description: 'Where a saved dashboard\'s content comes from.',
  values: {
    PROJECT_DASHBOARD: { value: 'projectDashboard', description: "A project's Wexa dashboard (whole, or one tab)." },
    EXECUTION_REPORT: { value: 'executionReport', description: "An execution's report: conclusion, agent outputs and their numeric data." },
  } as const,
});

const SourceRef = builder.objectRef<SavedDashboard['source']>('SavedDashboardSource').implement({
  description: 'The Wexa resource a saved dashboard was taken from.',
  fields: (t) => ({
    kind: t.field({ type: SourceKindEnum, resolve: (s) => s.kind }),
    projectId: t.id({ resolve: (s) => s.projectId }),
    wexaDashboardId: t.id({ nullable: true, resolve: (s) => (s.kind === 'projectDashboard' ? s.dashboardId : null) }),
    tabId: t.id({ nullable: true, description: 'Set when only one tab was saved.', resolve: (s) => (s.kind === 'projectDashboard' ? s.tabId : null) }),
    executionId: t.id({ nullable: true, resolve: (s) => (s.kind === 'executionReport' ? s.executionId : null) }),
  }),
});

builder.node(SavedDashboardRef, {
  id: { resolve: (d) => d.id },
  loadOne: (id, ctx: GraphContext) => ctx.dashboards.get(ctx, id),
  description: 'A dashboard saved in the gateway: a snapshot of a Wexa dashboard or execution report, publishable with a link.',
  fields: (t) => ({
    dashboardId: t.exposeID('id', { description: 'The id the REST API uses (`dash_…`). Every dashboard argument takes it or the global id.' }),
    title: t.exposeString('title'),
    projectId: t.exposeID('projectId'),
    project: optionalProjectLink(t),
    source: t.field({ type: SourceRef, resolve: (d) => d.source }),
    content: t.field({
      type: 'JSON',
      description: 'The snapshot: `{source, name, takenAt, tabs: [{id, name, components: [{id, type, title, subtitle, layout, view}]}]}`; `view.kind` is chart, tasks, markdown or raw.',
      resolve: (d) => d.snapshot,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    isPublic: t.exposeBoolean('isPublic'),
    slug: t.exposeString('slug', { nullable: true, description: 'Set while published.' }),
    publicUrl: t.exposeString('publicUrl', { nullable: true, description: 'The shareable page, while published.' }),
    passwordProtected: t.exposeBoolean('passwordProtected'),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    refreshEnabled: t.boolean({ resolve: (d) => d.refresh.enabled }),
    refreshInterval: t.int({ nullable: true, description: 'Seconds: 300, 900, 3600 or 86400.', resolve: (d) => d.refresh.interval }),
    lastRefreshedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.refresh.lastRefreshedAt }),
    nextRefreshAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.refresh.nextRefreshAt }),
    refreshDisabledReason: t.string({
      nullable: true,
      description: 'Why the gateway turned scheduled refresh off by itself (e.g. Wexa refused the stored key).',
      resolve: (d) => d.refresh.disabledReason,
    }),
  }),
});

const PublicDashboardRef = builder.objectRef<PublicDashboard & { slug: string }>('PublicDashboard').implement({
  description: 'A published dashboard as anyone with its link sees it.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    content: t.field({ type: 'JSON', resolve: (d) => d.snapshot }),
    lastRefreshedAt: t.expose('lastRefreshedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  savedDashboards: t.field({
    type: SavedDashboardConnection,
    description: 'Saved dashboards whose project your key can read, oldest first.',
    args: { ...pageArgs(t.arg), projectId: t.arg.id({ required: false, description: 'Only this Wexa project.' }) },
    resolve: async (_root, args, ctx) => {
      const list = await ctx.dashboards.list(ctx, { projectId: args.projectId ?? null });
      return sliceConnection(args, ctx.config, list);
    },
  }),
  savedDashboard: t.field({
    type: SavedDashboardRef,
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'The `dash_…` id or the global id.' }) },
    resolve: (_root, args, ctx) => ctx.dashboards.get(ctx, dashboardId(args.id)),
  }),
  publicDashboard: t.field({
    type: PublicDashboardRef,
    nullable: true,
    description: 'A published dashboard; needs no key. PASSWORD_REQUIRED / FORBIDDEN for a missing / wrong password, RATE_LIMITED after too many wrong ones.',
    args: { slug: t.arg.string({ required: true }), password: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => ({
      slug: args.slug,
      ...(await ctx.dashboards.readPublic(args.slug, args.password ?? null, clientAddress(requestOfContext(ctx), ctx.config.dashboardTrustedProxyHops))),
    }),
  }),
}));

const SavedDashboardPayload = builder.objectRef<{ savedDashboard: SavedDashboard }>('SavedDashboardPayload').implement({
  fields: (t) => ({ savedDashboard: t.field({ type: SavedDashboardRef, resolve: (p) => p.savedDashboard }) }),
});

const PublishPayload = builder.objectRef<{ savedDashboard: SavedDashboard }>('PublishDashboardPayload').implement({
  fields: (t) => ({
    slug: t.string({ resolve: (p) => p.savedDashboard.slug ?? '' }),
    publicUrl: t.string({ resolve: (p) => p.savedDashboard.publicUrl ?? '' }),
    savedDashboard: t.field({ type: SavedDashboardRef, resolve: (p) => p.savedDashboard }),
  }),
});

const DeletePayload = builder.objectRef<{ deletedId: string }>('DeleteSavedDashboardPayload').implement({
  fields: (t) => ({ deletedDashboardId: t.id({ resolve: (p) => p.deletedId }) }),
});

/** The source a `saveDashboard` call names. */
function saveSource(args: { projectId?: string | null; tabId?: string | null; executionId?: string | null }): SaveSource {
  if (args.executionId != null) return { kind: 'executionReport', executionId: args.executionId, projectId: args.projectId ?? null };
  if (args.tabId != null && args.projectId == null) throw new BadUserInputError('tabId needs projectId.');
  if (args.projectId != null) return { kind: 'projectDashboard', projectId: args.projectId, tabId: args.tabId ?? null };
  throw new BadUserInputError("Give projectId (a project's dashboard, optionally one tabId) or executionId (an execution's report).");
}

builder.mutationFields((t) => ({
  saveDashboard: t.field({
    type: SavedDashboardPayload,
    description: "Saves a project's dashboard (whole, or one tab) or an execution's report as a gateway dashboard.",
    args: {
      title: t.arg.string({ required: true }),
      projectId: t.arg.id({ required: false, description: 'The Wexa project (optional with executionId: then found among your projects).' }),
      tabId: t.arg.id({ required: false, description: 'Save only this tab of the project dashboard.' }),
      executionId: t.arg.id({ required: false, description: "Save this execution's report (its UUID)." }),
    },
    resolve: async (_root, args, ctx) => ({
      savedDashboard: await ctx.dashboards.save(ctx, { title: args.title, source: saveSource(args) }),
    }),
  }),
  publishDashboard: t.field({
    type: PublishPayload,
    description: 'Publishes a saved dashboard at a public link, optionally behind a password.',
    args: { id: t.arg.id({ required: true }), password: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => ({
      savedDashboard: await ctx.dashboards.publish(ctx, dashboardId(args.id), args.password ?? null),
    }),
  }),
  unpublishDashboard: t.field({
    type: SavedDashboardPayload,
    description: 'Ends public access at once.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => ({ savedDashboard: await ctx.dashboards.unpublish(ctx, dashboardId(args.id)) }),
  }),
  cloneDashboard: t.field({
    type: SavedDashboardPayload,
    description: 'Copies a saved dashboard as "<title> (Copy)", unpublished, with scheduled refresh off.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => ({ savedDashboard: await ctx.dashboards.clone(ctx, dashboardId(args.id)) }),
  }),
  deleteSavedDashboard: t.field({
    type: DeletePayload,
    description: 'Deletes a saved dashboard with its public link and stored key.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = dashboardId(args.id);
      await ctx.dashboards.delete(ctx, id);
      return { deletedId: id };
    },
  }),
  updateDashboardRefreshSettings: t.field({
    type: SavedDashboardPayload,
    description: 'Turns scheduled refresh on (storing your key, encrypted) or off (deleting it). Intervals: 300, 900, 3600, 86400 seconds.',
    args: {
      id: t.arg.id({ required: true }),
      refreshEnabled: t.arg.boolean({ required: true }),
      refreshInterval: t.arg.int({ required: false }),
    },
    resolve: async (_root, args, ctx) => ({
      savedDashboard: await ctx.dashboards.updateRefresh(ctx, dashboardId(args.id), {
        enabled: args.refreshEnabled,
        interval: args.refreshInterval ?? null,
      }),
    }),
  }),
  refreshSavedDashboard: t.field({
    type: SavedDashboardPayload,
    description: "Re-reads the source through Wexa now (a project dashboard through Wexa's own refresh) and replaces the snapshot.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => ({ savedDashboard: await ctx.dashboards.refreshNow(ctx, dashboardId(args.id)) }),
  }),
}));
