import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration suites each start their own simulator and gateway on port 0, so files run in parallel.
    pool: 'forks',
  },
});
