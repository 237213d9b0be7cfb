/**
 * Finding 2: a wrong `GATEWAY_SECRET` destroyed every stored key. Scheduled refresh turned itself off
 * and deleted the stored key whenever it could not open it, and a secret file shorter than 32
 * characters (emptied by a full disk, or read half-written by a second worker on first start) was
 * used silently. Now the store keeps a value sealed with the secret and the gateway refuses to start
 * when it does not open; a key that does not open is kept (the refresh is marked failing and tried
 * again); `GATEWAY_SECRET_PREVIOUS` lets the secret be rotated; short secrets are refused.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createKeyBox } from '../src/dashboards/crypto/key-box.js';
import { registerSecret } from './setup/no-secrets.js';
import { createClock, createTestStore, ENGINES, originOf, rest, type TestStore } from './utils/dashboards.js';
import type { TestGateway } from './utils/gateway.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const BASE = '/api/v1/analytics/dashboards';
const SECRET_A = 'first-gateway-secret-0123456789-abcdefgh';
const SECRET_B = 'second-gateway-secret-0123456789-abcdefg';
const SECRET_C = 'a-secret-nobody-configured-0123456789-xyz';
for (const secret of [SECRET_A, SECRET_B, SECRET_C]) registerSecret(secret);

describe.each(ENGINES)('finding 2: a wrong GATEWAY_SECRET never destroys stored keys, on %s', (engine) => {
  const clock = createClock();
  const stack = useStack({ gateways: 0 });
  const stores: TestStore[] = [];
  let running: TestGateway | null = null;
  afterAll(async () => {
    await running?.close();
    await Promise.all(stores.map((s) => s.drop()));
  });

  const newStore = () => {
    const store = createTestStore(engine);
    stores.push(store);
    return store;
  };
  /** Stops the running gateway and starts one on `store` with these secrets. */
  const startWith = async (store: TestStore, secret: string, previous?: string[]) => {
    await running?.close();
    running = null;
    running = await stack.startGateway({
      config: {
        ...store.config,
        gatewaySecret: secret,
        ...(previous ? { gatewaySecretPrevious: previous.join(',') } : {}),
        dashboardSchedulerTickMs: 0,
      },
      deps: { now: clock.now },
    });
    return running;
  };
  const call = (gw: TestGateway, method: string, p: string, body?: unknown) => rest(originOf(gw.url), method, p, body);
  const rowOf = async (store: TestStore, id: string) => (await store.rawRows('saved_dashboards')).find((r) => r.id === id)!;
  /** A saved dashboard with scheduled refresh on (its key sealed with the running secret). */
  const scheduled = async (gw: TestGateway, title: string): Promise<string> => {
    const id = (await call(gw, 'POST', BASE, { projectId: PULSE, title })).json.dashboard.id;
    expect((await call(gw, 'PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 300 })).status).toBe(200);
    return id;
  };
  const runDue = (gw: TestGateway) => gw.gateway.dashboards.scheduler.runDue();

  it('refuses to start with another secret than the store was sealed with, in one line naming GATEWAY_SECRET; the stored key survives', async () => {
    const store = newStore();
    const id = await scheduled(await startWith(store, SECRET_A), 'Sealed with A');
    const sealed = (await rowOf(store, id)).refresh_key;
    await running!.close();
    running = null;

    const refused = await startWith(store, SECRET_B).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const message = (refused as Error).message;
    expect(message).toContain('GATEWAY_SECRET');
    expect(message).not.toContain('\n');
    for (const secret of [SECRET_A, SECRET_B]) expect(message).not.toContain(secret);
    expect(await rowOf(store, id)).toMatchObject({ refresh_key: sealed, refresh_enabled: 1 });

    // The right secret again: nothing was lost.
    const gw = await startWith(store, SECRET_A);
    clock.advance(300);
    expect(await runDue(gw)).toEqual(['refreshed']);
  });

  it('checks a store from before the check against its stored keys: a secret that opens none of them is refused', async () => {
    const store = newStore();
    const id = await scheduled(await startWith(store, SECRET_A), 'From before the check');
    await running!.close();
    running = null;
    await store.execute('delete from dashboards_store_key');

    expect(await startWith(store, SECRET_B).then(() => null, (error: unknown) => error)).toBeInstanceOf(ConfigError);
    expect(await store.rawRows('dashboards_store_key')).toEqual([]);
    const gw = await startWith(store, SECRET_A);
    expect(await store.rawRows('dashboards_store_key')).toHaveLength(1);
    expect((await rowOf(store, id)).refresh_key).toMatch(/^v1\./);
    clock.advance(300);
    expect(await runDue(gw)).toEqual(['refreshed']);
  });

  it('rotates: the new secret with the old one in GATEWAY_SECRET_PREVIOUS re-seals stored keys, then the old one can go', async () => {
    const store = newStore();
    const id = await scheduled(await startWith(store, SECRET_A), 'Rotated');
    const before = String((await rowOf(store, id)).refresh_key);

    const rotated = await startWith(store, SECRET_B, [SECRET_A]);
    const after = String((await rowOf(store, id)).refresh_key);
    expect(after).not.toBe(before);
    expect(createKeyBox(SECRET_B).open(after, id)).toBe(DEMO_KEY);
    clock.advance(300);
    expect(await runDue(rotated)).toEqual(['refreshed']);

    const alone = await startWith(store, SECRET_B);
    clock.advance(300);
    expect(await runDue(alone)).toEqual(['refreshed']);
    const settings = (await call(alone, 'GET', `${BASE}/${id}/refresh`)).json;
    expect(settings).toMatchObject({ refreshEnabled: true, refreshDisabledReason: null, refreshFailure: null });
  });

  it('keeps a stored key it cannot open, says why, tries again next interval, and uses it once a secret opens it', async () => {
    const store = newStore();
    const gw = await startWith(store, SECRET_A);
    const id = await scheduled(gw, 'Unreadable key');
    const foreign = createKeyBox(SECRET_C).seal(DEMO_KEY, id);
    await store.execute(`update saved_dashboards set refresh_key = '${foreign}' where id = '${id}'`);
    await stack.sim.resetLog();

    for (let interval = 0; interval < 2; interval += 1) {
      clock.advance(300);
      expect(await runDue(gw)).toEqual(['failed']);
      expect(await rowOf(store, id)).toMatchObject({ refresh_key: foreign, refresh_enabled: 1 });
    }
    expect(await stack.sim.counts()).toEqual({});
    const failing = (await call(gw, 'GET', `${BASE}/${id}/refresh`)).json;
    expect(failing).toMatchObject({ refreshEnabled: true, refreshDisabledReason: null });
    expect(failing.refreshFailure).toContain('GATEWAY_SECRET');

    const fixed = await startWith(store, SECRET_A, [SECRET_C]);
    clock.advance(300);
    expect(await runDue(fixed)).toEqual(['refreshed']);
    expect(createKeyBox(SECRET_A).open(String((await rowOf(store, id)).refresh_key), id)).toBe(DEMO_KEY);
    expect((await call(fixed, 'GET', `${BASE}/${id}/refresh`)).json.refreshFailure).toBeNull();
  });
});

describe('finding 2: short or empty secrets are refused at start', () => {
  const stack = useStack({ gateways: 0 });
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const emptySecretDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wexa-graph-secret-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'gateway-secret'), '', { mode: 0o600 });
    return dir;
  };

  it('refuses a GATEWAY_SECRET or GATEWAY_SECRET_PREVIOUS entry shorter than 32 characters, without echoing it', () => {
    const short = 'short-secret-of-31-characters-x';
    expect(short).toHaveLength(31);
    registerSecret(short);
    for (const env of [{ GATEWAY_SECRET: short }, { GATEWAY_SECRET: SECRET_A, GATEWAY_SECRET_PREVIOUS: `${SECRET_B},${short}` }]) {
      const error = (() => {
        try {
          loadConfig({ WEXA_API_URL: 'http://127.0.0.1:1', ...env });
          return null;
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.message).toMatch(/GATEWAY_SECRET(_PREVIOUS)?=\(value hidden\) is not valid: expected (secrets of )?at least 32 characters/);
      expect(error!.message).not.toContain(short);
    }
  });

  it('refuses a secret file that is empty instead of using it (and never overwrites it)', async () => {
    const dataDir = emptySecretDir();
    const refused = await stack.startGateway({ config: { dataDir } }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused!.message).toContain('gateway-secret');
    expect(refused!.message).toContain('GATEWAY_SECRET');
    expect(readFileSync(path.join(dataDir, 'gateway-secret'), 'utf8')).toBe('');
  });

  it('ends `npm start` with exit code 1 and one line when the secret file is empty', async () => {
    const dataDir = emptySecretDir();
    const main = process.env.WEXA_GRAPH_DIST ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
    const child = spawn(process.execPath, main, {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATA_DIR: dataDir, WEXA_API_URL: stack.sim.url, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const [code] = await exited.finally(() => clearTimeout(timer));
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toContain('GATEWAY_SECRET');
  }, 60_000);
});
