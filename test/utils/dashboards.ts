/**
 * Shared set-up of the saved-dashboards suites: the two store engines (an SQLite file in a throwaway
 * data directory, or a throwaway schema in the local PostgreSQL `test` database), a clock tests can
 * move, and a small REST client.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ConfigInput } from '../../src/config.js';
import { openSqliteFile } from '../../src/dashboards/store/sqlite-driver.js';
import { DEMO_KEY } from './ids.js';

/** The local PostgreSQL the suites use (trust auth). */
export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A store for one test file: its config, and a cleanup that removes it. */
export interface TestStore {
  engine: 'sqlite' | 'postgres';
  config: ConfigInput;
  /** Runs `sql` against the store's raw tables (for the secrecy test); rows as plain objects. */
  rawRows(table: string): Promise<Record<string, unknown>[]>;
  /** Runs one statement against the store's tables behind the gateways' backs (to damage a row on purpose). */
  execute(statement: string): Promise<void>;
  drop(): Promise<void>;
}

/** Both engines, for `describe.each`. */
export const ENGINES = ['sqlite', 'postgres'] as const;

/** A fresh, empty store of `engine`: SQLite in a temp directory, or a uniquely named PostgreSQL schema. */
export function createTestStore(engine: 'sqlite' | 'postgres'): TestStore {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-dash-'));
  if (engine === 'sqlite') {
    return {
      engine,
      config: { dataDir },
      rawRows: async (table) => {
        const db = openSqliteFile(path.join(dataDir, 'dashboards.sqlite'), { readonly: true });
        try {
          return db.all(`select * from ${table}`);
        } finally {
          db.close();
        }
      },
      execute: async (statement) => {
        const db = openSqliteFile(path.join(dataDir, 'dashboards.sqlite'));
        try {
          db.exec('PRAGMA busy_timeout = 5000');
          db.exec(statement);
        } finally {
          db.close();
        }
      },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `dash_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const query = async <T extends Record<string, unknown>>(text: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    engine,
    config: { dataDir, databaseUrl: PG_URL, databaseSchema: schema, gatewaySecret: 'test-secret-0123456789abcdef-0123456789' },
    rawRows: (table) => query(`select * from "${schema}".${table}`),
    execute: async (statement) => {
      await query(`set search_path to "${schema}"; ${statement}`);
    },
    drop: async () => {
      await query(`drop schema if exists "${schema}" cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock the gateway reads (`deps.now`); tests move it to make refreshes due. */
export interface TestClock {
  now: () => Date;
  advance(seconds: number): void;
}

export function createClock(start = Date.parse('2026-01-05T09:00:00.000Z')): TestClock {
  let at = start;
  return { now: () => new Date(at), advance: (seconds) => void (at += seconds * 1000) };
}

/** A REST answer. */
export interface RestResponse {
  status: number;
  headers: Headers;
  json: any;
}

/** Calls the gateway's REST API; `key` null sends none. */
export async function rest(base: string, method: string, path: string, body?: unknown, key: string | null = DEMO_KEY): Promise<RestResponse> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key === null ? {} : { 'x-api-key': key }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : JSON.parse(text) };
}

/** The gateway's origin from its GraphQL URL. */
export const originOf = (graphqlUrl: string): string => new URL(graphqlUrl).origin;

/** Every task id of a snapshot's task-manager views. */
export function taskIdsOf(content: any): string[] {
  return (content.tabs as any[]).flatMap((tab) =>
    (tab.components as any[]).flatMap((c) => (c.view.kind === 'tasks' ? (c.view.groups as any[]).flatMap((g) => g.tasks.map((t: any) => t.id)) : [])),
  );
}
