import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '#jsx' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Generous: a 2-core machine runs browser, PostgreSQL and fuzz suites side by side; no test asserts on time this way.
    testTimeout: 90_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/support/global-setup.ts'],
  },
});
