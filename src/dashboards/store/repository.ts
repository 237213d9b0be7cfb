/**
 * Every query of the dashboards store. Rows become {@link StoredDashboard}s here and nowhere else;
 * the sealed key and the password hash stay on the stored record and are never part of what the
 * service returns to a caller.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RefreshInterval } from '../model.js';
import type { DashboardSnapshot, SnapshotSource } from '../snapshot.js';
import type { DashboardsDb } from './database.js';
import type { DashboardsDatabase, SavedDashboardTable } from './schema.js';

/** A saved dashboard as stored, secrets included. */
export interface StoredDashboard {
  id: string;
  /** Who saved it (crypto/creators.ts); null when saved before creators were recorded. */
  creator: string | null;
  projectId: string;
  title: string;
  source: SnapshotSource;
  snapshot: DashboardSnapshot;
  createdAt: string;
  updatedAt: string;
  isPublic: boolean;
  slug: string | null;
  passwordHash: string | null;
  publishedAt: string | null;
  refreshEnabled: boolean;
  refreshInterval: RefreshInterval | null;
  lastRefreshedAt: string | null;
  nextRefreshAt: string | null;
  /** Sealed (see crypto/key-box.ts). */
  refreshKey: string | null;
  refreshDisabledReason: string | null;
  /** Why the last scheduled refresh failed while refresh stays on; null after a success. */
  refreshFailure: string | null;
}

type Row = Selectable<SavedDashboardTable>;

function fromRow(row: Row): StoredDashboard {
  return {
    id: row.id,
    creator: row.creator,
    projectId: row.project_id,
    title: row.title,
    source: JSON.parse(row.source) as SnapshotSource,
    snapshot: JSON.parse(row.snapshot) as DashboardSnapshot,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    isPublic: Number(row.is_public) === 1,
    slug: row.slug,
    passwordHash: row.password_hash,
    publishedAt: row.published_at,
    refreshEnabled: Number(row.refresh_enabled) === 1,
    refreshInterval: row.refresh_interval === null ? null : (Number(row.refresh_interval) as RefreshInterval),
    lastRefreshedAt: row.last_refreshed_at,
    nextRefreshAt: row.next_refresh_at,
    refreshKey: row.refresh_key,
    refreshDisabledReason: row.refresh_disabled_reason,
    refreshFailure: row.refresh_failure,
  };
}

function toRow(d: StoredDashboard): Row {
  return {
    id: d.id,
    creator: d.creator,
    project_id: d.projectId,
    title: d.title,
    source: JSON.stringify(d.source),
    snapshot: JSON.stringify(d.snapshot),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    is_public: d.isPublic ? 1 : 0,
    slug: d.slug,
    password_hash: d.passwordHash,
    published_at: d.publishedAt,
    refresh_enabled: d.refreshEnabled ? 1 : 0,
    refresh_interval: d.refreshInterval,
    last_refreshed_at: d.lastRefreshedAt,
    next_refresh_at: d.nextRefreshAt,
    refresh_key: d.refreshKey,
    refresh_disabled_reason: d.refreshDisabledReason,
    refresh_failure: d.refreshFailure,
  };
}

