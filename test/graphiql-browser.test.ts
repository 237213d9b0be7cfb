/**
 * GraphiQL as a person uses it: a real Chromium opens the gateway's /graphql page (no CDN: every
 * request the page makes stays on 127.0.0.1), the user types the key into the Headers tab, runs
 * the first query with the run button and sees demo data, then runs a subscription the same way and
 * sees its events arrive as the execution moves. Screenshots go to `test-results/`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { launchChromium, SHOTS } from './utils/browser.js';
import type { TestSimulator } from './utils/simulator.js';
import type { TestGateway } from './utils/gateway.js';
import { useStack } from './utils/stack.js';
import { createReadyExecution } from './utils/subscriptions.js';
import { DEMO_KEY, PULSE } from './utils/ids.js';

/** How often a wait looks at the page again: each look is a round trip to Chromium, so not the suite's 5 ms. */
const LOOK_MS = 50;

/** The text of an editor as shown (Monaco renders spaces as no-break spaces). */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}

/** Replaces the whole content of one of GraphiQL's editors, as typing would. */
async function replaceEditor(page: Page, selector: string, text: string): Promise<void> {
  const editor = page.locator(selector).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('GraphiQL in a browser', () => {
  let sim: TestSimulator;
  let gw: TestGateway;
  let browser: Browser;

  // No demo key: the user types it, as against the real API.
  useStack({}, (s) => ({ sim, gw } = s));
  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('runs a query and a subscription with the key typed into the Headers tab, offline', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') foreign.push(url.origin);
    });

    try {
      await run(page);
    } catch (error) {
      await page.screenshot({ path: `${SHOTS}/graphiql-failure.png` });
      throw error;
    }
    expect(foreign).toEqual([]);
    await page.close();
  });

  async function run(page: Page): Promise<void> {
    await page.goto(gw.url, { waitUntil: 'load' });
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await page.content()).includes('your Wexa API key'), { timeout: 30_000, interval: LOOK_MS }).toBe(true);

    // Type the key into the Headers tab.
    await page.getByRole('button', { name: 'Headers' }).click();
    await replaceEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', `{ "x-api-key": "${DEMO_KEY}" }`);
    await expect.poll(async () => (await page.content()).includes(DEMO_KEY), { timeout: 10_000, interval: LOOK_MS }).toBe(true);

    // The first query: a whole screen of linked demo data.
    await page.locator('.graphiql-execute-button').first().click();
    const response = page.locator('.graphiql-response');
    // (The response editor renders only the lines in view: check what is at the top.)
    await expect.poll(async () => (await textOf(response)).includes('"SEO auditor"'), { timeout: 30_000, interval: LOOK_MS }).toBe(true);
    const first = await textOf(response);
    expect(first).toContain('"agents"');
    expect(first).toContain('"nextAgent"');
    expect(first).not.toContain('UNAUTHENTICATED');
    await page.screenshot({ path: `${SHOTS}/graphiql-query.png` });

    // A subscription, run the same way: its events arrive as the execution moves.
    const id = await createReadyExecution(sim.url, DEMO_KEY, 'follow me in GraphiQL');
    await replaceEditor(
      page,
      '.graphiql-query-editor .graphiql-editor',
      // One balanced line: the editor's auto-closing of brackets only acts on typed line breaks.
      `subscription Follow { executionUpdated(projectId: "${PULSE}", id: "${id}") { wexaId status agentOutputs { title status } } }`,
    );
    await page.locator('.graphiql-execute-button').first().click();
    await expect.poll(async () => (await textOf(response)).includes(id), { timeout: 30_000, interval: LOOK_MS }).toBe(true);
    expect(await textOf(response)).not.toContain('UNAUTHENTICATED');
    await page.screenshot({ path: `${SHOTS}/graphiql-subscription-first-event.png` });
    const before = await textOf(response);

    await sim.advance(id);
    await sim.advance(id);
    await expect.poll(async () => (await textOf(response)) !== before, { timeout: 30_000, interval: LOOK_MS }).toBe(true);
    await expect.poll(async () => (await textOf(response)).includes('"RUNNING"') || (await textOf(response)).includes('"title"'), {
      timeout: 30_000,
      interval: LOOK_MS,
    }).toBe(true);
    await page.screenshot({ path: `${SHOTS}/graphiql-subscription-events.png` });
  }

  it('serves the page compressed and cacheable, rendered once', async () => {
    const first = await fetch(gw.url, { headers: { accept: 'text/html', 'accept-encoding': 'br' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-encoding')).toBe('br');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const size = Number(first.headers.get('content-length'));
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThan(4 * 1024 * 1024);
    await first.arrayBuffer();
    const again = await fetch(gw.url, { headers: { accept: 'text/html', 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });
});
