/**
 * Finding 4: anonymous work before authentication. `GET /api/v1/analytics/dashboards` with any string
 * as its key read and parsed every stored row (snapshots included) before any access check, then asked
 * Wexa once per distinct project. Now the key is checked first (one cheap upstream call, cached per
 * key hash), the access check reads only project ids, and full rows are loaded only for the projects
 * the caller may see.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './utils/graphql.js';
import { ENGINES, originOf, rest } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, OTHER_KEY } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';

describe.each(ENGINES)('finding 4: the dashboards list authenticates before it reads rows, on %s', (engine) => {
  const stack = useStack({ store: engine, config: { dashboardSchedulerTickMs: 0 } });
  const list = (key: string | null) => rest(originOf(stack.gw.url), 'GET', BASE, undefined, key);
  let otherProject: string;

  beforeAll(async () => {
    const projects = (await getJson(stack.sim.url, '/v1/project', DEMO_KEY)).data.map((p: { _id: string }) => p._id) as string[];
    for (const [i, projectId] of projects.entries()) {
      const saved = await rest(originOf(stack.gw.url), 'POST', BASE, { projectId, title: `Board ${i}` });
      expect(saved.status).toBe(200);
    }
    otherProject = (await getJson(stack.sim.url, '/v1/project', OTHER_KEY)).data[0]._id;
    const theirs = await rest(originOf(stack.gw.url), 'POST', BASE, { projectId: otherProject, title: 'Theirs' }, OTHER_KEY);
    expect(theirs.status).toBe(200);
    // A row no caller of this test may read, whose stored content cannot even be parsed.
    await stack.store.execute(
      `insert into saved_dashboards (id, project_id, title, source, snapshot, created_at, updated_at)
       values ('dash_corruptcorruptcor', '${otherProject}', 'Unreadable', '{}', 'not json at all', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
  });

  it('refuses a made-up key with 401 after one upstream call, reading no row', async () => {
    await stack.sim.resetLog();
    const answer = await list('not-a-real-key');
    expect([answer.status, answer.json.error]).toEqual([401, 'unauthorized']);
    expect(await stack.sim.counts()).toEqual({ 'GET /v1/project': 1 });
  });

  it('loads full rows only for the projects the caller may see (a broken row elsewhere does not matter)', async () => {
    const mine = await list(DEMO_KEY);
    expect(mine.status).toBe(200);
    expect(mine.json.dashboards.map((d: { title: string }) => d.title)).toEqual(['Board 0', 'Board 1', 'Board 2']);
    // The key check is remembered per key hash: listing again asks Wexa nothing new.
    await stack.sim.resetLog();
    expect((await list(DEMO_KEY)).status).toBe(200);
    expect(await stack.sim.counts()).toEqual({});
  });
});
