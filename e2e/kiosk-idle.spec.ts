import { expect, test, type Page } from '@playwright/test';
import { confirmAndRecord, HOLDER, openKiosk, runCheck, text } from './support/kiosk';

/**
 * Inactivity (WCAG 2.2.1): a warning with a "continue" button 20 s before the wipe at 60 s; the
 * wipe leaves nothing personal in the page, the URL or web storage. The clock is Playwright's.
 */

const PERSONAL = [HOLDER.name, '山田', 'かざす町', '千代田区', HOLDER.birthDateWestern, HOLDER.birthDateWareki, '1980', '昭和55', '550217', '2285'];

async function expectNothingPersonal(page: Page): Promise<void> {
  const body = await page.evaluate(() => document.body.innerText);
  for (const p of PERSONAL) expect(body, `"${p}" left in the page`).not.toContain(p);
  expect(await page.locator('canvas').count(), 'photo canvases').toBe(0);
  expect(await page.locator('img[src^="blob:"]').count(), 'card-face images').toBe(0);
  expect(await page.locator('input[type="password"], input[inputmode="numeric"]').count(), 'credential fields').toBe(0);
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k) ?? ''}`).join('\n'),
    session: sessionStorage.length,
  }));
  expect(storage.session).toBe(0);
  for (const p of PERSONAL) expect(storage.local, `"${p}" in localStorage`).not.toContain(p);
  expect(page.url()).toBe('http://127.0.0.1:4173/');
}

test('60 s without activity: warning at 40 s, wipe at 60 s, and nothing personal is left', async ({ page }) => {
  await page.clock.install();
  await openKiosk(page);
  expect(await runCheck(page, 'counter')).toBe('verified');
  await expect(page.getByTestId('holder-name')).toHaveText(HOLDER.name);
  await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
  const imageUrls = await page.getByTestId('card-image').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
  expect(imageUrls).toHaveLength(2);

  // The inactivity time counts from the last touch or key (reading and decoding take real time).
  await page.keyboard.press('Shift');
  await page.clock.fastForward(39_000);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.clock.fastForward(2_000);
  const dialog = page.getByRole('dialog', { name: text('idle.heading') });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: text('idle.continue') })).toBeFocused();
  await expect(dialog).toContainText(text('idle.body', 'ja', { n: 19 }));

  await page.clock.fastForward(20_000);
  await expect(page.locator('#purpose-heading')).toBeVisible();
  await expect(page.getByRole('dialog', { name: text('idle.heading') })).toHaveCount(0);
  await expectNothingPersonal(page);
  // Afterwards the start screen says what happened (issue 11 §10), until the next check starts.
  await expect(page.getByTestId('idle-wiped')).toHaveText(text('purpose.idleWiped'));
  // The card-face images' object URLs were revoked: they no longer load.
  for (const url of imageUrls) {
    expect(await page.evaluate((u) => fetch(u).then(() => 'loaded', () => 'revoked'), url)).toBe('revoked');
  }
});

test('"continue" extends the session; the warning comes back only after another 40 s', async ({ page }) => {
  await page.clock.install();
  await openKiosk(page);
  expect(await runCheck(page, 'counter')).toBe('verified');
  await page.clock.fastForward(41_000);
  await page.getByRole('button', { name: text('idle.continue') }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.clock.fastForward(30_000);
  await expect(page.getByTestId('holder-name')).toHaveText(HOLDER.name);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.clock.fastForward(11_000);
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('the done screen wipes by itself after 10 s', async ({ page }) => {
  await page.clock.install();
  await openKiosk(page);
  expect(await runCheck(page, 'counter')).toBe('verified');
  await confirmAndRecord(page);
  await expect(page.getByText(text('done.countdown', 'ja', { n: 10 }))).toBeVisible();
  for (let i = 0; i < 10; i++) await page.clock.runFor(1_000);
  await expect(page.locator('#purpose-heading')).toBeVisible();
  await expectNothingPersonal(page);
});

test('cancelling from the result wipes at once', async ({ page }) => {
  await openKiosk(page);
  expect(await runCheck(page, 'counter')).toBe('verified');
  await page.getByRole('button', { name: text('confirm.discard') }).click();
  await expect(page.locator('#purpose-heading')).toBeFocused();
  await expectNothingPersonal(page);
});
