/**
 * A saved dashboard as the service hands it to both surfaces (GraphQL and REST). Never carries the
 * stored key or the password hash: those stay in the store.
 */
import type { DashboardSnapshot, PublicSnapshot, SnapshotSource } from './snapshot.js';

/** The refresh intervals a client may choose, in seconds. */
export const REFRESH_INTERVALS = [300, 900, 3600, 86400] as const;
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];

export interface RefreshSettings {
  enabled: boolean;
  /** Seconds, or null when never set. */
  interval: RefreshInterval | null;
  lastRefreshedAt: string | null;
  /** When the scheduler refreshes it next (null while off). */
  nextRefreshAt: string | null;
  /** Why the gateway turned scheduled refresh off by itself, e.g. the stored key was refused. */
  disabledReason: string | null;
  /** While refresh is on: why the last scheduled refresh failed (it is tried again next interval); null after a success. */
  failure: string | null;
}

export interface SavedDashboard {
  /** `dash_…`. */
  id: string;
  title: string;
  projectId: string;
  source: SnapshotSource;
  snapshot: DashboardSnapshot;
  createdAt: string;
  updatedAt: string;
  isPublic: boolean;
  /** Set while published. */
  slug: string | null;
  /** The shareable link, while published. */
  publicUrl: string | null;
  passwordProtected: boolean;
  publishedAt: string | null;
  refresh: RefreshSettings;
}

/** What a caller may save: a project's Wexa dashboard (whole or one tab), or an execution's report. */
export type SaveSource =
  | { kind: 'projectDashboard'; projectId: string; tabId: string | null }
  /** `projectId` null: the execution is looked for among the projects the caller's key can read. */
  | { kind: 'executionReport'; executionId: string; projectId: string | null };

/** What a viewer without a key gets for a published slug: the content without the owner's Wexa ids. */
export interface PublicDashboard {
  title: string;
  snapshot: PublicSnapshot;
  lastRefreshedAt: string | null;
}
