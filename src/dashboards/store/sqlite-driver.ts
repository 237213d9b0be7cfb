/**
 * The SQLite driver under the embedded store, chosen by the Node it runs on:
 *
 * - Node 24 and later: Node's own `node:sqlite` (no native module to build). better-sqlite3 12, the
 *   last release that still runs on Node 20, is built there with Node 24's `ObjectWrap`, whose
 *   environment cleanup hooks make some processes abort as they exit (exit code 134).
 * - Node 20 and 22: better-sqlite3 (an optional dependency; Node 20 has no `node:sqlite`, and 22
 *   still prints an experimental warning for it).
 *
 * Both are wrapped into one small synchronous interface: what Kysely's `SqliteDialect` needs, plus
 * `exec`, `inTransaction` and a way to tell a lock conflict from other errors.
 */
import { createRequire } from 'node:module';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** One open SQLite file. */
export interface SqliteFile {
  /** What Kysely's `SqliteDialect` takes. */
  readonly dialectDatabase: SqliteDatabase;
  /** Runs one or more statements without results (pragmas, `BEGIN`, DDL). */
  exec(statements: string): void;
  /** Rows of one query (for tests and tools that read the file directly). */
  all(query: string): Record<string, unknown>[];
  /** Whether a transaction is open on this connection. */
  readonly inTransaction: boolean;
  close(): void;
}

/** Which driver this process uses. */
export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

export const SQLITE_DRIVER: SqliteDriverName = Number(process.versions.node.split('.')[0]) >= 24 ? 'node:sqlite' : 'better-sqlite3';

const require = createRequire(import.meta.url);

/** Opens (and creates, unless read-only) the file. */
export function openSqliteFile(file: string, options: { readonly?: boolean } = {}): SqliteFile {
  return SQLITE_DRIVER === 'node:sqlite' ? openWithNodeSqlite(file, options) : openWithBetterSqlite(file, options);
}

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6), as either driver reports them. */
export function isLockConflict(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
  // node:sqlite: code ERR_SQLITE_ERROR, the (possibly extended) result code in errcode.
  return typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6);
}

// ---- node:sqlite (the parts used here; @types/node 20 does not declare the module) ----

interface NodeStatement {
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  columns(): unknown[];
}
interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
  readonly isTransaction: boolean;
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeDatabase;
}

function openWithNodeSqlite(file: string, options: { readonly?: boolean }): SqliteFile {
  const { DatabaseSync } = require('node:sqlite') as NodeSqliteModule;
  const database = new DatabaseSync(file, { readOnly: options.readonly === true });
  const dialectDatabase: SqliteDatabase = {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const statement = database.prepare(sql);
      return {
        // A statement that yields columns is a reader (SELECT, or any statement with RETURNING).
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...parameters),
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => statement.iterate(...parameters),
      };
    },
  };
  return {
    dialectDatabase,
    exec: (statements) => database.exec(statements),
    all: (query) => database.prepare(query).all() as Record<string, unknown>[],
    get inTransaction() {
      return database.isTransaction;
    },
    close: () => database.close(),
  };
}

// ---- better-sqlite3 ----

function openWithBetterSqlite(file: string, options: { readonly?: boolean }): SqliteFile {
  let BetterSqlite: typeof import('better-sqlite3');
  try {
    BetterSqlite = require('better-sqlite3') as typeof import('better-sqlite3');
  } catch (error) {
    throw new Error(
      `The SQLite store needs better-sqlite3 on Node ${process.versions.node} (Node 24 and later use the built-in node:sqlite); ` +
        `it could not be loaded: ${error instanceof Error ? error.message : String(error)}. ` +
        'Reinstall with python3, make and g++ available, use Node 24, or set DATABASE_URL for PostgreSQL.',
    );
  }
  const database = new BetterSqlite(file, { readonly: options.readonly === true });
  return {
    dialectDatabase: database,
    exec: (statements) => void database.exec(statements),
    all: (query) => database.prepare(query).all() as Record<string, unknown>[],
    get inTransaction() {
      return database.inTransaction;
    },
    close: () => database.close(),
  };
}
