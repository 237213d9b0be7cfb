/**
 * Every page the gateway serves, and the example console, checked with axe-core's WCAG 2.1 A and AA
 * rules (`wcag2a`, `wcag2aa`, `wcag21a`, `wcag21aa`) in Debian's Chromium, in the states a person
 * sees them: the root page; GraphiQL when it opens, with a result, with the docs explorer and with the
 * GraphiQL Explorer, in the light and the dark theme; the public dashboard page's password form (also
 * after a wrong password), the dashboard on a laptop and a phone (both tabs), an execution's report and
 * the "not found" page; the console's sign-in form (also after a wrong password), its list with a run
 * waiting for approval (laptop and phone) and its "not found" page.
 *
 * None may have a critical or serious violation; the public dashboard page may have none at all.
 * axe runs inside the page (`node_modules/axe-core/axe.min.js`, evaluated by Playwright); the contexts
 * bypass the pages' Content-Security-Policy so it can (the console's own CSP is exercised by
 * `test/examples-console-browser.test.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { launchChromium } from './utils/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../examples/console/start.js';
import { originOf, rest } from './utils/dashboards.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';
import { useStack } from './utils/stack.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LOOK_MS = 50;
const WAIT = { timeout: 30_000, interval: LOOK_MS };
const PASSWORD = 'a long enough password';
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Violation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe's violations on the page as it is now. */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    TAGS,
  );
  return result.violations as Violation[];
}