/** The store's operations. */
export interface DashboardRepository {
  insert(d: StoredDashboard): Promise<void>;
  get(id: string): Promise<StoredDashboard | null>;
  bySlug(slug: string): Promise<StoredDashboard | null>;
  /** The project of dashboard `id` (null when there is none): all an access check needs. */
  projectOf(id: string): Promise<string | null>;
  /** The distinct projects that have saved dashboards (optionally only `projectId`), read without any content. */
  projectIds(projectId?: string): Promise<string[]>;
  /** The saved dashboards of these projects, oldest first (filtered in the query). */
  listIn(projectIds: string[]): Promise<StoredDashboard[]>;
  /** Writes every column of `d` (by id); false when the row is gone. */
  update(d: StoredDashboard): Promise<boolean>;
  /** Writes some columns; false when the row is gone. */
  patch(id: string, changes: Partial<Row>): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /**
   * Claims up to `limit` dashboards whose scheduled refresh is due at `now`: moves each one's
   * `next_refresh_at` on by its interval inside one transaction (rows locked `FOR UPDATE SKIP LOCKED`
   * on PostgreSQL, so two replicas never claim the same row), and returns them.
   */
  claimDue(now: Date, limit: number): Promise<StoredDashboard[]>;
  /** Just what a public read checks first: whether `slug` is published, and its password hash. */
  publicGate(slug: string): Promise<{ isPublic: boolean; passwordHash: string | null } | null>;
  /**
   * Takes one try of counter `key` in one atomic statement: starts a new window (ending `windowEnds`)
   * when the last one ended by `now`, else counts one more unless `max` are used. Says when the
   * counter's window ends either way.
   */
  takePasswordTry(key: string, max: number, now: string, windowEnds: string): Promise<{ ok: boolean; windowEnds: string }>;
  /** Gives one try of counter `key` back, if its window (ending `windowEnds`) is still the current one. */
  givePasswordTryBack(key: string, windowEnds: string): Promise<void>;
  /** The counter `key` as stored. */
  passwordTries(key: string): Promise<{ used: number; windowEnds: string } | null>;
  /** The sealed store key, or null before the first start wrote one. */
  storeKey(): Promise<string | null>;
  /** Writes the sealed store key unless one is there already (another process may have won). */
  insertStoreKey(sealed: string, at: string): Promise<void>;
  /** Replaces the sealed store key `old` (re-sealed with the current secret). */
  replaceStoreKey(old: string, sealed: string): Promise<void>;
  /** Every stored (sealed) refresh key, by dashboard id (`withoutCreator`: of dashboards without a creator only). */
  sealedKeys(filter?: { withoutCreator?: boolean }): Promise<{ id: string; refreshKey: string }[]>;
  /** Records `creator` on dashboard `id` if it has none; true when it has that creator now. */
  claim(id: string, creator: string): Promise<boolean>;
  /** Replaces dashboard `id`'s stored key if it is still `old`; false otherwise. */
  replaceRefreshKey(id: string, old: string, sealed: string): Promise<boolean>;
}

/** The id of the one row of `dashboards_store_key`. */
const STORE_KEY_ID = 'store-key';

/** The next scheduled run after one due at `due` (ISO): one interval later, or one interval from now when that is past. */
export function nextRunAfter(due: string | null, intervalS: number, now: Date): string {
  const step = intervalS * 1000;
  const from = due === null ? now.getTime() : Date.parse(due) + step;
  return new Date(from > now.getTime() ? from : now.getTime() + step).toISOString();
}

