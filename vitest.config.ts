import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration suites each start their own simulator and gateway on port 0, so files run in parallel.
    pool: 'forks',
    // Fails any test file whose output contains an API key or other registered secret.
    setupFiles: ['test/setup/no-secrets.ts'],
  },
});
