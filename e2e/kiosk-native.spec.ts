import { expect, test, type Page } from '@playwright/test';
import { buildEmulatorInitScript } from './support/emulator-init-script';
import { CODE_B_DEFAULT, enterCodeB, HOLDER, leaveAdmin, openAdmin, openKiosk, resultOutcome, startReading, text } from './support/kiosk';

/**
 * The kiosk UI on the phone-shell path (issue 5 §6, §7): an emulated Android shell
 * (src/sim/readers/native-shell-emulator) is installed as window.kazasuNative before the app's
 * scripts run, as a thin Android app would inject it; staff choose "phone NFC" in Settings and
 * the kiosk opens the phone's NFC session itself when a purpose is chosen (the phone only looks
 * for a card inside a session). The card leaving the phone mid-read ends in the UI's explanation.
 */

let INIT_SCRIPT = '';

test.beforeAll(async () => {
  INIT_SCRIPT = await buildEmulatorInitScript(
    'kiosk-native-fixture',
    ["import { NativeShellEmulator, installAsKazasuNative } from '{src}/sim/readers/native-shell-emulator';"],
    ["const emulator = new NativeShellEmulator({ platform: 'android' });", "emulator.placeCard(card);", "installAsKazasuNative(emulator.shell);", "(globalThis as unknown as { __native: unknown }).__native = emulator;"],
  );
});

async function choosePhoneNfc(page: Page): Promise<void> {
  await openAdmin(page, 'settings');
  await page.getByTestId('reader-path-native').getByRole('button', { name: text('settings.reader.use') }).click();
  await expect(page.getByTestId('reader-current')).toHaveText(text('settings.reader.current', 'ja', { name: `${text('reader.path.native')} — android` }), { timeout: 30_000 });
  await page.getByLabel(text('settings.realTrust.simulator')).check();
  await leaveAdmin(page);
}

test('Settings → phone NFC (Kazasu app shell): choosing a purpose opens the NFC session; the counter check is verified', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await choosePhoneNfc(page);
  await page.locator('button[data-purpose="counter"]').click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  const prompt = await page.evaluate(() => (globalThis as unknown as { __native: { lastSessionOptions?: { alertMessage?: string } } }).__native.lastSessionOptions?.alertMessage);
  expect(prompt).toBe(text('reader.native.prompt'));
  await enterCodeB(page, CODE_B_DEFAULT);
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
  await expect(page.getByText(HOLDER.name).first()).toBeVisible();
});

test('the card taken away from the phone while the person types: the kiosk asks for it again', async ({ page }) => {
  await page.addInitScript({ path: INIT_SCRIPT });
  await openKiosk(page);
  await choosePhoneNfc(page);
  await page.locator('button[data-purpose="counter"]').click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => (globalThis as unknown as { __native: { removeCard(): void } }).__native.removeCard());
  await expect(page.locator('#place-heading')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: text('reader.native.scan') })).toBeVisible();
});
