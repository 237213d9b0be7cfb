/** The JSON shapes of the REST API (`docs/dashboards-api.yaml`), built from the service's {@link SavedDashboard}. */
import type { PublicDashboard, SavedDashboard } from '../model.js';

/** A dashboard in `dashboard` / `dashboards[]`, as the `Dashboard` schema of `docs/dashboards-api.yaml` lists its fields. */
export function dashboardJson(d: SavedDashboard) {
  return {
    id: d.id,
    title: d.title,
    isDashboard: true,
    isPublic: d.isPublic,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    projectId: d.projectId,
    source: d.source,
    slug: d.slug,
    publicUrl: d.publicUrl,
    passwordProtected: d.passwordProtected,
    ...refreshJson(d),
  };
}

/** The same, with the content (tabs, components and their data). */
export function dashboardWithContentJson(d: SavedDashboard) {
  return { ...dashboardJson(d), content: d.snapshot };
}

/** The refresh settings, as `GET /…/:id/refresh` answers them. */
export function refreshJson(d: SavedDashboard) {
  return {
    refreshEnabled: d.refresh.enabled,
    refreshInterval: d.refresh.interval,
    lastRefreshedAt: d.refresh.lastRefreshedAt,
    nextRefreshAt: d.refresh.nextRefreshAt,
    refreshDisabledReason: d.refresh.disabledReason,
    refreshFailure: d.refresh.failure,
  };
}

/** What a viewer of a published dashboard gets. */
export function publicJson(slug: string, d: PublicDashboard) {
  return { slug, title: d.title, lastRefreshedAt: d.lastRefreshedAt, content: d.snapshot };
}
