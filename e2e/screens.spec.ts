import { expect, test, type Page } from '@playwright/test';
import type { Language } from '../src/app/i18n/catalogue';
import {
  answerAll,
  choosePurpose,
  CODE_B_DEFAULT,
  enterCodeB,
  expectAccessible,
  fillFromCard,
  openAdmin,
  openKiosk,
  placeCard,
  resultOutcome,
  runCheck,
  saveScreenshot,
  SIZES,
  startReading,
  text,
  type SizeName,
} from './support/kiosk';

/**
 * Every screen in Japanese and English at 1280×800 (landscape) and 800×1280 (portrait): an
 * axe-core scan (no serious or critical violation) and a screenshot of what the clerk sees
 * (the viewport) in e2e/screenshots/<screen>-<language>-<size>.png, for a person to look at.
 */

for (const language of ['ja', 'en'] as const) {
  for (const size of SIZES) {
    test(`every screen is accessible and captured (${language}, ${size.name})`, async ({ page }) => {
      test.setTimeout(300_000);
      const capture = async (screen: string) => {
        await expectAccessible(page, `${screen}-${language}-${size.name}`);
        await saveScreenshot(page, screen, language, size.name);
        // The scans take real time: count them as activity so the idle warning waits for its own step.
        await page.keyboard.press('Shift');
      };
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.clock.install();
      // Two clerks, so the counter screen shows the choice.
      await openKiosk(page, { language, apduDelayMs: 60, clerks: ['山田 花子', 'E-0042'], skipSetup: true });
      await expect(page.locator('#setup-heading')).toBeVisible();
      await capture('setup');
      await page.getByLabel(text('pin.new', language)).fill('24681357');
      await page.getByLabel(text('pin.repeat', language)).fill('24681357');
      await page.getByRole('button', { name: text('setup.save', language) }).click();
      await expect(page.locator('#purpose-heading')).toBeVisible();
      await expect(page.getByTestId('needs-clerk')).toBeVisible();
      await capture('purpose-no-clerk');
      await page.getByRole('button', { name: 'E-0042' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await capture('purpose');

      // 2. placement guide with the simulated reader
      await choosePurpose(page, 'counter');
      await capture('place-card');

      // 3. entry (counter), typed as printed, then a wrong code: only it is cleared, with the usual slip
      await placeCard(page, 'default');
      await expect(page.locator('#code-b')).toBeFocused();
      await capture('credentials-empty');
      await fillFromCard(page, language);
      await capture('credentials');
      await enterCodeB(page, `${CODE_B_DEFAULT.slice(0, 13)}6`);
      await startReading(page, language);
      await expect(page.getByTestId('credential-notice')).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('#code-b')).toBeFocused();
      await capture('credentials-wrong');
      await page.locator('[data-testid="helper-fold"] summary').click();
      await capture('credentials-helper');
      await page.locator('[data-testid="helper-fold"] summary').click();
      await fillFromCard(page, language);

      // 4. reading (slow simulated card so the screen stays up)
      await startReading(page, language);
      await expect(page.locator('#reading-heading')).toBeVisible();
      await expect(page.getByTestId('reading-step')).not.toHaveText(text('reading.step', language, { step: text('step.starting', language), done: 0, total: 1 }));
      await capture('reading');

      // 5. result (verified, with photo)
      expect(await resultOutcome(page)).toBe('verified');
      await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
      await capture('result');
      await page.getByTestId('checks-fold').locator('summary').click();
      await capture('result-checks');
      await page.getByTestId('checks-fold').locator('summary').click();
      await page.getByRole('button', { name: text('result.zoom', language, { what: text('result.addressImage', language) }) }).click();
      await expect(page.getByTestId('card-image-zoomed').last()).toBeVisible();
      await capture('result-zoom');
      await page.getByRole('button', { name: text('common.close', language) }).last().click();

      // idle warning over the result
      await page.clock.fastForward(41_000);
      await expect(page.getByRole('dialog')).toBeVisible();
      await capture('idle-warning');
      await page.getByRole('button', { name: text('idle.continue', language) }).click();
      await expect(page.getByRole('dialog', { name: text('idle.heading', language) })).toBeHidden();

      // 6. staff confirmation: nothing pre-selected; recording without answers is refused
      await page.getByRole('button', { name: text('result.toConfirm', language) }).click();
      await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
      await capture('confirm');
      await page.getByRole('button', { name: text('confirm.record', language) }).click();
      await expect(page.getByTestId('confirm-missing')).toBeVisible();
      await capture('confirm-missing');
      await answerAll(page, language);
      await capture('confirm-answered');
      await page.getByRole('button', { name: text('confirm.record', language) }).click();
      await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
      await capture('done');
      await page.getByRole('button', { name: text('done.next', language) }).click();

      // bank: the clerk's entry, then the hand-over step with the customer's keypad
      await choosePurpose(page, 'bank');
      await placeCard(page, 'default');
      await fillFromCard(page, language);
      await capture('credentials-bank');
      await page.getByRole('button', { name: text('cred.toHandover', language) }).click();
      await expect(page.locator('#handover-heading')).toBeVisible();
      await expect(page.locator('#sign-password')).toBeFocused();
      await capture('handover');
      await home(page, language);

      // bank on the last-try card: one try left, the holder's agreement
      await choosePurpose(page, 'bank');
      await placeCard(page, 'last-try');
      await capture('credentials-last-try');
      await fillFromCard(page, language);
      await startReading(page, language);
      await expect(page.getByTestId('credential-notice')).toBeVisible();
      await capture('credentials-notice');
      await home(page, language);

      // age: birth-date key, the answers, the confirmation with what applies
      await choosePurpose(page, 'age');
      await placeCard(page, 'default');
      await fillFromCard(page, language);
      await capture('credentials-age');
      await startReading(page, language);
      expect(await resultOutcome(page)).toBe('verified');
      await capture('result-age');
      await page.getByRole('button', { name: text('result.toConfirm', language) }).click();
      await capture('confirm-age');
      await home(page, language);

      // a forged card: failed, with the reason, the next step and "record as failed"
      expect(await runCheck(page, 'counter', 'forged-face-photo-tampered', language)).toBe('failed');
      await capture('result-failed');
      await page.getByRole('button', { name: text('result.recordFailed', language) }).click();
      await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
      await capture('done-failed');
      await page.getByRole('button', { name: text('done.next', language) }).click();

      // a card whose PINs are locked: verified, with the hint for the holder
      expect(await runCheck(page, 'counter', 'locked-pin', language)).toBe('verified');
      await expect(page.getByTestId('locked-keys')).toBeVisible({ timeout: 15_000 });
      await capture('result-locked-pin');
      await home(page, language);

      // field: revocation pending (allowed offline)
      expect(await runCheck(page, 'field', 'default', language)).toBe('verified');
      await capture('result-field');
      await home(page, language);

      // bank offline: incomplete, with "check revocation again" as the primary action
      await choosePurpose(page, 'bank');
      await placeCard(page, 'default');
      await fillFromCard(page, language);
      await page.context().setOffline(true);
      try {
        await startReading(page, language);
        expect(await resultOutcome(page)).toBe('incomplete');
        await capture('result-incomplete');
      } finally {
        await page.context().setOffline(false);
      }
      await home(page, language);

      // 8. history and 9. settings behind the operator PIN
      await page.getByRole('button', { name: text('nav.history', language) }).click();
      await expect(page.locator('#operator-pin')).toBeVisible({ timeout: 30_000 });
      await capture('admin-pin');
      await page.getByRole('button', { name: text('nav.back', language) }).click();
      await openAdmin(page, 'history', language);
      await page.getByRole('button', { name: text('history.verify', language) }).click();
      await expect(page.getByTestId('history-message')).toHaveText(text('history.chainOk', language, { n: 2 }), { timeout: 30_000 });
      await capture('history');
      await page.getByRole('button', { name: text('nav.settings', language) }).click();
      await expect(page.getByTestId('trust-mode')).toHaveText(text('settings.trustMode.simulator', language));
      await capture('settings');
    });
  }
}

async function home(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: text('confirm.discard', language) }).or(page.getByRole('button', { name: text('common.cancel', language) })).first().click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
}

export type { SizeName };
