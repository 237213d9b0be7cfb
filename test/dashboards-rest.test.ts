/**
 * The saved-dashboards REST API of seed 003, end to end on both store engines: the real gateway over
 * HTTP in front of the real simulator, the seed's JSON shapes, status codes and error strings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './utils/graphql.js';
import { createClock, ENGINES, originOf, rest, taskIdsOf } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, DEMO_USER as USER, DOC_FLOW as AGENTFLOW, OTHER_KEY, PULSE, UNKNOWN_EXECUTION } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';

describe.each(ENGINES)('dashboards REST API on %s', (engine) => {
  const clock = createClock();
  let executionId: string;
  const stack = useStack({
    store: engine,
    config: { dashboardPasswordMaxFailures: 3, dashboardSchedulerTickMs: 0 },
    deps: { now: clock.now },
  });
  /** The gateway's origin (a restart moves it to another port). */
  const origin = () => originOf(stack.gw.url);
  const call = (method: string, path: string, body?: unknown, key: string | null = DEMO_KEY) => rest(origin(), method, path, body, key);

  beforeAll(async () => {
    const list = await getJson(stack.sim.url, `/${PULSE}/execution_flows?projectID=${PULSE}`, DEMO_KEY);
    executionId = list.data.find((e: any) => e.status === 'completed' && e.conclusion).execution_id;
  });

  it("saves a conversation with the seed's exact body, lists it, and keeps it across a restart before publishing", async () => {
    const saved = await call('POST', BASE, { conversationId: executionId, title: 'Q3 Revenue Dashboard' });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ success: true, dashboard: { title: 'Q3 Revenue Dashboard', createdAt: clock.now().toISOString() } });
    const id: string = saved.json.dashboard.id;
    expect(id).toMatch(/^dash_/);

    const listed = await call('GET', BASE);
    expect(listed.status).toBe(200);
    expect(listed.json.success).toBe(true);
    expect(listed.json.dashboards).toContainEqual(
      expect.objectContaining({ id, title: 'Q3 Revenue Dashboard', isDashboard: true, isPublic: false, createdAt: saved.json.dashboard.createdAt }),
    );

    await stack.restart();

    const published = await call('POST', `${BASE}/${id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.json).toEqual({ success: true, slug: expect.stringMatching(/^q3-revenue-dashboard-[a-z0-9]+$/), publicUrl: expect.any(String) });
    expect(published.json.publicUrl).toBe(`${origin()}/public/dashboards/${published.json.slug}`);

    const shown = await call('POST', `/api/v1/public/dashboards/${published.json.slug}`, {}, null);
    expect(shown.status).toBe(200);
    expect(shown.json.success).toBe(true);
    expect(shown.json.dashboard.title).toBe('Q3 Revenue Dashboard');
    const report = shown.json.dashboard.content.tabs[0];
    expect(report.name).toBe('Report');
    expect(report.components[0].view.kind).toBe('markdown');
  });

  it('saves a project dashboard (whole or one tab) and refreshes it now through Wexa, the snapshot following the upstream', async () => {
    const whole = await call('POST', BASE, { projectId: PULSE, title: 'Pulse board' });
    expect(whole.status).toBe(200);
    const id = whole.json.dashboard.id;
    const before = await call('GET', `${BASE}/${id}`);
    expect(before.json.dashboard.content.tabs.map((t: any) => t.name)).toEqual(['Overview', 'Analytics', 'Reports']);

    const tab = await call('POST', BASE, { projectId: PULSE, tabId: before.json.dashboard.content.tabs[1].id, title: 'Analytics only' });
    expect(tab.status).toBe(200);
    const tabContent = (await call('GET', `${BASE}/${tab.json.dashboard.id}`)).json.dashboard.content;
    expect(tabContent.tabs.map((t: any) => t.name)).toEqual(['Analytics']);
    expect(tabContent.tabs[0].components.some((c: any) => c.view.kind === 'chart')).toBe(true);

    // The upstream changes: a new run creates a new task.
    const created = await fetch(`${stack.sim.url}/execute_flow?projectID=${PULSE}`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ agentflow_id: AGENTFLOW, executed_by: USER, goal: 'count the new leads', input_variables: {}, projectID: PULSE }),
    });
    expect(created.status).toBe(201);
    const newest = (await getJson(stack.sim.url, `/tasks/${PULSE}?limit=1`, DEMO_KEY)).data[0]._id;
    expect(taskIdsOf(before.json.dashboard.content)).not.toContain(newest);

    clock.advance(60);
    await stack.sim.resetLog();
    const refreshed = await call('POST', `${BASE}/${id}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({ success: true, lastRefreshedAt: clock.now().toISOString() });
    expect(taskIdsOf(refreshed.json.dashboard.content)).toContain(newest);
    expect((await stack.sim.counts())['POST /dashboard/refresh/{projectID}']).toBe(1);
    const settings = await call('GET', `${BASE}/${id}/refresh`);
    expect(settings.json).toMatchObject({ success: true, refreshEnabled: false, refreshInterval: null, lastRefreshedAt: clock.now().toISOString() });
  });

  it('publishes with a password: missing is password_required, wrong is forbidden, right shows the content; then rate-limits wrong guesses', async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'Secret board' })).json.dashboard.id;
    const { slug } = (await call('POST', `${BASE}/${id}/publish`, { password: 'correct horse' })).json;
    const open = (password?: string) => call('POST', `/api/v1/public/dashboards/${slug}`, password === undefined ? {} : { password }, null);

    const missing = await open();
    expect([missing.status, missing.json.error, missing.json.success]).toEqual([403, 'password_required', false]);
    expect(JSON.stringify(missing.json)).not.toContain('Overview');
    const wrong = await open('wrong');
    expect([wrong.status, wrong.json.error]).toEqual([403, 'forbidden']);
    expect(JSON.stringify(wrong.json)).not.toContain('Overview');
    const right = await open('correct horse');
    expect(right.status).toBe(200);
    expect(right.json.dashboard.content.tabs[0].name).toBe('Overview');

    // Three wrong passwords (the configured limit), then even the right one waits.
    expect((await open('wrong 2')).status).toBe(403);
    expect((await open('wrong 3')).status).toBe(403);
    const limited = await open('correct horse');
    expect([limited.status, limited.json.error]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(900);
    expect((await open('correct horse')).status).toBe(200);
  });

  it('clones as "<title> (Copy)", unpublished; unpublishing stops the public URL at once', async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'Weekly' })).json.dashboard.id;
    const { slug } = (await call('POST', `${BASE}/${id}/publish`)).json;
    const clone = await call('POST', `${BASE}/${id}/clone`);
    expect(clone.status).toBe(200);
    expect(clone.json).toMatchObject({ success: true, dashboard: { title: 'Weekly (Copy)', isPublic: false } });
    expect(clone.json.dashboard.id).not.toBe(id);

    expect((await call('POST', `/api/v1/public/dashboards/${slug}`, {}, null)).status).toBe(200);
    const page = await fetch(`${origin()}/public/dashboards/${slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Weekly');
    const off = await call('DELETE', `${BASE}/${id}/publish`);
    expect(off.json).toEqual({ success: true });
    const gone = await call('POST', `/api/v1/public/dashboards/${slug}`, {}, null);
    expect([gone.status, gone.json.error]).toEqual([404, 'not_found']);
    const unknown = await call('POST', '/api/v1/public/dashboards/no-such-slug', {}, null);
    expect([unknown.status, unknown.json]).toEqual([gone.status, gone.json]);
    const [gonePage, unknownPage] = await Promise.all([fetch(`${origin()}/public/dashboards/${slug}`), fetch(`${origin()}/public/dashboards/no-such-slug`)]);
    expect([gonePage.status, unknownPage.status]).toEqual([404, 404]);
    expect(await gonePage.text()).toBe(await unknownPage.text());
  });

  it('accepts only the documented refresh intervals and reports the settings', async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'Intervals' })).json.dashboard.id;
    for (const bad of [60, 301, 0, -300, 1.5, '900']) {
      const answer = await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: bad });
      expect([answer.status, answer.json.error]).toEqual([400, 'bad_request']);
      expect(answer.json.message).toContain('300, 900, 3600, 86400');
    }
    const set = await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 3600 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ success: true, refreshEnabled: true, refreshInterval: 3600 });
    const read = await call('GET', `${BASE}/${id}/refresh`);
    expect(read.json).toMatchObject({ success: true, refreshEnabled: true, refreshInterval: 3600, lastRefreshedAt: expect.any(String) });
    const off = await call('PUT', `${BASE}/${id}/refresh`, { refreshEnabled: false });
    expect(off.json).toMatchObject({ success: true, refreshEnabled: false });
  });

  it("keeps another organisation's key out (403 forbidden, no content) and refuses missing or unknown keys (401)", async () => {
    const id = (await call('POST', BASE, { projectId: PULSE, title: 'Ours only' })).json.dashboard.id;
    const attempts = [
      ['GET', `${BASE}/${id}`],
      ['POST', `${BASE}/${id}/publish`],
      ['DELETE', `${BASE}/${id}/publish`],
      ['POST', `${BASE}/${id}/clone`],
      ['GET', `${BASE}/${id}/refresh`],
      ['PUT', `${BASE}/${id}/refresh`],
      ['POST', `${BASE}/${id}/refresh`],
      ['DELETE', `${BASE}/${id}`],
    ] as const;
    await stack.sim.resetLog();
    for (const [method, path] of attempts) {
      const body = method === 'PUT' ? { refreshEnabled: true, refreshInterval: 900 } : undefined;
      const answer = await call(method, path, body, OTHER_KEY);
      expect([method, path, answer.status, answer.json.error]).toEqual([method, path, 403, 'forbidden']);
      expect(JSON.stringify(answer.json)).not.toContain('Ours only');
    }
    // The access answer is asked upstream once, then reused (cached per key hash and project).
    expect(await stack.sim.counts()).toEqual({ 'GET /v1/project/{projectId}': 1 });
    const theirs = await call('GET', BASE, undefined, OTHER_KEY);
    expect(theirs.json).toEqual({ success: true, dashboards: [] });
    expect((await call('POST', BASE, { projectId: PULSE, title: 'steal' }, OTHER_KEY)).json.error).toBe('forbidden');

    for (const key of [null, 'not-a-real-key']) {
      const list = await call('GET', BASE, undefined, key);
      expect([list.status, list.json.error]).toEqual([401, 'unauthorized']);
      const one = await call('GET', `${BASE}/${id}`, undefined, key);
      expect([one.status, one.json.error]).toEqual([401, 'unauthorized']);
    }
    // Still ours, untouched.
    expect((await call('GET', `${BASE}/${id}`)).json.dashboard).toMatchObject({ title: 'Ours only', isPublic: false });
  });

  it('answers unknown ids with 404 not_found and bad bodies with 400 bad_request', async () => {
    expect((await call('GET', `${BASE}/dash_AAAAAAAAAAAAAAAA`)).json.error).toBe('not_found');
    expect((await call('GET', `${BASE}/%E0%A4%A`)).status).toBe(404);
    expect((await call('POST', BASE, { title: 'no source' })).json.error).toBe('bad_request');
    expect((await call('POST', BASE, { projectId: PULSE })).json.error).toBe('bad_request');
    expect((await call('POST', BASE, { conversationId: UNKNOWN_EXECUTION, title: 'x' })).json.error).toBe('not_found');
    const broken = await fetch(`${origin()}${BASE}`, { method: 'POST', headers: { 'x-api-key': DEMO_KEY }, body: '{"title":' });
    expect(broken.status).toBe(400);
    expect((await call('PATCH', BASE)).status).toBe(405);
  });
});