/** The repository over an open store. */
export function createRepository(store: DashboardsDb): DashboardRepository {
  const db: Kysely<DashboardsDatabase> = store.db;
  const table = 'saved_dashboards' as const;
  return {
    async insert(d) {
      await db.insertInto(table).values(toRow(d)).execute();
    },
    async get(id) {
      const row = await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async bySlug(slug) {
      const row = await db.selectFrom(table).selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async projectOf(id) {
      const row = await db.selectFrom(table).select('project_id').where('id', '=', id).executeTakeFirst();
      return row?.project_id ?? null;
    },
    async projectIds(projectId) {
      let query = db.selectFrom(table).select('project_id').distinct();
      if (projectId !== undefined) query = query.where('project_id', '=', projectId);
      return (await query.execute()).map((r) => r.project_id);
    },
    async listIn(projectIds) {
      if (projectIds.length === 0) return [];
      const rows = await db.selectFrom(table).selectAll().where('project_id', 'in', projectIds).orderBy('created_at').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async update(d) {
      const { id, ...rest } = toRow(d);
      const result = await db.updateTable(table).set(rest).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async patch(id, changes) {
      const result = await db.updateTable(table).set(changes).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id) {
      const result = await db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async claimDue(now, limit) {
      const at = now.toISOString();
      return db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom(table)
          .selectAll()
          .where('refresh_enabled', '=', 1)
          .where('next_refresh_at', '<=', at)
          .orderBy('next_refresh_at')
          .limit(limit);
        // SQLite has one writer and no row locks: the transaction alone makes the claim atomic.
        if (store.engine === 'postgres') query = query.forUpdate().skipLocked();
        const rows = await query.execute();
        const claimed: StoredDashboard[] = [];
        for (const row of rows) {
          const d = fromRow(row);
          const next = nextRunAfter(d.nextRefreshAt, d.refreshInterval ?? 86400, now);
          await trx.updateTable(table).set({ next_refresh_at: next }).where('id', '=', d.id).execute();
          claimed.push({ ...d, nextRefreshAt: next });
        }
        return claimed;
      });
    },
    async publicGate(slug) {
      const row = await db.selectFrom(table).select(['is_public', 'password_hash']).where('slug', '=', slug).executeTakeFirst();
      return row ? { isPublic: Number(row.is_public) === 1, passwordHash: row.password_hash } : null;
    },
    async takePasswordTry(key, max, now, windowEnds) {
      const tries = 'dashboard_password_tries' as const;
      const expired = sql<boolean>`${sql.ref(`${tries}.window_ends`)} <= ${now}`;
      const taken = await db
        .insertInto(tries)
        .values({ key, used: 1, window_ends: windowEnds })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({
              used: sql<number>`case when ${expired} then 1 else ${sql.ref(`${tries}.used`)} + 1 end`,
              window_ends: sql<string>`case when ${expired} then ${windowEnds} else ${sql.ref(`${tries}.window_ends`)} end`,
            })
            .where((eb) => eb.or([eb(`${tries}.window_ends`, '<=', now), eb(`${tries}.used`, '<', max)])),
        )
        .returning(['used', 'window_ends'])
        .executeTakeFirst();
      if (taken) {
        // A new window: forget counters whose windows ended (each slug and client leaves one row behind).
        if (Number(taken.used) === 1) await db.deleteFrom(tries).where('window_ends', '<=', now).execute();
        return { ok: true, windowEnds: taken.window_ends };
      }
      const row = await db.selectFrom(tries).select('window_ends').where('key', '=', key).executeTakeFirst();
      return { ok: false, windowEnds: row?.window_ends ?? windowEnds };
    },
    async givePasswordTryBack(key, windowEnds) {
      await db
        .updateTable('dashboard_password_tries')
        .set((eb) => ({ used: eb('used', '-', 1) }))
        .where('key', '=', key)
        .where('window_ends', '=', windowEnds)
        .where('used', '>', 0)
        .execute();
    },
    async passwordTries(key) {
      const row = await db.selectFrom('dashboard_password_tries').select(['used', 'window_ends']).where('key', '=', key).executeTakeFirst();
      return row ? { used: Number(row.used), windowEnds: row.window_ends } : null;
    },
    async storeKey() {
      const row = await db.selectFrom('dashboards_store_key').select('sealed').where('id', '=', STORE_KEY_ID).executeTakeFirst();
      return row?.sealed ?? null;
    },
    async insertStoreKey(sealed, at) {
      await db
        .insertInto('dashboards_store_key')
        .values({ id: STORE_KEY_ID, sealed, created_at: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    async replaceStoreKey(old, sealed) {
      await db.updateTable('dashboards_store_key').set({ sealed }).where('id', '=', STORE_KEY_ID).where('sealed', '=', old).execute();
    },
    async sealedKeys(filter = {}) {
      let query = db.selectFrom(table).select(['id', 'refresh_key']).where('refresh_key', 'is not', null);
      if (filter.withoutCreator) query = query.where('creator', 'is', null);
      const rows = await query.execute();
      return rows.map((r) => ({ id: r.id, refreshKey: r.refresh_key as string }));
    },
    async claim(id, creator) {
      await db.updateTable(table).set({ creator }).where('id', '=', id).where('creator', 'is', null).execute();
      const row = await db.selectFrom(table).select('creator').where('id', '=', id).executeTakeFirst();
      return row?.creator === creator;
    },
    async replaceRefreshKey(id, old, sealed) {
      const result = await db.updateTable(table).set({ refresh_key: sealed }).where('id', '=', id).where('refresh_key', '=', old).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
