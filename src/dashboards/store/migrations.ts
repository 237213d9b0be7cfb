/**
 * Schema migrations of the dashboards store, applied in name order at start-up by Kysely's Migrator.
 * Replicas and workers starting together migrate once: on PostgreSQL the Migrator holds an advisory
 * lock, on SQLite (where it holds none) the caller runs it inside an exclusive transaction
 * (`database.ts`). With `DATABASE_SCHEMA` the migrations table lives in that schema and is looked for
 * there only, so deployments in other schemas of the same database never see each other's. Never
 * edit a migration that has shipped; add the next one.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';

const migrations: Record<string, Migration> = {
  '001_saved_dashboards': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('saved_dashboards')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('slug', 'text', (c) => c.unique())
        .addColumn('password_hash', 'text')
        .addColumn('published_at', 'text')
        .addColumn('refresh_enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('refresh_interval', 'integer')
        .addColumn('last_refreshed_at', 'text')
        .addColumn('next_refresh_at', 'text')
        .addColumn('refresh_key', 'text')
        .addColumn('refresh_disabled_reason', 'text')
        .execute();
      await db.schema.createIndex('saved_dashboards_project').on('saved_dashboards').column('project_id').execute();
      await db.schema
        .createIndex('saved_dashboards_due')
        .on('saved_dashboards')
        .columns(['refresh_enabled', 'next_refresh_at'])
        .execute();

      await db.schema
        .createTable('dashboard_password_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dashboard_password_failures_slug').on('dashboard_password_failures').columns(['slug', 'at']).execute();
    },
  },
  '002_store_key_and_refresh_failure': {
    async up(db: Kysely<unknown>) {
      // One row: the store's own key, sealed with the gateway secret (the start-up check that the secret is right).
      await db.schema
        .createTable('dashboards_store_key')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('saved_dashboards').addColumn('refresh_failure', 'text').execute();
    },
  },
  '003_creators': {
    async up(db: Kysely<unknown>) {
      // Null for dashboards saved before: see `service.ts` (claimed by the first reader who manages them).
      await db.schema.alterTable('saved_dashboards').addColumn('creator', 'text').execute();
    },
  },
  '004_password_tries': {
    async up(db: Kysely<unknown>) {
      // Counters of reserved password tries per window (password-limit.ts) replace the list of failures.
      await db.schema.dropTable('dashboard_password_failures').execute();
      await db.schema
        .createTable('dashboard_password_tries')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('used', 'integer', (c) => c.notNull())
        .addColumn('window_ends', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dashboard_password_tries_window').on('dashboard_password_tries').column('window_ends').execute();
    },
  },
};

/** Brings the database up to the latest migration; throws when one fails. `schema`: the PostgreSQL schema of the tables. */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'dashboards_migrations',
    migrationLockTableName: 'dashboards_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Dashboards store: migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
