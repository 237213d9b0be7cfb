/**
 * Finding 3: reading a project was full control of its saved dashboards. Any key that could read the
 * project could publish someone's private dashboard without a password, unpublish it, change its
 * refresh or delete it. Now the creator is recorded and only the creator may publish, unpublish,
 * change refresh or delete; other readers of the project may list, view, refresh now and clone (the
 * copy is theirs). Rows saved before creators were recorded are claimed by the first reader who
 * manages them, unless their stored refresh key names the person who scheduled them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesOf } from './utils/graphql.js';
import { COLLEAGUE_KEY, startColleagueProxy, type ColleagueProxy } from './utils/colleague.js';
import { createTestStore, ENGINES, originOf, rest, type TestStore } from './utils/dashboards.js';
import { startTestGateway, type TestGateway } from './utils/gateway.js';
import { DEMO_KEY, OTHER_KEY, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';
import { registerSecret } from './setup/no-secrets.js';

const BASE = '/api/v1/analytics/dashboards';
const SECRET_A = 'creator-test-secret-a-0123456789-abcdefgh';
const SECRET_B = 'creator-test-secret-b-0123456789-abcdefgh';
registerSecret(SECRET_A);
registerSecret(SECRET_B);

describe.each(ENGINES)('finding 3: only the creator manages a saved dashboard, on %s', (engine) => {
  const stack = useStack({ gateways: 0 });
  let proxy: ColleagueProxy;
  let store: TestStore;
  let gw: TestGateway | null = null;

  beforeAll(async () => {
    proxy = await startColleagueProxy(stack.sim.url);
    store = createTestStore(engine);
    await restart(SECRET_A);
  });
  afterAll(async () => {
    await gw?.close();
    await proxy?.close();
    await store?.drop();
  });

  async function restart(secret: string, previous: string[] = []): Promise<void> {
    await gw?.close();
    gw = null;
    gw = await startTestGateway({
      upstreamUrl: proxy.url,
      config: { ...store.config, gatewaySecret: secret, gatewaySecretPrevious: previous.join(','), dashboardSchedulerTickMs: 0 },
    });
  }
  const call = (key: string, method: string, path: string, body?: unknown) => rest(originOf(gw!.url), method, path, body, key);
  const save = async (title: string) => {
    const saved = await call(DEMO_KEY, 'POST', BASE, { projectId: PULSE, title });
    expect(saved.status).toBe(200);
    return saved.json.dashboard.id as string;
  };
  /** The four managing operations, as `[name, status, error]` for `key`. */
  const manage = async (key: string, id: string) => {
    const attempts = [
      ['publish', 'POST', `${BASE}/${id}/publish`, {}],
      ['change refresh', 'PUT', `${BASE}/${id}/refresh`, { refreshEnabled: true, refreshInterval: 900 }],
      ['unpublish', 'DELETE', `${BASE}/${id}/publish`, undefined],
      ['delete', 'DELETE', `${BASE}/${id}`, undefined],
    ] as const;
    const out: [string, number, string | undefined][] = [];
    for (const [name, method, path, body] of attempts) {
      const answer = await call(key, method, path, body);
      out.push([name, answer.status, answer.json.error]);
      if (answer.status === 200 && name === 'delete') break;
    }
    return out;
  };
  const refused = (names: string[]) => names.map((n) => [n, 403, 'forbidden']);

  it('lets a colleague who can read the project list, view, refresh now and clone, but not publish, unpublish, change refresh or delete', async () => {
    const id = await save('Mine alone');
    const published = await call(DEMO_KEY, 'POST', `${BASE}/${id}/publish`, { password: 'owner only' });
    expect(published.status).toBe(200);

    const listed = await call(COLLEAGUE_KEY, 'GET', BASE);
    expect(listed.json.dashboards.map((d: { id: string }) => d.id)).toContain(id);
    expect((await call(COLLEAGUE_KEY, 'GET', `${BASE}/${id}`)).json.dashboard.title).toBe('Mine alone');
    expect((await call(COLLEAGUE_KEY, 'POST', `${BASE}/${id}/refresh`)).status).toBe(200);

    // Publishing without a password would have exposed it; unpublishing, rescheduling, deleting likewise refused.
    expect(await manage(COLLEAGUE_KEY, id)).toEqual(refused(['publish', 'change refresh', 'unpublish', 'delete']));
    const still = (await call(DEMO_KEY, 'GET', `${BASE}/${id}`)).json.dashboard;
    expect(still).toMatchObject({ isPublic: true, passwordProtected: true, refreshEnabled: false });

    // The same over GraphQL.
    const asColleague = { key: COLLEAGUE_KEY };
    for (const mutation of [
      `mutation ($id: ID!) { publishDashboard(id: $id) { slug } }`,
      `mutation ($id: ID!) { unpublishDashboard(id: $id) { savedDashboard { id } } }`,
      `mutation ($id: ID!) { updateDashboardRefreshSettings(id: $id, refreshEnabled: true, refreshInterval: 300) { savedDashboard { id } } }`,
      `mutation ($id: ID!) { deleteSavedDashboard(id: $id) { deletedDashboardId } }`,
    ]) {
      expect(codesOf(await gw!.gql(mutation, { id }, asColleague))).toEqual(['FORBIDDEN']);
    }

    // A clone is the colleague's own: they manage it; the creator of the original does not.
    const clone = await call(COLLEAGUE_KEY, 'POST', `${BASE}/${id}/clone`);
    expect(clone.status).toBe(200);
    const copy = clone.json.dashboard.id as string;
    expect(await manage(DEMO_KEY, copy)).toEqual(refused(['publish', 'change refresh', 'unpublish', 'delete']));
    expect(await manage(COLLEAGUE_KEY, copy)).toEqual([
      ['publish', 200, undefined],
      ['change refresh', 200, undefined],
      ['unpublish', 200, undefined],
      ['delete', 200, undefined],
    ]);
    // The creator still manages the original; another organisation still sees nothing of it.
    expect((await call(OTHER_KEY, 'POST', `${BASE}/${id}/clone`)).status).toBe(403);
    expect(await manage(DEMO_KEY, id)).toEqual([
      ['publish', 200, undefined],
      ['change refresh', 200, undefined],
      ['unpublish', 200, undefined],
      ['delete', 200, undefined],
    ]);
  });

  it('gives a dashboard saved before creators were recorded to the key of its scheduled refresh, else to the first reader who manages it', async () => {
    const scheduled = await save('Old and scheduled');
    expect((await call(DEMO_KEY, 'PUT', `${BASE}/${scheduled}/refresh`, { refreshEnabled: true, refreshInterval: 300 })).status).toBe(200);
    const plain = await save('Old and plain');
    await store.execute(`update saved_dashboards set creator = null where id in ('${scheduled}', '${plain}')`);
    await restart(SECRET_A);

    // The stored key says who scheduled it: that key is its creator from the first start on.
    expect((await call(COLLEAGUE_KEY, 'POST', `${BASE}/${scheduled}/publish`, {})).status).toBe(403);
    expect((await call(DEMO_KEY, 'POST', `${BASE}/${scheduled}/publish`, {})).status).toBe(200);
    // Nothing says who saved the other one: the first reader who manages it claims it.
    expect((await call(COLLEAGUE_KEY, 'POST', `${BASE}/${plain}/publish`, {})).status).toBe(200);
    expect((await call(DEMO_KEY, 'DELETE', `${BASE}/${plain}/publish`)).status).toBe(403);
  });

  it('still knows the creator after GATEWAY_SECRET is rotated, and after the old secret is gone', async () => {
    const id = await save('Across rotations');
    await restart(SECRET_B, [SECRET_A]);
    expect((await call(COLLEAGUE_KEY, 'POST', `${BASE}/${id}/publish`, {})).status).toBe(403);
    expect((await call(DEMO_KEY, 'POST', `${BASE}/${id}/publish`, {})).status).toBe(200);
    await restart(SECRET_B);
    expect((await call(COLLEAGUE_KEY, 'DELETE', `${BASE}/${id}/publish`)).status).toBe(403);
    expect((await call(DEMO_KEY, 'DELETE', `${BASE}/${id}/publish`)).status).toBe(200);
  });
});
