import { defineConfig } from 'vitest/config';

/**
 * The suites that load the machine on purpose (10,000 hostile requests; upstream faults measured
 * against the latency bounds) run after everything else and one at a time, so neither
 * measures the other's load. Everything else runs in parallel: integration suites each start their
 * own simulator and gateway on port 0.
 */
const ISOLATED = ['test/hostile.test.ts', 'test/faults.test.ts'];
/**
 * The container image test builds an image with podman (minutes on a fresh machine): it runs with
 * `npm run test:image` (TEST_IMAGE=1), not in `npm test`.
 */
const IMAGE = ['test/deploy-image.test.ts'];

const shared = {
  testTimeout: 20_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
  // Fails any test file whose output contains an API key or other registered secret.
  setupFiles: ['test/setup/no-secrets.ts'],
  // The one way tests wait for a state they cannot await as an event (a counter, a log, a key in
  // Redis): `await expect.poll(() => value, { message: 'what for' }).toBe(expected)`. Checked every
  // 5 ms, for up to 10 s unless a test says otherwise (vitest's own default, 1 s, is too short for
  // a loaded two-core machine).
  expect: { poll: { timeout: 10_000, interval: 5 } },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'suites',
          include: ['test/**/*.test.ts'],
          exclude: process.env.TEST_IMAGE ? ISOLATED : [...ISOLATED, ...IMAGE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: { ...shared, name: 'under-load', include: ISOLATED, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
