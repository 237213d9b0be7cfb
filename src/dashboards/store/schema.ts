/**
 * The tables of the dashboards store, as Kysely sees them. The same columns on SQLite and PostgreSQL:
 * times are ISO-8601 UTC text (`toISOString()`, so text order is time order), flags are 0/1 integers,
 * JSON is text.
 */
export interface SavedDashboardTable {
  id: string;
  project_id: string;
  title: string;
  /** `SnapshotSource` as JSON. */
  source: string;
  /** `DashboardSnapshot` as JSON. */
  snapshot: string;
  created_at: string;
  updated_at: string;
  is_public: number;
  /** Set while published; unique. */
  slug: string | null;
  /** `scrypt$…` hash of the viewing password, or null for none. */
  password_hash: string | null;
  published_at: string | null;
  refresh_enabled: number;
  /** Seconds: 300, 900, 3600 or 86400. */
  refresh_interval: number | null;
  last_refreshed_at: string | null;
  /** When the scheduler next refreshes it (null while refresh is off). */
  next_refresh_at: string | null;
  /** The Wexa key of whoever turned refresh on, sealed with AES-256-GCM; null while refresh is off. */
  refresh_key: string | null;
  /** Why scheduled refresh was turned off by the gateway (e.g. the stored key was refused). */
  refresh_disabled_reason: string | null;
  /** Why the last scheduled refresh failed while refresh stays on (retried next interval); null after a success. */
  refresh_failure: string | null;
  /** HMAC naming the key that saved it (crypto/creators.ts); null for dashboards saved before creators were recorded. */
  creator: string | null;
}

/** Reserved password tries of one counter in its current window (`c:<slug>:<client>` or `s:<slug>`). */
export interface PasswordTriesTable {
  key: string;
  used: number;
  /** When the window ends (ISO); a try after that starts a new window. */
  window_ends: string;
}

/** The store's own random key, sealed with the gateway secret (one row, id `store-key`). */
export interface StoreKeyTable {
  id: string;
  /** `v1.…` (see crypto/key-box.ts). */
  sealed: string;
  created_at: string;
}

export interface DashboardsDatabase {
  saved_dashboards: SavedDashboardTable;
  dashboard_password_tries: PasswordTriesTable;
  dashboards_store_key: StoreKeyTable;
}
