import { expect, test } from '@playwright/test';
import { CHECK_TITLES, REASONS } from '../src/verify/check-catalogue';
import { checkRow, confirmAndRecord, HOLDER, openKiosk, runCheck, text } from './support/kiosk';

/** Each purpose on the default simulated card, end to end through the real card library and verifier. */

test.beforeEach(async ({ page }) => {
  await openKiosk(page);
});

test('counter: verified, with the chip photo, both calendars, the card-face images and every check', async ({ page }) => {
  expect(await runCheck(page, 'counter')).toBe('verified');
  await expect(page.getByTestId('simulated-banner')).toHaveText(text('result.simulated'));
  await expect(page.getByTestId('holder-name')).toHaveText(HOLDER.name);
  await expect(page.getByTestId('detail-birth-date')).toContainText(HOLDER.birthDateWestern);
  await expect(page.getByTestId('detail-birth-date')).toContainText(HOLDER.birthDateWareki);
  await expect(page.getByText(text('result.photoNote'))).toBeVisible();
  // The JPEG 2000 photo was decoded (greyscale) and drawn; the name/address PNGs load from object URLs.
  const photo = page.getByTestId('face-photo');
  await expect(photo).toBeVisible({ timeout: 15_000 });
  expect(await photo.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true);
  const images = page.getByTestId('card-image');
  await expect(images).toHaveCount(2);
  for (const img of await images.all()) {
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  }
  // Every check is listed with its badge and plain reason.
  await expect(checkRow(page, 'text.chip-authentication')).toHaveAttribute('data-status', 'pass');
  await expect(checkRow(page, 'face.card-face-signature')).toContainText(CHECK_TITLES['face.card-face-signature'].ja);
  await expect(checkRow(page, 'trust.anchors')).toContainText(REASONS['non-production-anchor'].ja);
  await confirmAndRecord(page);
  await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true');
});

test('bank: 照合番号B and the sign password; the JPKI signature certificate, its challenge and revocation pass', async ({ page }) => {
  await page.locator('button[data-purpose="bank"]').click();
  await page.locator('button[data-card-id="default"]').click();
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 5 }));
  await page.getByRole('button', { name: text('demo.fill') }).click();
  // The password is the customer's, on its own hand-over step, masked.
  await expect(page.locator('#sign-password')).toHaveCount(0);
  await page.getByRole('button', { name: text('cred.toHandover') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(text('handover.heading'));
  await expect(page.locator('#sign-password')).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: text('cred.submit') }).click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'verified', { timeout: 30_000 });
  for (const id of ['jpki.sign.chain', 'jpki.sign.challenge', 'jpki.sign.revocation', 'cross.name', 'cross.address']) {
    await expect(checkRow(page, id), id).toHaveAttribute('data-status', 'pass');
  }
  await confirmAndRecord(page);
});

test('field: verified offline-style, with the authentication certificate revocation shown as pending', async ({ page }) => {
  expect(await runCheck(page, 'field')).toBe('verified');
  await expect(checkRow(page, 'jpki.auth.chain')).toHaveAttribute('data-status', 'pass');
  const revocation = checkRow(page, 'jpki.auth.revocation');
  await expect(revocation).toHaveAttribute('data-status', 'pending');
  await expect(revocation).toContainText(text('status.pending'));
  await expect(revocation).toContainText(REASONS['revocation-pending'].ja);
  // … and next to the verdict at the top, in plain words with the next step.
  await expect(page.getByTestId('outcome-reasons')).toContainText(text('check.jpki.auth.revocation'));
  await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.revocation-pending'));
});

test('age: only the 18+ / 20+ answers, nothing else about the person', async ({ page }) => {
  await page.locator('button[data-purpose="age"]').click();
  await page.locator('button[data-card-id="default"]').click();
  await expect(page.getByTestId('tries-birthDateKey')).toBeVisible();
  await page.getByRole('button', { name: text('demo.fill') }).click();
  await expect(page.locator('#birth-date-key')).toHaveValue('550217');
  await page.getByRole('button', { name: text('cred.submit') }).click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'verified', { timeout: 30_000 });
  await expect(page.getByTestId('age-over18')).toContainText(text('common.yes'));
  await expect(page.getByTestId('age-over20')).toContainText(text('common.yes'));
  // No photo, no name or address images, no personal text.
  await expect(page.getByTestId('face-photo')).toHaveCount(0);
  await expect(page.getByTestId('card-image')).toHaveCount(0);
  const body = await page.evaluate(() => document.body.innerText);
  for (const personal of [HOLDER.name, '山田', 'かざす町', '1980', '昭和55', '46']) expect(body, personal).not.toContain(personal);
  await confirmAndRecord(page);
});
