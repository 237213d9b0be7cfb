/**
 * Opens the dashboards store: PostgreSQL when `databaseUrl` is set, else an SQLite file under
 * `dataDir` (created on first start), and migrates it to the latest schema.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Config } from '../../config.js';
import { migrateToLatest } from './migrations.js';
import type { DashboardsDatabase } from './schema.js';

/** The open store. */
export interface DashboardsDb {
  db: Kysely<DashboardsDatabase>;
  /** Which engine: the scheduler claims rows with `FOR UPDATE SKIP LOCKED` only on PostgreSQL. */
  engine: 'sqlite' | 'postgres';
  /** Where the data lives, for the start-up line (the PostgreSQL URL without credentials). */
  location: string;
  /** Closes the pool / file. */
  close(): Promise<void>;
}

/** The SQLite file of the embedded default. */
export const SQLITE_FILE = 'dashboards.sqlite';

/** Opens and migrates the store the config names. */
export async function openDashboardsDb(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): Promise<DashboardsDb> {
  const opened = config.databaseUrl ? await openPostgres(config.databaseUrl, config.databaseSchema) : openSqlite(config.dataDir);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openSqlite(dataDir: string): DashboardsDb {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SQLITE_FILE);
  const database = new SQLite(file);
  // Sealed keys and password hashes live here: owner-only, like the secret (SQLite gives its WAL files the same mode).
  chmodSync(file, 0o600);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<DashboardsDatabase>({ dialect: new SqliteDialect({ database }) });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<DashboardsDb> {
  // Loaded only here: the embedded default never needs the PostgreSQL driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DashboardsDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two replicas creating the schema at the same moment: the loser sees a duplicate, which is fine.
    const code = (error as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') {
      await db.destroy();
      throw error;
    }
  }
  return { db, engine: 'postgres', location: redactUrl(url) + (schema ? ` (schema ${schema})` : ''), close: () => db.destroy() };
}

/** The URL without user info, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
