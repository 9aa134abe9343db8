import { expect, test } from '@playwright/test';
import { REASONS } from '../src/verify/check-catalogue';
import { checkRow, choosePurpose, fillFromCard, openKiosk, placeCard, resultOutcome, runCheck, startReading, text } from './support/kiosk';

/**
 * Forged and revoked cards fail with their reason and the next step; offline, revocation stays
 * pending, the check is incomplete and the primary action asks the revocation service again.
 */

test.beforeEach(async ({ page }) => {
  await openKiosk(page);
});

test('a tampered face photo (forged card) fails, with the reason next to the verdict', async ({ page }) => {
  expect(await runCheck(page, 'counter', 'forged-face-photo-tampered')).toBe('failed');
  await expect(checkRow(page, 'face.card-face-signature')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'face.card-face-signature')).toContainText(REASONS['photo-digest-mismatch'].ja);
  const reasons = page.getByTestId('outcome-reasons');
  await expect(reasons).toContainText(text('check.face.card-face-signature'));
  await expect(reasons).toContainText(text('next.photo-digest-mismatch'));
  // On failure the primary action records the check as failed.
  await expect(page.getByTestId('primary-action')).toHaveText(text('result.recordFailed'));
});

test('a revoked signature certificate (bank) fails', async ({ page }) => {
  expect(await runCheck(page, 'bank', 'revoked-certificate')).toBe('failed');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'jpki.sign.revocation')).toContainText(REASONS.revoked.ja);
  // The next step for the customer: the municipal office reissues it.
  await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.revoked'));
  await expect(page.getByTestId('primary-action')).toHaveText(text('result.recordFailed'));
});

test('offline, a bank check cannot ask about revocation: pending, and the outcome is incomplete', async ({ page, context }) => {
  await choosePurpose(page, 'bank');
  await placeCard(page, 'default');
  await fillFromCard(page);
  await context.setOffline(true);
  try {
    await startReading(page);
    expect(await resultOutcome(page)).toBe('incomplete');
    await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pending');
    await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.revocation-pending'));
    await expect(page.getByTestId('primary-action')).toHaveText(text('result.recheck'));
    // Still offline: asking again really asks, and says it could not get an answer yet.
    await page.getByTestId('primary-action').click();
    await expect(page.getByTestId('recheck-status')).toHaveText(text('result.recheck.stillOpen'));
    await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'incomplete');
  } finally {
    await context.setOffline(false);
  }
  // Back online: the same button turns the result into verified without reading the card again.
  await page.getByTestId('primary-action').click();
  await expect(page.getByTestId('recheck-status')).toHaveText(text('result.recheck.answered'));
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'verified');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('primary-action')).toHaveText(text('result.toConfirm'));
});

test('a name with a right-to-left override is refused: failed, and the name is not shown at all', async ({ page }) => {
  expect(await runCheck(page, 'counter', 'forged-name-bidi-override')).toBe('failed');
  await expect(checkRow(page, 'text.basic-four-digest')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'text.basic-four-digest')).toContainText(REASONS['text-unsafe-characters'].ja);
  await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.text-unsafe-characters'));
  await expect(page.getByTestId('holder-name')).toHaveCount(0);
  expect(await page.evaluate(() => /[\u202a-\u202e\u2066-\u2069]/.test(document.body.innerText))).toBe(false);
});
