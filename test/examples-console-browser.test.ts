/**
 * The example console (`examples/console`, `npm run example:console`) as a person uses it, in Debian's
 * Chromium: the example's own start function runs in-process (its identity provider, a gateway in
 * token mode holding the demo tenant's key in a keys file, the page built with esbuild and its
 * server) in front of a test simulator whose executions move only when the test says so.
 *
 * The person signs in (a wrong password first), sees the project's running executions arrive live,
 * starts a run whose goal asks for an approval, sees it wait on a preview (what the agent is about to
 * do, with one button), approves it with one click and sees it go on and complete; rejecting another
 * cancels it. With the keyboard alone they sign in, reach a waiting run's button and approve it. Nothing is loaded from anywhere but
 * 127.0.0.1, the page keeps the token in memory only, and neither the token nor the Wexa key is ever in
 * the page. Screenshots go to `test-results/`.
 */
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchChromium, SHOTS } from './utils/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../examples/console/start.js';
import { registerSecret } from './setup/no-secrets.js';
import { DEMO_KEY, MARKET_SCANNER } from './utils/ids.js';
import { useStack } from './utils/stack.js';

/** How often a wait looks at the page again: each look is a round trip to Chromium. */
const LOOK_MS = 50;
const WAIT = { timeout: 20_000, interval: LOOK_MS };

