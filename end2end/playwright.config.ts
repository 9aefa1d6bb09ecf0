import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { OWNER_STATE, SETUP_TOKEN } from './tests/owner';

// scripts/test.sh picks a free port and a fresh data directory, and passes them here, once for each build.
const build = process.env.CLAWDESK_E2E_BUILD ?? 'debug';
const port = Number(process.env.CLAWDESK_E2E_PORT ?? 3100);
const dataDir = process.env.CLAWDESK_E2E_DATA_DIR ?? 'target/e2e-data';
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  outputDir: `./test-results/${build}`,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: `test-results/${build}/results.json` }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not available on these machines.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // The first-run test sets the console password in a fresh data directory and keeps the logged-in state.
    { name: 'first-run', testMatch: /.*\.setup\.ts/ },
    { name: 'console', testMatch: /.*\.spec\.ts/, dependencies: ['first-run'], use: { storageState: OWNER_STATE } },
  ],
  webServer: {
    command: `./target/${build}/clawdesk`,
    cwd: '..',
    url: `${baseURL}/agents`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      CLAWDESK_BIND: `127.0.0.1:${port}`,
      CLAWDESK_DATA_DIR: dataDir,
      CLAWDESK_LOG: 'info',
      // The first-run test proves the token the console asks for; agents.spec writes key files under tmpdir().
      CLAWDESK_SETUP_TOKEN: SETUP_TOKEN,
      CLAWDESK_DELIVERY_DIRS: tmpdir(),
    },
  },
});
