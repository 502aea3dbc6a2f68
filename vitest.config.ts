import { defineConfig } from 'vitest/config';

/**
 * Handlers running in the test process (pipeline, processors) would print their logs and
 * business metrics (EMF lines: test/unit/observability proves those) into the run's output.
 */
const QUIET_ENV = {
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// The global setup loads the AWS SDK in this process, which the projects' env does not reach.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Five test groups; `npm test` runs them all. Integration and e2e share one
// DynamoDB Local started by the global setup (each suite uses its own table prefix).
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          env: { POWERTOOLS_METRICS_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'integration',
          // Each file in its own process: handlers read env and build SDK clients at module scope.
          pool: 'forks',
          env: QUIET_ENV,
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          pool: 'forks',
          env: QUIET_ENV,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          // Headless Chromium against the local runtime serving the console. One file at a time:
          // each has its own runtime and browser, and two at once only fight over the 2 cores.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          env: QUIET_ENV,
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