/** One line per violation, readable in a failed assertion. */
function lines(violations: Violation[]): string[] {
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(' ')}: ${v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`,
  );
}

const severe = (violations: Violation[]) => violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');

// Each test loads pages and runs axe several times: more than the suite's default on a loaded machine.
describe('accessibility of the pages (axe, WCAG 2.1 A/AA)', { timeout: 60_000 }, () => {
  const stack = useStack({ store: 'sqlite', config: { dashboardSchedulerTickMs: 0 }, deps: { demoKey: DEMO_KEY } });
  let browser: Browser;
  let origin: string;
  let publicUrl: string;
  let reportUrl: string;

  beforeAll(async () => {
    origin = originOf(stack.gw.url);
    const saved = await rest(origin, 'POST', '/api/v1/analytics/dashboards', { projectId: PULSE, title: 'Pulse weekly review' }, DEMO_KEY);
    expect(saved.status).toBe(200);
    const published = await rest(origin, 'POST', `/api/v1/analytics/dashboards/${saved.json.dashboard.id}/publish`, { password: PASSWORD }, DEMO_KEY);
    publicUrl = published.json.publicUrl;
    const runs = await fetch(`${stack.sim.url}/${PULSE}/execution_flows?projectID=${PULSE}`, { headers: { 'x-api-key': DEMO_KEY } });
    const done = ((await runs.json()) as { data: { execution_id: string; status: string; conclusion: unknown }[] }).data.find(
      (e) => e.status === 'completed' && e.conclusion,
    );
    const report = await rest(origin, 'POST', '/api/v1/analytics/dashboards', { conversationId: done?.execution_id, title: 'Run report' }, DEMO_KEY);
    reportUrl = (await rest(origin, 'POST', `/api/v1/analytics/dashboards/${report.json.dashboard.id}/publish`, {}, DEMO_KEY)).json.publicUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: LAPTOP, bypassCSP: true, ...options });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  it('the root page', async () => {
    const page = await open(`${origin}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(lines(severe(await axe(page)))).toEqual([]);
    await page.context().close();
  });

  describe('the public dashboard page: no violation at all', () => {
    async function submit(page: Page, password: string): Promise<void> {
      await page.locator('input[type=password]').fill(password);
      await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').click()]);
    }

    it('its password form, before and after a wrong password', async () => {
      const page = await open(publicUrl);
      expect(await page.locator('h1').textContent()).toBe('This dashboard is protected');
      expect(lines(await axe(page))).toEqual([]);
      await submit(page, 'not the password');
      expect(await page.locator('[role=alert]').count()).toBe(1);
      expect(lines(await axe(page))).toEqual([]);
      await page.context().close();
    });

    for (const [name, viewport] of [['laptop', LAPTOP], ['phone', PHONE]] as const) {
      it(`the dashboard on a ${name}, both tabs`, async () => {
        const page = await open(publicUrl, { viewport });
        await submit(page, PASSWORD);
        expect(await page.locator('.task-group').count()).toBeGreaterThan(0);
        expect(lines(await axe(page))).toEqual([]);
        await page.locator('.tabs a', { hasText: 'Analytics' }).click();
        expect(await page.locator('#tab-2').isVisible()).toBe(true);
        expect(lines(await axe(page))).toEqual([]);
        await page.context().close();
      });
    }

    it("an execution's report and the not-found page", async () => {
      const report = await open(reportUrl);
      expect(await report.locator('h1').textContent()).toBe('Run report');
      expect(lines(await axe(report))).toEqual([]);
      await report.context().close();
      const missing = await open(`${origin}/public/dashboards/no-such-dashboard`);
      expect(await missing.locator('h1').textContent()).toBe('Dashboard not found');
      expect(lines(await axe(missing))).toEqual([]);
      await missing.context().close();
    });
  });

  describe('GraphiQL', () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`in the ${colorScheme} theme: on opening, with a result, with the docs and with the Explorer`, { timeout: 120_000 }, async () => {
        const page = await open(stack.gw.url, { colorScheme, viewport: { width: 1400, height: 900 } });
        await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: WAIT.timeout });
        await expect.poll(() => page.locator('.graphiql-logo').textContent(), WAIT).toContain('Wexa Graph');
        expect(lines(severe(await axe(page))), 'on opening').toEqual([]);

        await page.locator('.graphiql-execute-button').first().click();
        // (Monaco shows spaces as no-break spaces.)
        await expect.poll(async () => (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' '), WAIT).toContain('"SEO auditor"');
        expect(lines(severe(await axe(page))), 'with a result').toEqual([]);

        await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
        await page.locator('a.graphiql-doc-explorer-type-name', { hasText: 'Query' }).first().click();
        await page.locator('a.graphiql-doc-explorer-field-name').first().waitFor({ timeout: WAIT.timeout });
        expect(lines(severe(await axe(page))), 'with the docs explorer').toEqual([]);

        await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
        await page.locator('.graphiql-explorer-actions select').waitFor({ timeout: WAIT.timeout });
        await page.locator('[data-arg-name] input').first().waitFor({ timeout: WAIT.timeout });
        expect(lines(severe(await axe(page))), 'with the GraphiQL Explorer').toEqual([]);
        await page.context().close();
      });
    }
  });

  describe('the example console', () => {
    let app: RunningConsole;

    beforeAll(async () => {
      app = await startConsole({ upstream: { url: stack.sim.url, key: DEMO_KEY }, gateway: { logLevel: 'silent', pollMinMs: 50, pollMaxMs: 200 } });
    });

    afterAll(async () => {
      await app?.close();
    });

    async function signIn(page: Page, password: string): Promise<void> {
      await page.getByLabel('Username').fill(app.login.username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }

    it('its sign-in form, before and after a wrong password', async () => {
      const page = await open(app.url);
      expect(lines(severe(await axe(page)))).toEqual([]);
      await signIn(page, 'wrong');
      await page.locator('#sign-in-error', { hasText: 'do not match' }).waitFor({ timeout: WAIT.timeout });
      expect(lines(severe(await axe(page)))).toEqual([]);
      await page.context().close();
    });

    for (const [name, viewport] of [['laptop', LAPTOP], ['phone', PHONE]] as const) {
      it(`its list with a run waiting for approval, on a ${name}`, { timeout: 60_000 }, async () => {
        const page = await open(app.url, { viewport });
        await signIn(page, app.login.password);
        await page.locator('#connection[data-state="live"]').waitFor({ timeout: WAIT.timeout });
        const goal = `Check the ${name} view #approve`;
        await page.getByLabel('Goal').fill(goal);
        await page.getByRole('button', { name: 'Start', exact: true }).click();
        const card = page.locator('li.execution', { has: page.locator('h3', { hasText: goal }) });
        await card.waitFor({ timeout: WAIT.timeout });
        await stack.sim.advance((await card.getAttribute('data-execution-id'))!);
        await card.getByRole('button', { name: 'Approve preview' }).waitFor({ timeout: WAIT.timeout });
        expect(lines(severe(await axe(page)))).toEqual([]);
        await page.context().close();
      });
    }

    it('its not-found page', async () => {
      const page = await open(new URL('no-such-page', app.url).href);
      expect(lines(severe(await axe(page)))).toEqual([]);
      await page.context().close();
    });
  });
});
