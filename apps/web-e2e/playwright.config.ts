import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built web app, in Debian's Chromium (never a downloaded browser).
 * No servers are started here: the platform (API, worker, web) is brought up and seeded first,
 * and the tests learn that world from the E2E_* environment variables (src/support/e2e-world.ts).
 */
export default defineConfig({
  testDir: './src',
  testMatch: '**/*.e2e-spec.ts',
  outputDir: '../../dist/test-output/web-e2e',
  // One seeded world, shared by every test, on a two-core machine: one worker.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['html', { outputFolder: '../../dist/test-output/web-e2e-report', open: 'never' }],
    ['json', { outputFile: '../../dist/test-results/web-e2e.json' }],
  ],
  use: {
    baseURL: process.env.WEB_URL ?? 'http://127.0.0.1:3001',
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
