/**
 * Debian's Chromium for the browser tests, driven by playwright-core (no browser download): one
 * launch with the flags this machine needs (no sandbox as root, no GPU, no background networking on
 * a closed network), and the folder screenshots go to.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the suites save their screenshots (look at them before calling a page done). */
export const SHOTS = 'test-results';

/** Launches Chromium (`CHROMIUM_PATH`, else `/usr/bin/chromium`) and makes sure the screenshot folder exists. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
