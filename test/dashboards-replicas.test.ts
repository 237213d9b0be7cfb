/**
 * Two gateway replicas on one PostgreSQL store, each running its own scheduler loop: every due
 * dashboard is refreshed exactly once per interval (counted in the simulator's request log), and
 * the schedule carries on after both replicas restart, since it lives in the database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './utils/graphql.js';
import { createClock, originOf, rest } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';

describe('two replicas on PostgreSQL', () => {
  let projects: string[];
  const clock = createClock();
  const stack = useStack({ gateways: 2, store: 'postgres', config: { dashboardSchedulerTickMs: 25 }, deps: { now: clock.now } });
  /** Refresh calls per project in the simulator's log. */
  const refreshes = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = Object.fromEntries(projects.map((p) => [p, 0]));
    for (const entry of await stack.sim.requests()) {
      if (entry.route === '/dashboard/refresh/{projectID}') counts[entry.path.split('/').pop()!]! += 1;
    }
    return counts;
  };
  /** The refresh count of the dashboard refreshed least often. */
  const leastRefreshed = async () => Math.min(...Object.values(await refreshes()));
  /** Waits until both replicas' loops have each made `n` more passes (so a second claim had every chance). */
  const morePasses = async (n: number) => {
    const start = stack.gws.map((r) => r.gateway.dashboards.scheduler.passes());
    const fewest = () => Math.min(...stack.gws.map((r, i) => r.gateway.dashboards.scheduler.passes() - start[i]!));
    await expect.poll(fewest, { message: `${n} more scheduler passes on every replica`, timeout: 15_000 }).toBeGreaterThanOrEqual(n);
  };
  const each = (n: number) => Object.fromEntries(projects.map((p) => [p, n]));

  beforeAll(async () => {
    projects = (await getJson(stack.sim.url, '/v1/project', DEMO_KEY)).data.map((p: { _id: string }) => p._id);
    expect(projects.length).toBe(3);
    // One dashboard per project, created through alternating replicas, all on a 5-minute schedule.
    for (const [i, projectId] of projects.entries()) {
      const origin = originOf(stack.gws[i % 2]!.url);
      const id = (await rest(origin, 'POST', BASE, { projectId, title: `Board ${i}` })).json.dashboard.id;
      const set = await rest(origin, 'PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 300 });
      expect(set.status).toBe(200);
    }
    await stack.sim.resetLog();
  });

  it('refreshes each due dashboard exactly once per interval, and resumes after both replicas restart', async () => {
    await morePasses(3);
    expect(await refreshes()).toEqual(each(0));

    clock.advance(300);
    await expect.poll(leastRefreshed, { message: 'refresh 1 of every dashboard', timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await morePasses(5);
    expect(await refreshes()).toEqual(each(1));

    clock.advance(300);
    await expect.poll(leastRefreshed, { message: 'refresh 2 of every dashboard', timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await morePasses(5);
    expect(await refreshes()).toEqual(each(2));

    await stack.restart();
    await morePasses(3);
    expect(await refreshes()).toEqual(each(2));

    clock.advance(300);
    await expect.poll(leastRefreshed, { message: 'refresh 3 of every dashboard', timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await morePasses(5);
    expect(await refreshes()).toEqual(each(3));
  });
});
