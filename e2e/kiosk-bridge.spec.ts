import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPairingToken } from '../src/node/bridge/bridge-config';
import { CODE_B_DEFAULT, enterCodeB, HOLDER, leaveAdmin, openAdmin, openKiosk, resultOutcome, startReading, text } from './support/kiosk';

/**
 * The kiosk UI on the PC/SC bridge path in Chromium (issue 5 §5, §7): staff enter the bridge's
 * address and pairing token in Settings and choose it; the page's real WebSocket goes to the real
 * `kazasu bridge --sim default` (the CLI, started here; the same bridge through real pcscd is
 * tests/pcsc/bridge-pcscd.test.ts). Trust follows the reader: production unless staff choose
 * otherwise, so a simulated card through a real path is not verified by default.
 */

interface BridgeProcess {
  readonly url: string;
  readonly token: string;
  stop(): void;
}

/** Starts the real CLI with a private KAZASU_HOME; its default allow-list has the preview origin. */
async function startBridge(): Promise<BridgeProcess> {
  const home = mkdtempSync(join(tmpdir(), 'kazasu-e2e-bridge-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/kazasu.mjs', 'bridge', '--sim', 'default', '--port', '0'], {
    env: { ...process.env, KAZASU_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const found = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const url = /listening on (ws:\/\/\S+\/)/.exec(out)?.[1];
      const token = /new pairing token: ([A-Za-z0-9_-]{43})/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ url, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`bridge exited ${code}:\n${out}`)));
  });
  return {
    ...found,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

let bridge: BridgeProcess;
test.beforeEach(async () => {
  bridge = await startBridge();
});
test.afterEach(() => bridge.stop());

async function chooseBridge(page: Page, pairing: string): Promise<void> {
  await openAdmin(page, 'settings');
  await page.getByLabel(text('settings.bridge.url')).fill(bridge.url);
  await page.getByLabel(text('settings.bridge.token')).fill(pairing);
  await page.getByTestId('reader-path-bridge').getByRole('button', { name: text('settings.reader.use') }).click();
}

async function counterCheckOnPresentCard(page: Page): Promise<string | null> {
  await leaveAdmin(page);
  await page.locator('button[data-purpose="counter"]').click();
  // The card is already on the bridge's reader: the kiosk goes straight to entry.
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await enterCodeB(page, CODE_B_DEFAULT);
  await startReading(page);
  return resultOutcome(page);
}

test('Settings → PC/SC bridge, simulator trust: the counter check runs through the bridge and is verified (TEST)', async ({ page }) => {
  await openKiosk(page);
  await chooseBridge(page, bridge.token);
  await expect(page.getByTestId('reader-current')).toHaveText(text('settings.reader.current', 'ja', { name: `${text('reader.path.bridge')} — Kazasu Simulated Reader 00` }));
  await page.getByLabel(text('settings.realTrust.simulator')).check();
  await expect(page.getByTestId('trust-mode')).toHaveText(text('settings.trustMode.simulator'));
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/settings-reader-bridge-ja.png', fullPage: true });
  expect(await counterCheckOnPresentCard(page)).toBe('verified');
  await expect(page.getByText(HOLDER.name).first()).toBeVisible();
});

test('Settings → PC/SC bridge with production trust (the default): a simulated card is not verified', async ({ page }) => {
  await openKiosk(page);
  await chooseBridge(page, bridge.token);
  await expect(page.getByTestId('trust-mode')).toHaveText(text('settings.trustMode.production'));
  expect(await counterCheckOnPresentCard(page)).not.toBe('verified');
});

test('a wrong pairing token: the reader in use stays in use, and Settings says what to do', async ({ page }) => {
  await openKiosk(page, { language: 'en' });
  await openAdmin(page, 'settings', 'en');
  const before = await page.getByTestId('reader-current').textContent();
  expect(before).toBe(text('settings.reader.current', 'en', { name: text('reader.path.demo', 'en') }));
  await page.getByLabel(text('settings.bridge.url', 'en')).fill(bridge.url);
  await page.getByLabel(text('settings.bridge.token', 'en')).fill(newPairingToken());
  await page.getByTestId('reader-path-bridge').getByRole('button', { name: text('settings.reader.use', 'en') }).click();
  await expect(page.getByTestId('reader-problem')).toContainText(text('reader.reason.pairing-failed', 'en'));
  // Choosing a reader that fails to open never drops the working one (issue 11 §10).
  await expect(page.getByTestId('reader-current')).toHaveText(before!);
  await page.screenshot({ path: 'e2e/screenshots/settings-reader-pairing-failed-en.png', fullPage: true });
});
