/**
 * Finding 8: the public JSON said more than it needs. The public REST answer and `publicDashboard`
 * carried the owner's Wexa `projectId`, `executionId` and `dashboardId` (in `content.source`). A
 * public link now gets the content without them; the authenticated answers keep them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './utils/graphql.js';
import { originOf, rest } from './utils/dashboards.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, DOC_DASHBOARD, PULSE } from './utils/ids.js';

const BASE = '/api/v1/analytics/dashboards';

describe('finding 8: public answers carry no internal Wexa ids', () => {
  const stack = useStack({ config: { dashboardSchedulerTickMs: 0 } });
  const call = (method: string, path: string, body?: unknown, key: string | null = DEMO_KEY) => rest(originOf(stack.gw.url), method, path, body, key);
  let executionId: string;

  beforeAll(async () => {
    const list = await getJson(stack.sim.url, `/${PULSE}/execution_flows?projectID=${PULSE}`, DEMO_KEY);
    executionId = list.data.find((e: any) => e.status === 'completed' && e.conclusion).execution_id;
  });

  /** Saves, publishes and reads a dashboard every way: the owner's answer and the three public ones. */
  async function readEveryWay(body: Record<string, unknown>) {
    const id = (await call('POST', BASE, body)).json.dashboard.id;
    const { slug } = (await call('POST', `${BASE}/${id}/publish`)).json;
    const owner = await call('GET', `${BASE}/${id}`);
    const publicRest = await call('POST', `/api/v1/public/dashboards/${slug}`, {}, null);
    const publicGraphql = await stack.gw.gql(
      `query ($s: String!) { publicDashboard(slug: $s) { slug title lastRefreshedAt content } }`,
      { s: slug },
      { key: null },
    );
    const page = await (await fetch(`${originOf(stack.gw.url)}/public/dashboards/${slug}`)).text();
    expect([owner.status, publicRest.status, publicGraphql.errors]).toEqual([200, 200, undefined]);
    return { owner: owner.json.dashboard, publicRest: publicRest.json.dashboard, publicGraphql: publicGraphql.data!.publicDashboard, page };
  }

  it("keeps a project dashboard's project and Wexa dashboard ids off its public answers, content complete", async () => {
    const { owner, publicRest, publicGraphql, page } = await readEveryWay({ projectId: PULSE, title: 'Pulse in public' });
    expect(owner.content.source).toEqual({ kind: 'projectDashboard', projectId: PULSE, dashboardId: DOC_DASHBOARD, tabId: null });
    for (const shown of [JSON.stringify(publicRest), JSON.stringify(publicGraphql), page]) {
      expect(shown).not.toContain(PULSE);
      expect(shown).not.toContain(DOC_DASHBOARD);
    }
    expect(publicRest.content.source).toEqual({ kind: 'projectDashboard' });
    expect(publicGraphql.content).toEqual(publicRest.content);
    // Everything else of the content is there: the tabs, their components and their data.
    const { source: _ownerSource, ...ownerRest } = owner.content;
    const { source: _publicSource, ...publicContent } = publicRest.content;
    expect(publicContent).toEqual(ownerRest);
  });

  it("keeps an execution report's project and execution ids off its public answers", async () => {
    const { owner, publicRest, publicGraphql, page } = await readEveryWay({ conversationId: executionId, title: 'Report in public' });
    expect(owner.content.source).toEqual({ kind: 'executionReport', projectId: PULSE, executionId });
    for (const shown of [JSON.stringify(publicRest), JSON.stringify(publicGraphql), page]) {
      expect(shown).not.toContain(PULSE);
      expect(shown).not.toContain(executionId);
    }
    expect(publicRest.content.source).toEqual({ kind: 'executionReport' });
    expect(publicRest.content.tabs.map((t: { name: string }) => t.name)).toEqual(['Report']);
  });
});
