/**
 * Finding 7: migrations with `DATABASE_SCHEMA`, and several processes on one SQLite file. Kysely's
 * migrator looked for its `dashboards_migrations` table in every schema of the database, so a second
 * deployment in another schema of the same PostgreSQL database found the first one's table and
 * aborted its start; and SQLite had no migration lock, so gateways starting at once on one file
 * raced through the same migrations.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteFile } from '../src/dashboards/store/sqlite-driver.js';
import { createTestStore, originOf, rest, type TestStore } from './utils/dashboards.js';
import type { TestGateway } from './utils/gateway.js';
import { PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import { startWorkerGateway } from './utils/workers.js';

const BASE = '/api/v1/analytics/dashboards';

/** The migrations the gateway applies, by name (read from a migrated store). */
const migrationsOf = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.name)).sort();

describe('finding 7: migrations with DATABASE_SCHEMA and several processes on one SQLite file', () => {
  const stack = useStack({ gateways: 0 });
  const stores: TestStore[] = [];
  const gateways: TestGateway[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all(stores.map((s) => s.drop()));
  });
  const newStore = (engine: 'sqlite' | 'postgres') => {
    const store = createTestStore(engine);
    stores.push(store);
    return store;
  };
  const save = (gw: TestGateway, title: string) => rest(originOf(gw.url), 'POST', BASE, { projectId: PULSE, title });
  const titles = async (gw: TestGateway) => ((await rest(originOf(gw.url), 'GET', BASE)).json.dashboards as { title: string }[]).map((d) => d.title);

  it('migrates two schemas of one PostgreSQL database independently, each with its own migrations table', async () => {
    const [a, b] = [newStore('postgres'), newStore('postgres')];
    const first = await stack.startGateway({ config: { ...a.config, dashboardSchedulerTickMs: 0 } });
    gateways.push(first);
    // The second schema's start used to find the first one's migrations table and abort.
    const second = await stack.startGateway({ config: { ...b.config, dashboardSchedulerTickMs: 0 } });
    gateways.push(second);

    expect((await save(first, 'In schema a')).status).toBe(200);
    expect((await save(second, 'In schema b')).status).toBe(200);
    expect(await titles(first)).toEqual(['In schema a']);
    expect(await titles(second)).toEqual(['In schema b']);
    const [ma, mb] = [migrationsOf(await a.rawRows('dashboards_migrations')), migrationsOf(await b.rawRows('dashboards_migrations'))];
    expect(ma.length).toBeGreaterThan(0);
    expect(mb).toEqual(ma);
  });

  it('starts several gateways at once on one SQLite file: one migrates, none fails', async () => {
    const store = newStore('sqlite');
    const config = { ...store.config, gatewaySecret: 'one secret for the gateways sharing this file', dashboardSchedulerTickMs: 0 };
    const started = await Promise.all(Array.from({ length: 4 }, () => stack.startGateway({ config })));
    gateways.push(...started);
    for (const [i, gw] of started.entries()) expect((await save(gw, `Board ${i}`)).status).toBe(200);
    expect((await titles(started[0]!)).sort()).toEqual(['Board 0', 'Board 1', 'Board 2', 'Board 3']);
    const rows = await store.rawRows('dashboards_migrations');
    expect(migrationsOf(rows)).toEqual([...new Set(migrationsOf(rows))]);
  });

  it("starts a two-worker gateway on a fresh data directory: every worker listens, one secret, the migrations ran once", { timeout: 180_000 }, async () => {
    const store = newStore('sqlite');
    const workers = await startWorkerGateway({
      upstreamUrl: stack.sim.url,
      workers: 2,
      // No GATEWAY_SECRET: the workers also race to generate the secret file, and must agree on one.
      config: { ...store.config, dashboardSchedulerTickMs: 0 },
    });
    try {
      expect(workers.workers).toBe(2);
      const origin = originOf(workers.url);
      expect((await rest(origin, 'POST', BASE, { projectId: PULSE, title: 'Workers' })).status).toBe(200);
      const db = openSqliteFile(path.join(String(store.config.dataDir), 'dashboards.sqlite'), { readonly: true });
      try {
        const names = db.all('select name from dashboards_migrations').map((r) => String(r.name));
        expect(names.length).toBeGreaterThan(0);
        expect(names.length).toBe(new Set(names).size);
      } finally {
        db.close();
      }
      expect(workers.output()).not.toMatch(/migration .* failed|SQLITE_BUSY|already exists/i);
    } finally {
      await workers.close();
    }
  });
});
