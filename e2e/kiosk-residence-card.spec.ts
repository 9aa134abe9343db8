import { expect, test, type Page } from '@playwright/test';
import type { Language } from '../src/app/i18n/catalogue';
import { answerAll, choosePurpose, expectAccessible, fillFromCard, openKiosk, resultOutcome, saveScreenshot, SIZES, startReading, text, textPattern } from './support/kiosk';

/**
 * The residence card and the special permanent resident certificate in the kiosk (issue 12 §2
 * "Show", app/documents/residence-card): the card is named when placed, the card number is
 * entered in a field rendered from the driver's CredentialSpec, the result shows the face large,
 * the signed front image (gen 1) or the signed text (gen 2), the 住居地 with its "not signed"
 * mark, and both calendars; the confirm screen shows the same data to compare. Screenshots in
 * e2e/screenshots/rc-*.png at 1280×800 and 800×1280, ja and en.
 */

const CARDS = [
  { id: 'rc1-adult', generation: 1, kind: 'residence-card' },
  { id: 'rc2-adult', generation: 2, kind: 'residence-card' },
  { id: 'rc1-special-permanent', generation: 1, kind: 'special-permanent-resident' },
  { id: 'rc2-special-permanent', generation: 2, kind: 'special-permanent-resident' },
] as const;

async function placeResidenceCard(page: Page, cardId: string, language: Language): Promise<void> {
  await page.locator(`button[data-card-id="${cardId}"]`).click();
  await expect(page.locator('#cred-heading')).toHaveText(text('cred.heading.spec', language, { credential: text('cred.name.cardNumber', language) }), { timeout: 30_000 });
}

for (const card of CARDS) {
  for (const language of ['ja', 'en'] as const) {
    test(`${card.id} verifies at the counter (${language}, both sizes): named, card number, result, confirm`, async ({ page }) => {
      await page.setViewportSize(SIZES[0]);
      await openKiosk(page, { language });
      await choosePurpose(page, 'counter');
      await placeResidenceCard(page, card.id, language);
      // The kiosk names the document it found, and says plainly that there is no counter.
      await expect(page.getByTestId('document-found')).toContainText(language === 'ja' ? '在留カード' : 'Residence card');
      await expect(page.getByTestId('tries-cardNumber')).toHaveText(text('cred.noCounter', language, { n: 2 }));
      await expect(page.getByTestId('credential-cardNumber')).toBeFocused();
      if (card.id === 'rc1-adult') {
        await saveScreenshot(page, `rc-entry-${card.id}`, language, 'landscape');
        await expectAccessible(page, `rc entry ${language}`);
      }
      await fillFromCard(page, language);
      await startReading(page, language);
      expect(await resultOutcome(page)).toBe('verified');
      await expect(page.getByTestId('photo-figure')).toBeVisible();
      await expect(page.locator('.details-residence .details-heading')).toContainText(String(card.generation));
      if (card.generation === 1) {
        const front = page.getByTestId('rc-front-image').getByTestId('card-image');
        await expect(front).toBeVisible();
        // Large enough to compare with the physical card (the chip image is 674 px wide).
        expect((await front.boundingBox())!.width).toBeGreaterThanOrEqual(400);
      } else {
        await expect(page.getByTestId('detail-name-image')).toBeVisible();
        // Both calendars: 西暦 and the era year (the profiles are born in Showa or Heisei).
        await expect(page.getByTestId('rc-birthDate')).toContainText(language === 'ja' ? /(昭和|平成)\d+年/ : /(Showa|Heisei) \d+/);
        await expect(page.getByTestId('rc-birthDate')).toHaveAttribute('data-signed', 'true');
      }
      // The 住居地 is not covered by the signature, and says so.
      await expect(page.getByTestId('detail-address').or(page.getByTestId('rc-address')).first().getByTestId('unsigned-mark')).toHaveText(text('rc.notSigned', language));
      await saveScreenshot(page, `rc-result-${card.id}`, language, 'landscape');
      await expectAccessible(page, `rc result ${card.id} ${language}`);
      await page.setViewportSize(SIZES[1]);
      await saveScreenshot(page, `rc-result-${card.id}`, language, 'portrait');
      await expect(page.getByTestId('primary-action')).toBeInViewport();
      await expect(page.getByTestId('photo-figure')).toBeInViewport();

      await page.getByTestId('primary-action').click();
      await expect(page.locator('#confirm-heading')).toBeVisible();
      await expect(page.locator('.confirm-data .details-residence')).toBeVisible();
      await saveScreenshot(page, `rc-confirm-${card.id}`, language, 'portrait');
      await page.setViewportSize(SIZES[0]);
      await saveScreenshot(page, `rc-confirm-${card.id}`, language, 'landscape');
      await expectAccessible(page, `rc confirm ${card.id} ${language}`);
      await answerAll(page, language);
      await page.getByTestId('primary-action').click();
      await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true');
    });
  }
}

