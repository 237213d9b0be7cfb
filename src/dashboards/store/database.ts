/**
 * Opens the dashboards store: PostgreSQL when `databaseUrl` is set, else an SQLite file under
 * `dataDir` (created on first start), and migrates it to the latest schema.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Config } from '../../config.js';
import { migrateToLatest } from './migrations.js';
import type { DashboardsDatabase } from './schema.js';
import { isLockConflict, openSqliteFile, type SqliteFile } from './sqlite-driver.js';

/** The open store. */
export interface DashboardsDb {
  db: Kysely<DashboardsDatabase>;
  /** Which engine: the scheduler claims rows with `FOR UPDATE SKIP LOCKED` only on PostgreSQL. */
  engine: 'sqlite' | 'postgres';
  /** Where the data lives, for the start-up line (the PostgreSQL URL without credentials). */
  location: string;
  /** Closes the pool / file. */
  close(): Promise<void>;
  /**
   * Runs `work` as the only writer of the store among every process sharing it (SQLite: inside an
   * exclusive transaction, waited for without blocking the event loop); PostgreSQL: as is (its
   * migrator locks by itself).
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

/** The SQLite file of the embedded default. */
export const SQLITE_FILE = 'dashboards.sqlite';

/** The schema unqualified names resolve to on this PostgreSQL connection (usually `public`). */
async function currentSchema(db: Kysely<unknown>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Opens and migrates the store the config names. */
export async function openDashboardsDb(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema'>,
): Promise<DashboardsDb> {
  const opened = config.databaseUrl ? await openPostgres(config.databaseUrl, config.databaseSchema) : openSqlite(config.dataDir);
  try {
    // On PostgreSQL the migrations tables always live in a named schema (DATABASE_SCHEMA, else the
    // connection's current one): unqualified, Kysely would find another schema's tables and skip making its own.
    const schema = config.databaseUrl ? (config.databaseSchema ?? (await currentSchema(opened.db as Kysely<unknown>))) : undefined;
    await opened.exclusively(() => migrateToLatest(opened.db as Kysely<unknown>, schema));
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openSqlite(dataDir: string): DashboardsDb {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SQLITE_FILE);
  const database = openSqliteFile(file);
  // Sealed keys and password hashes live here: owner-only, like the secret (SQLite gives its WAL files the same mode).
  chmodSync(file, 0o600);
  // Before anything that takes a lock: another process may be starting on the same file.
  database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.exec('PRAGMA journal_mode = WAL');
  const db = new Kysely<DashboardsDatabase>({ dialect: new SqliteDialect({ database: database.dialectDatabase }) });
  return {
    db,
    engine: 'sqlite',
    location: file,
    close: () => db.destroy(),
    exclusively: (work) => exclusively(database, work),
  };
}

/** How long an SQLite statement waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5_000;
/** How long a start waits for another process's exclusive transaction (a migration) on the same file. */
const EXCLUSIVE_WAIT_MS = 60_000;

/**
 * Runs `work` inside `BEGIN EXCLUSIVE` on the file's one connection. The lock is waited for with
 * timers, not with SQLite's busy handler (which would block this thread, and with it another
 * gateway of the same process holding the lock).
 */
async function exclusively<T>(database: SqliteFile, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + EXCLUSIVE_WAIT_MS;
  database.exec('PRAGMA busy_timeout = 0');
  try {
    for (;;) {
      try {
        database.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if (!isLockConflict(error) || Date.now() > deadline) throw error;
        await sleep(10 + Math.floor(Math.random() * 20));
      }
    }
  } finally {
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  try {
    const result = await work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
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
  return {
    db,
    engine: 'postgres',
    location: redactUrl(url) + (schema ? ` (schema ${schema})` : ''),
    close: () => db.destroy(),
    exclusively: (work) => work(),
  };
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
