import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { buildEmulatorInitScript } from './support/emulator-init-script';
import { CODE_B_DEFAULT, enterCodeB, HOLDER, leaveAdmin, openAdmin, openKiosk, resultOutcome, startReading, text } from './support/kiosk';

/**
 * The kiosk UI itself on the WebUSB RC-S380 path in Chromium (issue 5 §7, §8): the emulated
 * RC-S380 (src/sim/readers) with the default simulated card is installed as navigator.usb before
 * the app's scripts run (an init script bundled here with esbuild), then staff choose the reader
 * in Settings — through the app's real requestDevice → WebUsbPort100Transport → ISO-DEP path —
 * and run a counter check. Unplugging the reader mid-session ends in the UI's explanation.
 */

let INIT_SCRIPT = '';

test.beforeAll(async () => {
  INIT_SCRIPT = await buildEmulatorInitScript(
    'kiosk-webusb-fixture',
    ["import { Rcs380Emulator, installAsNavigatorUsb } from '{src}/sim/readers/rcs380-emulator';"],
    ["const emulator = new Rcs380Emulator();", "emulator.placeCard(card);", "installAsNavigatorUsb(emulator.usb);", "(globalThis as unknown as { __rcs380: unknown }).__rcs380 = emulator;"],
  );
});

async function chooseRcs380(page: Page): Promise<void> {
  await openAdmin(page, 'settings');
  await page.getByTestId('reader-path-webusb-port100').getByRole('button', { name: text('settings.reader.use') }).click();
  await expect(page.getByTestId('reader-current')).toHaveText(text('settings.reader.current', 'ja', { name: `${text('reader.path.webusb-port100')} — RC-S380/P` }), { timeout: 30_000 });
  await page.getByLabel(text('settings.realTrust.simulator')).check();
  await leaveAdmin(page);
}

test('Settings → Sony RC-S380 (WebUSB): the counter check runs through the emulated reader and is verified', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await chooseRcs380(page);
  await page.locator('button[data-purpose="counter"]').click();
  // The transport polls the reader; the card in its field moves the kiosk on to entry.
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await enterCodeB(page, CODE_B_DEFAULT);
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
  await expect(page.getByText(HOLDER.name).first()).toBeVisible();
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/result-webusb-rcs380-ja.png', fullPage: true });
});

test('the RC-S380 unplugged while the person types: the kiosk says the reader went away', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await chooseRcs380(page);
  await page.locator('button[data-purpose="counter"]').click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => (globalThis as unknown as { __rcs380: { unplug(): void } }).__rcs380.unplug());
  const notice = text('notice.readerFailed', 'ja', { explanation: text('reader.code.reader-unplugged') });
  await expect(page.getByRole('alert').filter({ hasText: notice })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#place-heading')).toBeVisible();
});
