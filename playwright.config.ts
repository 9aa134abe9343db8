import { defineConfig } from '@playwright/test';

/**
 * Browser tests run the built PWA in Debian's Chromium (/usr/bin/chromium): Playwright cannot
 * download its own browsers on these machines. Override with KAZASU_CHROMIUM=/path/to/chrome.
 */
const chromium = process.env.KAZASU_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  // Not test-results/ itself: Playwright empties its output folder at the start of a run, and the
  // security suite keeps its figures (test-results/security) and fixtures there across runs.
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
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
    // The kiosk, readers and PWA (npm run test:e2e).
    { name: 'kiosk', testIgnore: /security\// },
    // Privacy scans and browser hardening (npm run test:security).
    { name: 'security', testMatch: /security\/.*\.spec\.ts/ },
  ],
  webServer: {
    command: 'npx vite build && npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
  },
});
