/**
 * The public dashboard page as a person sees it, through the real gateway in front of the simulator:
 * Pulse's dashboard is saved and published with a password over the REST API, then Debian's Chromium,
 * with JavaScript turned off, opens the public URL. A wrong password is refused; the right one shows
 * the task lists by status and, on the Analytics tab, the charts as SVG. Screenshots of a phone and a
 * laptop viewport go to `test-results/`.
 */
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, SHOTS } from './utils/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originOf, rest } from './utils/dashboards.js';
import type { TestGateway } from './utils/gateway.js';
import type { TestSimulator } from './utils/simulator.js';
import { useStack } from './utils/stack.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';

const PASSWORD = 'correct horse battery';
const VIEWPORTS = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 900 } } as const;

describe('the public dashboard page in a browser', () => {
  let sim: TestSimulator;
  let gw: TestGateway;
  let browser: Browser;
  let publicUrl: string;
  let reportUrl: string;

  useStack({ store: 'sqlite', config: { dashboardSchedulerTickMs: 0 } }, (s) => ({ sim, gw } = s));
  beforeAll(async () => {
    const origin = originOf(gw.url);
    const saved = await rest(origin, 'POST', '/api/v1/analytics/dashboards', { projectId: PULSE, title: 'Pulse <weekly> review' }, DEMO_KEY);
    expect(saved.status).toBe(200);
    const published = await rest(origin, 'POST', `/api/v1/analytics/dashboards/${saved.json.dashboard.id}/publish`, { password: PASSWORD }, DEMO_KEY);
    expect(published.status).toBe(200);
    publicUrl = published.json.publicUrl;

    // An execution's report, published without a password.
    const runs = await fetch(`${sim.url}/${PULSE}/execution_flows?projectID=${PULSE}`, { headers: { 'x-api-key': DEMO_KEY } });
    const executions = ((await runs.json()) as { data: { execution_id: string; status: string; conclusion: unknown }[] }).data;
    const done = executions.find((e) => e.status === 'completed' && e.conclusion);
    const report = await rest(origin, 'POST', '/api/v1/analytics/dashboards', { conversationId: done?.execution_id, title: 'Run report' }, DEMO_KEY);
    expect(report.status).toBe(200);
    reportUrl = (await rest(origin, 'POST', `/api/v1/analytics/dashboards/${report.json.dashboard.id}/publish`, {}, DEMO_KEY)).json.publicUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A page with JavaScript off that records every request leaving the gateway's host. */
  async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; foreign: string[] }> {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol.startsWith('http') && url.host !== new URL(publicUrl).host) foreign.push(url.origin);
    });
    return { page, foreign };
  }

  async function submitPassword(page: Page, password: string): Promise<void> {
    await page.locator('input[type=password]').fill(password);
    await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').click()]);
  }

  it('refuses a wrong password, then shows task lists and SVG charts, with no script and nothing from elsewhere', async () => {
    const { page, foreign } = await openPage(VIEWPORTS.laptop);
    const gate = await page.goto(publicUrl);
    expect(gate?.status()).toBe(403);
    expect(gate?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('h1').textContent()).toBe('This dashboard is protected');
    expect(await page.locator('form').getAttribute('method')).toBe('post');

    await submitPassword(page, 'not the password');
    expect(page.url()).toBe(publicUrl);
    expect(await page.locator('[role=alert]').textContent()).toContain('not right');
    expect(await page.locator('.task-group').count()).toBe(0);

    await submitPassword(page, PASSWORD);
    expect(page.url()).toBe(publicUrl); // the password went in the body, never into the address
    expect(await page.locator('h1').textContent()).toBe('Pulse <weekly> review');

    // Overview: Pulse's task manager, grouped by status, the documented "new platform" task among the completed.
    const completed = page.locator('.task-group.status-completed');
    expect(await completed.isVisible()).toBe(true);
    expect(await completed.locator('h3').textContent()).toContain('Completed');
    expect(await completed.locator('li').first().isVisible()).toBe(true);
    expect(await page.locator('.task-group').count()).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}/public-dashboard-laptop-tasks.png`, fullPage: true });

    // Analytics: pure-HTML tabs (a fragment link); the charts are server-drawn SVG.
    expect(await page.locator('#tab-2').isHidden()).toBe(true);
    await page.locator('.tabs a', { hasText: 'Analytics' }).click();
    expect(await page.locator('#tab-2').isVisible()).toBe(true);
    expect(await page.locator('#tab-1').isHidden()).toBe(true);
    const charts = page.locator('#tab-2 figure.chart .chart-wide svg');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    for (const svg of await charts.all()) {
      expect(await svg.isVisible()).toBe(true);
      expect(await svg.locator('path, rect, text').count()).toBeGreaterThan(5);
    }
    expect(await page.locator('#tab-2 .chart-pie').count()).toBe(1);
    expect(await page.locator('#tab-2 .chart-line').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/public-dashboard-laptop-charts.png`, fullPage: true });

    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[onload], [onerror], [onclick]').count()).toBe(0);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('reads on a phone: one column, narrow charts, tabs within the screen width', async () => {
    const { page, foreign } = await openPage(VIEWPORTS.phone);
    await page.goto(publicUrl);
    await submitPassword(page, PASSWORD);
    expect(await page.locator('.task-group').first().isVisible()).toBe(true);
    const noSideScroll = async () => (await page.locator('body').evaluate((b) => b.scrollWidth)) <= VIEWPORTS.phone.width;
    expect(await noSideScroll()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/public-dashboard-phone-tasks.png`, fullPage: true });

    await page.locator('.tabs a', { hasText: 'Analytics' }).click();
    const narrow = page.locator('#tab-2 .chart-narrow svg');
    expect(await narrow.count()).toBeGreaterThanOrEqual(3);
    expect(await narrow.first().isVisible()).toBe(true);
    expect(await page.locator('#tab-2 .chart-wide svg').first().isHidden()).toBe(true);
    const box = await narrow.first().boundingBox();
    expect(box?.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(await noSideScroll()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/public-dashboard-phone-charts.png`, fullPage: true });
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("shows an execution's report without a password: the conclusion's markdown as HTML, one tab, no tab bar", async () => {
    const { page, foreign } = await openPage(VIEWPORTS.laptop);
    const res = await page.goto(reportUrl);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Run report');
    expect(await page.locator('.tabs').count()).toBe(0);
    const conclusion = page.locator('.card', { hasText: 'Conclusion' }).first();
    expect(await conclusion.isVisible()).toBe(true);
    // The simulator's conclusion is markdown with headings and a list: rendered, not shown as source.
    expect(await conclusion.locator('.markdown h3').count()).toBeGreaterThan(0);
    expect(await conclusion.locator('.markdown li').count()).toBeGreaterThan(0);
    expect(await conclusion.textContent()).not.toContain('## ');
    await page.screenshot({ path: `${SHOTS}/public-report-laptop.png`, fullPage: true });
    expect(await page.locator('script').count()).toBe(0);
    expect(foreign).toEqual([]);
    await page.context().close();
  });
});
