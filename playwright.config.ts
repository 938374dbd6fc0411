import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './testkit/chromium.ts';
import { IS_CI } from './testkit/fixtures.ts';

// Several checkouts or sessions can run e2e side by side: each picks a port, and builds into its own folder.
const PORT = Number(process.env.FACEPRINT_E2E_PORT ?? 4173);
const OUT_DIR = PORT === 4173 ? 'dist' : `dist-e2e-${PORT}`;
const BASE_URL = `http://localhost:${PORT}`;
// Playwright empties its output folder at the start of a run: one per port, so parallel runs keep theirs.
const OUTPUT_DIR = PORT === 4173 ? 'test-results' : `test-results-${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  // In CI, missing fixture photos fail the run here instead of skipping every spec that needs them.
  globalSetup: './testkit/fixturesGate.ts',
  outputDir: OUTPUT_DIR,
  fullyParallel: true,
  forbidOnly: IS_CI,
  workers: IS_CI ? 1 : 2,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Playwright cannot download its own browsers here: use the distribution's Chromium.
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    // A production build served by `vite preview`, which sends the COOP/COEP headers from vite.config.ts.
    command: `npx vite build --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !IS_CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
