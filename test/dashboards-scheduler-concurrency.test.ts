/**
 * Finding 6: the scheduler refreshed one dashboard at a time, so one slow upstream call stalled every
 * refresh of a replica. Now due dashboards are refreshed `DASHBOARD_REFRESH_CONCURRENCY` at a time,
 * and each refresh has an overall deadline (`DASHBOARD_REFRESH_TIMEOUT_MS`): past it, it counts as
 * failed (with a reason), its late result is never stored, and it is tried again next interval.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './utils/graphql.js';
import { createClock, ENGINES, originOf, rest } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';
const REFRESH_ROUTE = '/dashboard/refresh/{projectID}';

describe.each(ENGINES)('finding 6: scheduled refreshes run side by side, each with a deadline, on %s', (engine) => {
  const clock = createClock();
  const stack = useStack({
    store: engine,
    // The hung call ends by itself soon after the deadline (so closing the gateway does not wait for it).
    config: { dashboardSchedulerTickMs: 0, dashboardRefreshConcurrency: 2, dashboardRefreshTimeoutMs: 1_500, upstreamHeadersTimeoutMs: 3_000 },
    deps: { now: clock.now },
  });
  const call = (method: string, path: string, body?: unknown) => rest(originOf(stack.gw.url), method, path, body);
  const scheduler = () => stack.gw.gateway.dashboards.scheduler;
  /** Refresh calls that reached the simulator, per project. */
  const refreshCalls = async () => {
    const out: Record<string, number> = {};
    for (const entry of await stack.sim.requests()) {
      if (entry.route === REFRESH_ROUTE) out[entry.path.split('/').pop()!] = (out[entry.path.split('/').pop()!] ?? 0) + 1;
    }
    return out;
  };
  let projects: string[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    projects = (await getJson(stack.sim.url, '/v1/project', DEMO_KEY)).data.map((p: { _id: string }) => p._id);
    expect(projects.length).toBe(3);
    // The slow one is due first, so a one-at-a-time scheduler would meet it before the others.
    for (const projectId of projects) {
      const id = (await call('POST', BASE, { projectId, title: `Board of ${projectId}` })).json.dashboard.id;
      expect((await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 300 })).status).toBe(200);
      ids[projectId] = id;
      clock.advance(1);
    }
  });

  it('refreshes the other dashboards while one upstream call hangs, and gives up on that one at its deadline', async () => {
    const [slow, ...others] = projects as [string, ...string[]];
    await stack.sim.setFaults([{ method: 'POST', path: `/dashboard/refresh/${slow}`, hang: true }]);
    await stack.sim.resetLog();
    try {
      clock.advance(300);
      const pass = scheduler().runDue();
      // Both others are refreshed while the slow call is still hanging.
      await expect.poll(async () => (await refreshCalls())[slow] ?? 0, { message: 'the slow refresh call reached Wexa' }).toBe(1);
      const refreshedOthers = async () => {
        const at = await Promise.all(others.map(async (p) => (await call('GET', `${BASE}/${ids[p]}/refresh`)).json.lastRefreshedAt));
        return at.every((t) => t === clock.now().toISOString());
      };
      await expect.poll(refreshedOthers, { message: 'the other dashboards refreshed' }).toBe(true);
      expect(await refreshCalls()).toEqual(Object.fromEntries(projects.map((p) => [p, 1])));

      expect([...(await pass)].sort()).toEqual(['failed', 'refreshed', 'refreshed']);
      const late = (await call('GET', `${BASE}/${ids[slow]}/refresh`)).json;
      expect(late).toMatchObject({ refreshEnabled: true, refreshDisabledReason: null });
      expect(late.lastRefreshedAt).not.toBe(clock.now().toISOString());
      expect(late.refreshFailure).toContain('1500 ms');
    } finally {
      await stack.sim.clearFaults();
    }

    // Next interval it is tried again, and succeeds.
    clock.advance(300);
    expect([...(await scheduler().runDue())].sort()).toEqual(['refreshed', 'refreshed', 'refreshed']);
    expect((await call('GET', `${BASE}/${ids[slow]}/refresh`)).json.refreshFailure).toBeNull();
  });

  it('runs at most DASHBOARD_REFRESH_CONCURRENCY refreshes at once', async () => {
    await stack.sim.setFaults([{ method: 'POST', path: '/dashboard/refresh', latencyMs: 200 }]);
    try {
      clock.advance(300);
      expect(await scheduler().runDue()).toEqual(['refreshed', 'refreshed', 'refreshed']);
    } finally {
      await stack.sim.clearFaults();
    }
    expect(scheduler().stats().peak).toBe(2);
    expect(scheduler().stats().running).toBe(0);
  });
});