for (const language of ['ja', 'en'] as const) {
  test(`a forged residence card fails with its reason and next step (${language})`, async ({ page }) => {
    await page.setViewportSize(SIZES[0]);
    await openKiosk(page, { language });
    await choosePurpose(page, 'counter');
    await placeResidenceCard(page, 'forged-rc1-front-image-altered', language);
    await fillFromCard(page, language);
    await startReading(page, language);
    expect(await resultOutcome(page)).toBe('failed');
    await expect(page.getByTestId('primary-action')).toHaveText(text('result.recordFailed', language));
    await expect(page.getByTestId('primary-action')).toBeInViewport();
    await saveScreenshot(page, 'rc-forged', language, 'landscape');
    await expectAccessible(page, `rc forged ${language}`);
  });

  test(`a wrong card number twice stops and asks staff to compare (${language})`, async ({ page }) => {
    await page.setViewportSize(SIZES[1]);
    await openKiosk(page, { language });
    await choosePurpose(page, 'counter');
    await placeResidenceCard(page, 'rc2-adult', language);
    const field = page.getByTestId('credential-cardNumber');
    // Full-width, lower case and spaces are folded before the 12-character limit.
    await field.fill('ａｂ １２３４ ５６７８ ｃｄ');
    await expect(field).toHaveValue('AB12345678CD');
    await page.getByRole('button', { name: text('cred.submit', language) }).click();
    await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.wrongNoCount', language, { credential: text('cred.name.cardNumber', language) }), { timeout: 30_000 });
    await expect(field).toHaveValue('');
    await expect(field).toBeFocused();
    // A format slip costs nothing: refused on screen.
    await field.fill('AB1234');
    await page.getByRole('button', { name: text('cred.submit', language) }).click();
    await expect(page.locator('#cred-cardNumber-error')).toHaveText(text('format.card-number-format', language));
    await field.fill('AB12345679CD');
    await page.getByRole('button', { name: text('cred.submit', language) }).click();
    await expect(page.getByTestId('credential-notice')).toHaveText(textPattern('cred.notice.attemptsExhausted', language), { timeout: 30_000 });
    await expect(field).toBeDisabled();
    await saveScreenshot(page, 'rc-attempts-exhausted', language, 'portrait');
    await expectAccessible(page, `rc attempts exhausted ${language}`);
  });
}

test('staff pick the document: a residence card placed for a My Number check is named and refused', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  await openKiosk(page, { language: 'ja' });
  await choosePurpose(page, 'counter');
  await page.getByTestId('document-picker').getByRole('radio', { name: 'マイナンバーカード' }).check();
  await page.locator('button[data-card-id="rc2-adult"]').click();
  await expect(page.locator('.screen-place [role="alert"]')).toContainText('在留カード', { timeout: 30_000 });
  await saveScreenshot(page, 'rc-document-mismatch', 'ja', 'landscape');
  await expectAccessible(page, 'place card, document picker');
});