describe('the example console in a browser', () => {
  // The simulator alone, in manual mode: the test moves executions with its control API.
  const stack = useStack({ gateways: 0 });
  let app: RunningConsole;
  let browser: Browser;
  const tokens: string[] = [];

  beforeAll(async () => {
    app = await startConsole({
      upstream: { url: stack.sim.url, key: stack.sim.demoKey },
      gateway: { logLevel: 'silent', pollMinMs: 50, pollMaxMs: 200, rateLimitPerSecond: 0 },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page that records requests leaving 127.0.0.1 and every token the identity provider hands out. */
  async function openPage(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; foreign: string[] }> {
    const page = await (await browser.newContext({ viewport })).newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') foreign.push(url.origin);
    });
    page.on('response', async (res) => {
      if (!res.url().endsWith('/token') || res.request().method() !== 'POST' || res.status() !== 200) return;
      const token = ((await res.json()) as { access_token: string }).access_token;
      registerSecret(token);
      tokens.push(token);
    });
    await page.goto(app.url);
    return { page, foreign };
  }

  /** The card of the execution whose goal is `goal`. */
  const cardOf = (page: Page, goal: string): Locator => page.locator('li.execution', { has: page.locator('h3', { hasText: goal }) });

  async function signIn(page: Page, password: string): Promise<void> {
    await page.getByLabel('Username').fill(app.login.username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Neither a token nor the Wexa key is in the page, and nothing was stored in the browser. */
  async function expectNoSecretsIn(page: Page): Promise<void> {
    const html = await page.content();
    expect(html).not.toContain(DEMO_KEY);
    for (const token of tokens) expect(html).not.toContain(token);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
  }

  it('signs in, follows a run live, shows the preview it waits on, approves it with one click and sees it complete', { timeout: 120_000 }, async () => {
    const { page, foreign } = await openPage();
    try {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');

      // A wrong password is refused by the identity provider, and said so.
      await signIn(page, 'not the password');
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor(WAIT);
      expect(await page.locator('#console').isHidden()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/console-sign-in-refused.png` });

      await signIn(page, app.login.password);
      await page.getByRole('heading', { level: 1, name: 'Running executions' }).waitFor(WAIT);
      expect(await page.locator('#account-name').textContent()).toBe('Dana Demo');
      // The seed's running executions of Pulse, some waiting on a person; the live connection is up.
      await expect.poll(() => page.locator('li.execution').count(), WAIT).toBeGreaterThan(0);
      await page.locator('#connection[data-state="live"]').waitFor(WAIT);
      expect(await page.locator('#project option:checked').textContent()).toBe('Pulse');

      // Start a run that asks for an approval before its first agent.
      const goal = 'Draft the launch note #approve';
      await page.getByLabel('Agentflow').selectOption({ value: MARKET_SCANNER });
      await page.getByLabel('Goal').fill(goal);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      const card = cardOf(page, goal);
      await card.waitFor(WAIT);
      const id = await card.getAttribute('data-execution-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await card.locator('.badge').textContent()).toBe('Running');
      expect(await card.locator('.facts').textContent()).toContain('0 of 2 agents done');
      await page.screenshot({ path: `${SHOTS}/console-started.png`, fullPage: true });

      // The simulator reaches the first agent: the preview is raised and pushed to the page.
      await stack.sim.advance(id!);
      const approve = card.getByRole('button', { name: 'Approve preview' });
      await approve.waitFor(WAIT);
      expect(await card.locator('.badge').textContent()).toBe('Waits on a person');
      const waiting = card.locator('section.waiting');
      expect(await waiting.locator('h4').textContent()).toBe('Waiting for your approval');
      expect(await waiting.textContent()).toContain(goal); // the skill input the agent would run with
      expect(await waiting.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['Agent', "The agent's plan", 'With this input']));
      expect(await page.locator('#summary').textContent()).toMatch(/waiting on a person/);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/console-waiting-for-approval.png` });

      // One click approves it: the request goes, the card keeps the focus, the run goes on.
      await approve.click();
      await waiting.waitFor({ state: 'detached', timeout: WAIT.timeout });
      expect(await card.locator('.badge').textContent()).toBe('Running');
      expect(await card.locator('article').evaluate((article) => article === document.activeElement)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/console-approved.png` });

      // Two agent steps: progress, then the end.
      await stack.sim.advance(id!);
      await card.locator('.facts', { hasText: '1 of 2 agents done' }).waitFor(WAIT);
      await stack.sim.advance(id!);
      await card.locator('.badge', { hasText: 'Completed' }).waitFor(WAIT);
      expect(await card.locator('.outcome').textContent()).toMatch(/^Completed at /);
      expect(await card.locator('.facts').textContent()).toContain('2 of 2 agents done');
      expect(await page.locator('#summary').textContent()).toContain('1 ended while you watched');
      expect(await page.locator('#announcer').textContent()).toContain('completed');
      await page.screenshot({ path: `${SHOTS}/console-completed.png` });

      expect(foreign).toEqual([]);
      expect(tokens.length).toBeGreaterThan(0);
      await expectNoSecretsIn(page);
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/console-failure.png`, fullPage: true });
      throw error;
    }
    await page.context().close();
  });

  it('works with the keyboard alone: sign in, reach a waiting run, approve it, sign out', { timeout: 120_000 }, async () => {
    const { page, foreign } = await openPage({ width: 390, height: 844 });
    try {
      /** Presses Tab until the focused element matches `check` (at most `max` times). */
      const tabTo = async (what: string, check: () => boolean, max = 80): Promise<void> => {
        for (let i = 0; i < max; i += 1) {
          await page.keyboard.press('Tab');
          if (await page.evaluate(check).catch(() => false)) return;
        }
        throw new Error(`Tab never reached ${what}`);
      };
      await tabTo('the username field', () => document.activeElement?.id === 'username');
      await page.keyboard.type(app.login.username);
      await page.keyboard.press('Tab');
      await page.keyboard.type(app.login.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Running executions' }).waitFor(WAIT);
      // After signing in, the focus is on the new view's heading.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('console-title');

      // A run that waits on a preview: started here through the gateway, raised by one step.
      const goal = 'Summarise the week #approve';
      await tabTo('the goal field', () => document.activeElement?.id === 'goal');
      await page.keyboard.type(goal);
      await page.keyboard.press('Enter');
      const card = cardOf(page, goal);
      await card.waitFor(WAIT);
      await stack.sim.advance((await card.getAttribute('data-execution-id'))!);
      await card.getByRole('button', { name: 'Approve preview' }).waitFor(WAIT);

      await page.locator('#console-title').focus();
      await tabTo('the Approve button of the new run', () => {
        const el = document.activeElement;
        return el?.classList.contains('approve') === true && el.closest('li')?.querySelector('h3')?.textContent === 'Summarise the week #approve';
      });
      // The button's description is the run it approves (for a screen reader, among several such buttons).
      expect(await page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-describedby')!)?.textContent)).toBe(goal);
      await page.screenshot({ path: `${SHOTS}/console-phone-keyboard.png` });
      await page.keyboard.press('Enter');
      await card.locator('section.waiting').waitFor({ state: 'detached', timeout: WAIT.timeout });
      expect(await card.locator('article').evaluate((article) => article === document.activeElement)).toBe(true);
      expect(await page.locator('body').evaluate((b) => b.scrollWidth)).toBeLessThanOrEqual(390);

      await tabTo('the sign-out button', () => document.activeElement?.id === 'sign-out');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor(WAIT);
      expect(await page.locator('#sign-in-status').textContent()).toBe('You are signed out.');
      expect(await page.locator('li.execution').count()).toBe(0);
      expect(foreign).toEqual([]);
      await expectNoSecretsIn(page);
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/console-keyboard-failure.png`, fullPage: true });
      throw error;
    }
    await page.context().close();
  });

  it('rejects a preview with one click too: the run is cancelled, and the card says so', { timeout: 60_000 }, async () => {
    const { page, foreign } = await openPage();
    await signIn(page, app.login.password);
    const goal = 'Email every lead at once #approve';
    await page.getByLabel('Goal').fill(goal);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    const card = cardOf(page, goal);
    await card.waitFor(WAIT);
    await stack.sim.advance((await card.getAttribute('data-execution-id'))!);
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.locator('.badge', { hasText: 'Cancelled' }).waitFor(WAIT);
    expect(await card.locator('section.waiting').count()).toBe(0);
    expect(await card.locator('.outcome').textContent()).toMatch(/^Cancelled/);
    expect(await page.locator('#announcer').textContent()).toContain('Rejected.');
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('refuses a request without a token, and a token from anyone but its identity provider', async () => {
    const query = JSON.stringify({ query: '{ projects(first: 1) { totalCount } }' });
    const post = (headers: Record<string, string>) =>
      fetch(new URL('graphql', app.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query });
    expect((await post({})).status).toBe(401);
    // The Wexa key itself is refused too: in token mode only the provider's tokens are accepted.
    expect((await post({ 'x-api-key': DEMO_KEY })).status).toBe(401);
    const forged = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImZvcmdlZCJ9.eyJ3ZXhhX3RlbmFudCI6ImRlbW8ifQ.c2lnbmF0dXJl';
    expect((await post({ authorization: `Bearer ${forged}` })).status).toBe(401);
  });
});
