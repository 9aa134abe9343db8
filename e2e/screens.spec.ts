import { expect, test, type Page } from '@playwright/test';
import type { Language } from '../src/app/i18n/catalogue';
import {
  choosePurpose,
  expectAccessible,
  fillFromCard,
  openKiosk,
  placeCard,
  resultOutcome,
  runCheck,
  saveScreenshot,
  startReading,
  text,
} from './support/kiosk';

/**
 * Every screen in Japanese and in English: an axe-core scan (no serious or critical violation)
 * and a full-page screenshot in e2e/screenshots/<screen>-<language>.png for a human to look at.
 */

async function capture(page: Page, screen: string, language: Language): Promise<void> {
  await expectAccessible(page, `${screen}-${language}`);
  await saveScreenshot(page, screen, language);
}

async function home(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: text('confirm.discard', language) }).or(page.getByRole('button', { name: text('common.cancel', language) })).first().click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
}

for (const language of ['ja', 'en'] as const) {
  test(`every screen is accessible and captured (${language})`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.clock.install();
    await openKiosk(page, { language, apduDelayMs: 60 });
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await capture(page, 'purpose', language);

    // 2. placement guide with the simulated reader
    await choosePurpose(page, 'counter');
    await capture(page, 'place-card', language);

    // 3. credentials (counter), after "fill from the simulated card" (the era year is shown)
    await placeCard(page, 'default');
    await fillFromCard(page, language);
    await capture(page, 'credentials', language);

    // 4. reading (slow simulated card so the screen stays up)
    await startReading(page, language);
    await expect(page.locator('#reading-heading')).toBeVisible();
    await expect(page.getByTestId('reading-step')).not.toHaveText(text('reading.step', language, { step: text('step.starting', language), done: 0, total: 1 }));
    await capture(page, 'reading', language);

    // 5. result (verified, with photo)
    expect(await resultOutcome(page)).toBe('verified');
    await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
    await capture(page, 'result', language);

    // idle warning over the result
    await page.clock.fastForward(41_000);
    await expect(page.getByRole('dialog')).toBeVisible();
    await capture(page, 'idle-warning', language);
    await page.getByRole('button', { name: text('idle.continue', language) }).click();
    await expect(page.getByRole('dialog')).toBeHidden();

    // 6. staff confirmation, 7. done
    await page.getByRole('button', { name: text('result.toConfirm', language) }).click();
    await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
    await capture(page, 'confirm', language);
    await page.getByLabel(text('confirm.face', language)).check();
    await page.getByLabel(text('confirm.printed', language)).check();
    await page.getByRole('button', { name: text('confirm.record', language) }).click();
    await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
    await capture(page, 'done', language);
    await page.getByRole('button', { name: text('done.next', language) }).click();

    // bank on the last-try card: one try left, confirmation box
    await choosePurpose(page, 'bank');
    await placeCard(page, 'last-try');
    await capture(page, 'credentials-last-try', language);
    await fillFromCard(page, language);
    await startReading(page, language);
    await expect(page.getByTestId('credential-notice')).toBeFocused();
    await capture(page, 'credentials-notice', language);
    await home(page, language);

    // age: birth-date key
    await choosePurpose(page, 'age');
    await placeCard(page, 'default');
    await fillFromCard(page, language);
    await capture(page, 'credentials-age', language);
    await startReading(page, language);
    expect(await resultOutcome(page)).toBe('verified');
    await capture(page, 'result-age', language);
    await home(page, language);

    // a forged card: failed, with the reason
    expect(await runCheck(page, 'counter', 'forged-face-photo-tampered', language)).toBe('failed');
    await capture(page, 'result-failed', language);
    await home(page, language);

    // field: revocation pending
    expect(await runCheck(page, 'field', 'default', language)).toBe('verified');
    await capture(page, 'result-field', language);
    await home(page, language);

    // 8. history behind the operator PIN
    await page.getByRole('button', { name: text('nav.history', language) }).click();
    await expect(page.locator('#operator-pin')).toBeVisible({ timeout: 30_000 });
    await capture(page, 'history-pin', language);
    await page.getByLabel(text('pin.new', language)).fill('24681357');
    await page.getByLabel(text('pin.repeat', language)).fill('24681357');
    await page.getByRole('button', { name: text('pin.set', language) }).click();
    await page.getByRole('button', { name: text('history.verify', language) }).click();
    await expect(page.getByTestId('history-message')).toHaveText(text('history.chainOk', language, { n: 1 }), { timeout: 30_000 });
    await capture(page, 'history', language);
    await page.getByRole('button', { name: text('history.lock', language) }).click();

    // 9. settings
    await page.getByRole('button', { name: text('nav.settings', language) }).click();
    await expect(page.getByTestId('trust-mode')).toHaveText(text('settings.trustMode.simulator', language));
    await capture(page, 'settings', language);
  });
}
