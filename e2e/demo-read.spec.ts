import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/**
 * `npm start` opens demo mode: the page reads the default simulated card through the real card
 * library and shows the holder's name with a check mark.
 */
test('demo mode reads the default simulated card and shows the holder name', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('テスト用の模擬カード（SIMULATED）')).toBeVisible();
  // The name comes from the chip's basic-4 file (profile "default"), not from page text.
  await expect(page.getByTestId('holder-name')).toHaveText('山田　花子', { timeout: 30_000 });
  await expect(page.getByText('✓')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/demo-read-ja.png', fullPage: true });

  await page.getByRole('button', { name: 'Switch the display language to Japanese' }).or(page.getByRole('button', { name: '表示言語を英語に切り替える' })).click();
  await expect(page.getByText('TEST / SIMULATED CARD')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('Name', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/demo-read-en.png', fullPage: true });
});

test('reading again works and the page never puts personal data in the URL', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('holder-name')).toHaveText('山田　花子', { timeout: 30_000 });
  await page.getByRole('button', { name: 'もう一度読み取る' }).click();
  await expect(page.getByTestId('holder-name')).toHaveText('山田　花子', { timeout: 30_000 });
  expect(page.url()).not.toContain('%E5%B1%B1'); // 山
  expect(page.url()).toBe('http://127.0.0.1:4173/');
});
