/**
 * Saved dashboards over GraphQL, end to end on both store engines: every query and mutation, the
 * seed's error codes as `extensions.code`, the Relay node, and cross-key isolation.
 */
import { describe, expect, it } from 'vitest';
import type { TestGateway } from './utils/gateway.js';
import { codesOf, getJson } from './utils/graphql.js';
import { createClock, ENGINES, originOf, taskIdsOf } from './utils/dashboards.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, DEMO_USER, DOC_FLOW, OTHER_KEY, PULSE } from './utils/ids.js';

const FIELDS = `id dashboardId title projectId project { name } source { kind projectId wexaDashboardId tabId executionId }
  content createdAt updatedAt isPublic slug publicUrl passwordProtected publishedAt
  refreshEnabled refreshInterval lastRefreshedAt nextRefreshAt refreshDisabledReason`;

describe.each(ENGINES)('saved dashboards over GraphQL on %s', (engine) => {
  let sim: TestSimulator;
  let gw: TestGateway;
  const clock = createClock();
  useStack(
    { store: engine, config: { dashboardPasswordMaxFailures: 2, dashboardSchedulerTickMs: 0 }, deps: { now: clock.now } },
    (s) => ({ sim, gw } = s),
  );

  const save = async (variables: Record<string, unknown>, key: string | null = DEMO_KEY) =>
    gw.gql(
      `mutation ($title: String!, $projectId: ID, $tabId: ID, $executionId: ID) {
        saveDashboard(title: $title, projectId: $projectId, tabId: $tabId, executionId: $executionId) { savedDashboard { ${FIELDS} } }
      }`,
      variables,
      { key },
    );

  it('saves, reads (by id, by global id, as a node), lists by project, refreshes, clones and deletes', async () => {
    const saved = await save({ title: 'Pulse overview', projectId: PULSE });
    expect(saved.errors).toBeUndefined();
    const d = saved.data!.saveDashboard.savedDashboard;
    expect(d).toMatchObject({
      title: 'Pulse overview',
      projectId: PULSE,
      project: { name: 'Pulse' },
      source: { kind: 'PROJECT_DASHBOARD', projectId: PULSE, tabId: null, executionId: null },
      isPublic: false,
      slug: null,
      publicUrl: null,
      refreshEnabled: false,
      lastRefreshedAt: clock.now().toISOString(),
    });
    expect(d.content.tabs.length).toBe(3);

    const byId = await gw.gql(`query ($id: ID!) { savedDashboard(id: $id) { id title } }`, { id: d.dashboardId });
    const byGlobal = await gw.gql(`query ($id: ID!) { savedDashboard(id: $id) { id title } }`, { id: d.id });
    const node = await gw.gql(`query ($id: ID!) { node(id: $id) { ... on SavedDashboard { dashboardId title } } }`, { id: d.id });
    expect(byId.data!.savedDashboard).toEqual({ id: d.id, title: 'Pulse overview' });
    expect(byGlobal.data!.savedDashboard).toEqual(byId.data!.savedDashboard);
    expect(node.data!.node).toEqual({ dashboardId: d.dashboardId, title: 'Pulse overview' });

    const list = await gw.gql(`query ($p: ID) { savedDashboards(projectId: $p, first: 50) { totalCount nodes { dashboardId } } }`, { p: PULSE });
    expect(list.data!.savedDashboards.nodes).toContainEqual({ dashboardId: d.dashboardId });

    const before = taskIdsOf(d.content);
    const created = await fetch(`${sim.url}/execute_flow?projectID=${PULSE}`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ agentflow_id: DOC_FLOW, executed_by: DEMO_USER, goal: 'another', input_variables: {}, projectID: PULSE }),
    });
    expect(created.status).toBe(201);
    const newest = (await getJson(sim.url, `/tasks/${PULSE}?limit=1`, DEMO_KEY)).data[0]._id;
    expect(before).not.toContain(newest);
    clock.advance(30);
    const refreshed = await gw.gql(`mutation ($id: ID!) { refreshSavedDashboard(id: $id) { savedDashboard { lastRefreshedAt content } } }`, { id: d.id });
    expect(refreshed.errors).toBeUndefined();
    const after = refreshed.data!.refreshSavedDashboard.savedDashboard;
    expect(after.lastRefreshedAt).toBe(clock.now().toISOString());
    expect(taskIdsOf(after.content)).toContain(newest);

    const clone = await gw.gql(`mutation ($id: ID!) { cloneDashboard(id: $id) { savedDashboard { dashboardId title isPublic } } }`, { id: d.dashboardId });
    expect(clone.data!.cloneDashboard.savedDashboard).toMatchObject({ title: 'Pulse overview (Copy)', isPublic: false });
    const cloneId = clone.data!.cloneDashboard.savedDashboard.dashboardId;
    const deleted = await gw.gql(`mutation ($id: ID!) { deleteSavedDashboard(id: $id) { deletedDashboardId } }`, { id: cloneId });
    expect(deleted.data!.deleteSavedDashboard.deletedDashboardId).toBe(cloneId);
    const missing = await gw.gql(`query ($id: ID!) { savedDashboard(id: $id) { title } }`, { id: cloneId });
    expect(codesOf(missing)).toEqual(['NOT_FOUND']);
  });

  it("saves an execution's report with or without its project, and one tab of a dashboard", async () => {
    const list = await getJson(sim.url, `/${PULSE}/execution_flows?projectID=${PULSE}`, DEMO_KEY);
    const execution = list.data.find((e: any) => e.status === 'completed' && e.conclusion).execution_id;
    const withProject = await save({ title: 'Report', executionId: execution, projectId: PULSE });
    const without = await save({ title: 'Report 2', executionId: execution });
    expect(withProject.data!.saveDashboard.savedDashboard.source).toMatchObject({ kind: 'EXECUTION_REPORT', executionId: execution, projectId: PULSE });
    expect(without.data!.saveDashboard.savedDashboard.source).toEqual(withProject.data!.saveDashboard.savedDashboard.source);

    const whole = (await save({ title: 'w', projectId: PULSE })).data!.saveDashboard.savedDashboard;
    const tab = await save({ title: 'Tab', projectId: PULSE, tabId: whole.content.tabs[0].id });
    expect(tab.data!.saveDashboard.savedDashboard.content.tabs.map((t: any) => t.name)).toEqual(['Overview']);
    expect(codesOf(await save({ title: 'Tab', projectId: PULSE, tabId: '0123456789abcdef01234567' }))).toEqual(['NOT_FOUND']);
    expect(codesOf(await save({ title: 'nothing' }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await save({ title: '  ', projectId: PULSE }))).toEqual(['BAD_USER_INPUT']);
  });

  it('publishes, serves publicDashboard without a key (password required / forbidden / rate limited), and unpublishes at once', async () => {
    const id = (await save({ title: 'Shared', projectId: PULSE })).data!.saveDashboard.savedDashboard.dashboardId;
    const published = await gw.gql(`mutation ($id: ID!, $p: String) { publishDashboard(id: $id, password: $p) { slug publicUrl savedDashboard { isPublic passwordProtected } } }`, { id, p: 'open sesame' });
    expect(published.errors).toBeUndefined();
    const { slug, publicUrl } = published.data!.publishDashboard;
    expect(publicUrl).toBe(`${originOf(gw.url)}/public/dashboards/${slug}`);
    expect(published.data!.publishDashboard.savedDashboard).toEqual({ isPublic: true, passwordProtected: true });

    const view = (password: string | null) =>
      gw.gql(`query ($s: String!, $p: String) { publicDashboard(slug: $s, password: $p) { slug title lastRefreshedAt content } }`, { s: slug, p: password }, { key: null });
    const none = await view(null);
    expect(codesOf(none)).toEqual(['PASSWORD_REQUIRED']);
    expect(none.data!.publicDashboard).toBeNull();
    expect(codesOf(await view('nope'))).toEqual(['FORBIDDEN']);
    const ok = await view('open sesame');
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.publicDashboard).toMatchObject({ slug, title: 'Shared' });
    expect(codesOf(await view('nope again'))).toEqual(['FORBIDDEN']);
    const limited = await view('open sesame');
    expect(codesOf(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
    clock.advance(901);

    // Only publicDashboard goes without a key.
    expect(codesOf(await gw.gql(`{ savedDashboards { totalCount } }`, {}, { key: null }))).toEqual(['UNAUTHENTICATED']);

    const off = await gw.gql(`mutation ($id: ID!) { unpublishDashboard(id: $id) { savedDashboard { isPublic slug publicUrl } } }`, { id });
    expect(off.data!.unpublishDashboard.savedDashboard).toEqual({ isPublic: false, slug: null, publicUrl: null });
    expect(codesOf(await view('open sesame'))).toEqual(['NOT_FOUND']);
  });

  it('validates refresh intervals and stores the settings', async () => {
    const id = (await save({ title: 'Timed', projectId: PULSE })).data!.saveDashboard.savedDashboard.dashboardId;
    const set = (enabled: boolean, interval: number | null) =>
      gw.gql(
        `mutation ($id: ID!, $e: Boolean!, $i: Int) { updateDashboardRefreshSettings(id: $id, refreshEnabled: $e, refreshInterval: $i) { savedDashboard { refreshEnabled refreshInterval nextRefreshAt } } }`,
        { id, e: enabled, i: interval },
      );
    const bad = await set(true, 600);
    expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.message).toContain('300, 900, 3600, 86400');
    expect(codesOf(await set(true, null))).toEqual(['BAD_USER_INPUT']);
    const on = await set(true, 900);
    expect(on.data!.updateDashboardRefreshSettings.savedDashboard).toEqual({
      refreshEnabled: true,
      refreshInterval: 900,
      nextRefreshAt: new Date(clock.now().getTime() + 900_000).toISOString(),
    });
    const off = await set(false, null);
    expect(off.data!.updateDashboardRefreshSettings.savedDashboard).toEqual({ refreshEnabled: false, refreshInterval: 900, nextRefreshAt: null });
  });

  it("gives another organisation's key FORBIDDEN and no content, on every operation", async () => {
    const d = (await save({ title: 'Private', projectId: PULSE })).data!.saveDashboard.savedDashboard;
    const other = { key: OTHER_KEY };
    const reads = [
      [`query ($id: ID!) { savedDashboard(id: $id) { title content } }`, 'savedDashboard'],
      [`query ($id: ID!) { node(id: $id) { ... on SavedDashboard { title content } } }`, 'node'],
      [`mutation ($id: ID!) { publishDashboard(id: $id) { slug } }`, 'publishDashboard'],
      [`mutation ($id: ID!) { unpublishDashboard(id: $id) { savedDashboard { title } } }`, 'unpublishDashboard'],
      [`mutation ($id: ID!) { cloneDashboard(id: $id) { savedDashboard { title } } }`, 'cloneDashboard'],
      [`mutation ($id: ID!) { refreshSavedDashboard(id: $id) { savedDashboard { title } } }`, 'refreshSavedDashboard'],
      [`mutation ($id: ID!) { updateDashboardRefreshSettings(id: $id, refreshEnabled: true, refreshInterval: 300) { savedDashboard { title } } }`, 'updateDashboardRefreshSettings'],
      [`mutation ($id: ID!) { deleteSavedDashboard(id: $id) { deletedDashboardId } }`, 'deleteSavedDashboard'],
    ] as const;
    for (const [query, field] of reads) {
      const answer = await gw.gql(query, { id: d.id }, other);
      expect([field, codesOf(answer)]).toEqual([field, ['FORBIDDEN']]);
      expect(JSON.stringify(answer)).not.toContain('Private');
    }
    const list = await gw.gql(`{ savedDashboards(first: 100) { totalCount nodes { title } } }`, {}, other);
    expect(list.data!.savedDashboards).toEqual({ totalCount: 0, nodes: [] });
    const filtered = await gw.gql(`query ($p: ID) { savedDashboards(projectId: $p) { totalCount } }`, { p: PULSE }, other);
    expect(codesOf(filtered)).toEqual(['FORBIDDEN']);
    expect(codesOf(await save({ title: 'x', projectId: PULSE }, OTHER_KEY))).toEqual(['FORBIDDEN']);
    expect((await gw.gql(`query ($id: ID!) { savedDashboard(id: $id) { title } }`, { id: d.id })).data!.savedDashboard.title).toBe('Private');
  });
});
