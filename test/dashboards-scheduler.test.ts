/**
 * Scheduled refresh on both store engines, one replica: due dashboards are refreshed once per
 * interval with the stored key (counted in the simulator's request log), and a key Wexa refuses
 * turns refresh off with a reason instead of being retried forever.
 */
import { describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { createClock, ENGINES, originOf, rest } from './utils/dashboards.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { PULSE } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';
const REFRESH = 'POST /dashboard/refresh/{projectID}';

describe.each(ENGINES)('scheduled refresh on %s', (engine) => {
  let sim: TestSimulator;
  let gw: TestGateway;
  const clock = createClock();
  const call = (method: string, path: string, body?: unknown) => rest(originOf(gw.url), method, path, body);
  const runDue = () => gw.gateway.dashboards.scheduler.runDue();

  // No timer loop: the test runs each pass itself, so the clock alone decides what is due.
  const stack = useStack({ store: engine, config: { dashboardSchedulerTickMs: 0 }, deps: { now: clock.now } }, (s) => ({ sim, gw } = s));

  it('refreshes a due dashboard once per interval, not before, and moves lastRefreshedAt', async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'Every 5 minutes' })).json.dashboard.id;
    expect((await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 300 })).status).toBe(200);
    await sim.resetLog();

    clock.advance(299);
    expect(await runDue()).toEqual([]);
    clock.advance(1);
    expect(await runDue()).toEqual(['refreshed']);
    expect(await runDue()).toEqual([]);
    expect((await sim.counts())[REFRESH]).toBe(1);
    const settings = (await call('GET', `${BASE}/${id}/refresh`)).json;
    expect(settings).toMatchObject({ refreshEnabled: true, refreshInterval: 300, lastRefreshedAt: clock.now().toISOString() });
    expect(settings.nextRefreshAt).toBe(new Date(clock.now().getTime() + 300_000).toISOString());

    clock.advance(300);
    expect(await runDue()).toEqual(['refreshed']);
    expect((await sim.counts())[REFRESH]).toBe(2);
    await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: false });
    clock.advance(3000);
    expect(await runDue()).toEqual([]);
    expect((await sim.counts())[REFRESH]).toBe(2);
  });

  it.each([401, 403])('turns refresh off and records why when Wexa answers %i to the stored key, and never retries it', async (status) => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: `Refused ${status}` })).json.dashboard.id;
    await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 300 });
    await sim.setFaults([{ method: 'POST', path: '/dashboard/refresh', status }]);
    await sim.resetLog();
    try {
      clock.advance(300);
      expect(await runDue()).toEqual(['disabled']);
      clock.advance(86_400);
      expect(await runDue()).toEqual([]);
      expect((await sim.counts())[REFRESH]).toBe(1);
    } finally {
      await sim.clearFaults();
    }
    const settings = (await call('GET', `${BASE}/${id}/refresh`)).json;
    expect(settings).toMatchObject({ refreshEnabled: false, nextRefreshAt: null });
    expect(settings.refreshDisabledReason).toContain(`(${status})`);
    const row = (await stack.store.rawRows('saved_dashboards')).find((r) => r.id === id)!;
    expect(row.refresh_key).toBeNull();
  });
});
