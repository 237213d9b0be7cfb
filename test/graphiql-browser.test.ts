/**
 * GraphiQL as a person sees it: a real Chromium opens the gateway's /graphql page, the editor loads
 * from the gateway itself (no CDN: every request the page makes stays on 127.0.0.1), the demo key is
 * prefilled, and running the default-style query shows demo data from the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_KEY, type TestGateway } from './utils/gateway.js';
import { useStack } from './utils/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('GraphiQL in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;

  useStack({ demoKey: DEMO_KEY }, (s) => ({ gw } = s));

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads offline, has the key prefilled, and runs a query against the demo data', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') foreign.push(url.origin);
    });

    await page.goto(gw.url, { waitUntil: 'load' });
    // The editor renders (CodeMirror inside GraphiQL's query editor).
    await page.locator('.graphiql-container').first().waitFor({ timeout: 15_000 });

    // The headers tab carries the demo key, so the first query works without any setup.
    await expect.poll(async () => (await page.content()).includes('wexa-sim-demo-key'), { timeout: 15_000 }).toBe(true);

    // The default query is a whole screen of demo data: run it with the execute button.
    await page.locator('.graphiql-execute-button').first().click();

    const result = page.locator('.graphiql-response');
    await expect.poll(async () => (await result.innerText()).includes('"Pulse"'), { timeout: 15_000 }).toBe(true);
    expect(await result.innerText()).toContain('"agentflows"');
    expect(foreign).toEqual([]);
    await page.close();
  });
});
