import { defineConfig } from 'vitest/config';

/**
 * Every API test file runs twice: once on SQLite and once on a real PostgreSQL cluster started for
 * the run. Unit tests run once; browser journeys run alone at the end (scripts/test.mjs).
 */
const apiTests = ['server/**/*.test.ts'];
const unitTests = ['server/**/*.unit.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests, environment: 'node' } },
      {
        extends: true,
        test: { name: 'api-sqlite', include: apiTests, exclude: unitTests, env: { GJ_TEST_DB: 'sqlite' }, globalSetup: ['server/test/global-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'api-postgres', include: apiTests, exclude: unitTests, env: { GJ_TEST_DB: 'postgres' }, globalSetup: ['server/test/global-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 90_000, hookTimeout: 180_000 },
      },
    ],
  },
});
