/**
 * What the dashboards store holds at rest, read straight from the database (and, for SQLite, from
 * the files on disk): neither the stored Wexa key nor any viewing password in plain text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyBox } from '../src/dashboards/crypto/key-box.js';
import { hashPassword, verifyPassword } from '../src/dashboards/crypto/passwords.js';
import { registerSecret } from './setup/no-secrets.js';
import { ENGINES, originOf, rest } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';
const PASSWORD = 'tangerine-lighthouse-42';
registerSecret(PASSWORD);

describe('sealed keys and password hashes', () => {
  it('opens a sealed key only with the same secret and dashboard id, and notices tampering', () => {
    const box = createKeyBox('a-secret-of-enough-length');
    const sealed = box.seal(DEMO_KEY, 'dash_1');
    expect(sealed).not.toContain(DEMO_KEY);
    expect(box.seal(DEMO_KEY, 'dash_1')).not.toBe(sealed);
    expect(box.open(sealed, 'dash_1')).toBe(DEMO_KEY);
    expect(() => box.open(sealed, 'dash_2')).toThrow();
    expect(() => createKeyBox('another-secret-of-length').open(sealed, 'dash_1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(DEMO_KEY.length)).toString('base64url');
    expect(() => box.open(parts.join('.'), 'dash_1')).toThrow();
  });

  it('hashes passwords with a salt and verifies them', async () => {
    const [a, b] = [await hashPassword(PASSWORD), await hashPassword(PASSWORD)];
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a)).toBe(true);
    expect(await verifyPassword('tangerine-lighthouse-43', a)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'garbage')).toBe(false);
  });
});

describe.each(ENGINES)('raw rows on %s', (engine) => {
  const stack = useStack({ store: engine, config: { dashboardSchedulerTickMs: 0 } });
  const call = (method: string, p: string, body?: unknown, key: string | null = DEMO_KEY) => rest(originOf(stack.gw.url), method, p, body, key);

  it('holds neither the stored key nor the password in plain text', async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'At rest' })).json.dashboard.id;
    const { slug } = (await call('POST', `${BASE}/${id}/publish`, { password: PASSWORD })).json;
    await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 900 });
    await call('POST', `/api/v1/public/dashboards/${slug}`, { password: `${PASSWORD}-wrong` }, null);
    expect((await call('POST', `/api/v1/public/dashboards/${slug}`, { password: PASSWORD }, null)).status).toBe(200);

    const rows = [...(await stack.store.rawRows('saved_dashboards')), ...(await stack.store.rawRows('dashboard_password_tries'))];
    const dump = JSON.stringify(rows);
    const row = rows.find((r) => r.id === id)!;
    expect(row.refresh_key).toMatch(/^v1\./);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(dump).not.toContain(DEMO_KEY);
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(Buffer.from(DEMO_KEY).toString('base64'));

    if (engine === 'sqlite') {
      const dir = String(stack.store.config.dataDir);
      await stack.gw.close(); // flushes the WAL into the file
      for (const file of readdirSync(dir)) {
        const bytes = readFileSync(path.join(dir, file));
        expect([file, bytes.includes(DEMO_KEY)]).toEqual([file, false]);
        expect([file, bytes.includes(PASSWORD)]).toEqual([file, false]);
      }
      // The generated secret is the owner's alone.
      expect(statSync(path.join(dir, 'gateway-secret')).mode & 0o777).toBe(0o600);
    }
  });
});
