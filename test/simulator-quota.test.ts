/**
 * The simulator's per-key quota (`/__simulator/quota`): off by default; when set, a key over its
 * concurrent or per-second limit gets 429 with `Retry-After`, other keys are untouched, and the
 * control API counts what it admitted and refused.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KeyQuota } from '../src/simulator/quota.js';
import { PULSE } from './utils/ids.js';
import { startTestSimulator } from './utils/simulator.js';

const t = await startTestSimulator();
afterAll(() => t.close());

const control = async (method: string, body?: unknown) => {
  const res = await fetch(`${t.url}/__simulator/quota`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { quota: unknown; admitted: number; refused: { concurrency: number; rate: number } } };
};

const read = (key = t.demoKey, signal?: AbortSignal) =>
  fetch(`${t.url}/v1/project/${PULSE}`, { headers: { 'x-api-key': key }, signal });

afterEach(async () => {
  await control('DELETE');
  await t.clearFaults();
  await t.resetLog();
});

describe('simulator per-key quota', () => {
  it('is off by default: many concurrent requests of one key are all answered', async () => {
    expect((await control('GET')).json.quota).toBeNull();
    const statuses = await Promise.all(Array.from({ length: 40 }, async () => (await read()).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('refuses a key over its concurrent limit with 429 and Retry-After, and lets it in again once a slot frees', async () => {
    expect((await control('POST', { concurrent: 2 })).status).toBe(200);
    // Two requests that never answer hold the key's two slots.
    await t.setFaults([{ path: '/v1/project', hang: true, times: 2 }]);
    const aborts = [new AbortController(), new AbortController()];
    const held = aborts.map((a) => read(t.demoKey, a.signal).catch(() => null));
    await expect.poll(async () => (await t.requests()).length).toBe(2);

    const refused = await read();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/concurrent/);
    // Another key has slots of its own.
    expect((await read(t.otherKey)).status).not.toBe(429);

    aborts.forEach((a) => a.abort());
    await Promise.all(held);
    await expect.poll(async () => (await read()).status).toBe(200);
    const { refused: counts } = (await control('GET')).json;
    expect(counts.concurrency).toBeGreaterThanOrEqual(1);
    expect(counts.rate).toBe(0);
  });

  it('refuses a key over its per-second limit with 429 and Retry-After', async () => {
    await control('POST', { perSecond: 1 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => read()));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused[0]!.json()) as { detail: string }).detail).toMatch(/per second/);
    expect((await control('GET')).json.refused.rate).toBe(refused.length);
    // The refusals are in the request log as 429s.
    expect((await t.requests()).filter((r) => r.status === 429)).toHaveLength(refused.length);
  });

  it('rejects unknown or malformed settings', async () => {
    expect((await control('POST', { perMinute: 5 })).status).toBe(400);
    expect((await control('POST', { concurrent: -1 })).status).toBe(400);
    expect((await control('GET')).json.quota).toBeNull();
  });

  it('counts a one-second window per key (KeyQuota with an explicit clock)', () => {
    const quota = new KeyQuota();
    quota.set({ perSecond: 3 });
    const at = (now: number) => quota.admit('k', now).admitted;
    expect([at(0), at(100), at(200), at(300)]).toEqual([true, true, true, false]);
    const refusal = quota.admit('k', 400);
    expect(refusal).toMatchObject({ admitted: false, reason: 'rate', retryAfter: 1 });
    expect(quota.admit('other', 400).admitted).toBe(true);
    expect([at(1000), at(1500), at(1999), at(2000)]).toEqual([true, true, true, true]);
    expect(quota.view()).toMatchObject({ admitted: 8, refused: { rate: 2, concurrency: 0 } });
  });
});
