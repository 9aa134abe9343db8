import { expect, test } from '@playwright/test';
import { checkRow, confirmAndRecord, HOLDER, openKiosk, runCheck, text } from './support/kiosk';

/**
 * `npm start` opens the kiosk in demo mode: a counter check on the default simulated card reads
 * the chip through the real card library and verifier, and shows the holder with a check mark.
 */
test('demo mode: a counter check on the default simulated card shows the verified holder', async ({ page }) => {
  await openKiosk(page);
  await expect(page.getByText(text('demo.banner'))).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  expect(await runCheck(page, 'counter')).toBe('verified');
  await expect(page.getByTestId('holder-name')).toHaveText(HOLDER.name);
  await expect(page.getByTestId('outcome')).toContainText('✓');
  await expect(checkRow(page, 'face.chip-authentication')).toHaveAttribute('data-status', 'pass');
  await confirmAndRecord(page);
  // Nothing personal ever goes into the address bar.
  expect(page.url()).toBe('http://127.0.0.1:4173/');
});
