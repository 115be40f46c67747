// Browser tests against the real backend (spec/ui.md §10): Debian's chromium, never a
// downloaded browser; one worker, since the tests share one stack and restore what they change.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.js$/,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60000,
  expect: { timeout: 10000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.js',
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    permissions: ['clipboard-read', 'clipboard-write'],
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
});
