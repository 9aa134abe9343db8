import { expect, test } from '@playwright/test';
import { CHECK_TITLES, REASONS } from '../src/verify/check-catalogue';
import { checkRow, choosePurpose, fillFromCard, openKiosk, placeCard, resultOutcome, runCheck, startReading } from './support/kiosk';

/** Forged and revoked cards fail with their reason; offline, revocation stays pending and the check is incomplete. */

test.beforeEach(async ({ page }) => {
  await openKiosk(page);
});

test('a tampered face photo (forged card) fails, with the reason next to the verdict', async ({ page }) => {
  expect(await runCheck(page, 'counter', 'forged-face-photo-tampered')).toBe('failed');
  await expect(checkRow(page, 'face.card-face-signature')).toHaveAttribute('data-status', 'fail');
  await expect(checkRow(page, 'face.card-face-signature')).toContainText(REASONS['photo-digest-mismatch'].ja);
  const reasons = page.getByTestId('outcome-reasons');
  await expect(reasons).toContainText(CHECK_TITLES['face.card-face-signature'].ja);
  await expect(reasons).toContainText(REASONS['photo-digest-mismatch'].ja);
});

test('a revoked signature certificate (bank) fails', async ({ page }) => {
  expect(await runCheck(page, 'bank', 'revoked-certificate')).toBe('failed');
  await expect(checkRow(page, 'jpki.sign.revocation')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('outcome-reasons')).toContainText(REASONS.revoked.ja);
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
    await expect(page.getByTestId('outcome-reasons')).toContainText(REASONS['revocation-pending'].ja);
  } finally {
    await context.setOffline(false);
  }
});

test('a name with a right-to-left override is refused: failed, and the name is not shown at all', async ({ page }) => {
  expect(await runCheck(page, 'counter', 'forged-name-bidi-override')).toBe('failed');
  await expect(checkRow(page, 'text.basic-four-digest')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('outcome-reasons')).toContainText(REASONS['text-unsafe-characters'].ja);
  await expect(page.getByTestId('holder-name')).toHaveCount(0);
  expect(await page.evaluate(() => /[\u202a-\u202e\u2066-\u2069]/.test(document.body.innerText))).toBe(false);
});
