import { expect, test } from '@playwright/test';
import { CODE_B_DEFAULT, openKiosk, text } from './support/kiosk';

/** A whole counter check with the keyboard only: focus starts at each screen's heading and moves in reading order. */

test('keyboard only: purpose, card, code, result, confirmation, done', async ({ page }) => {
  await openKiosk(page);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}|${(el.getAttribute('data-purpose') ?? el.getAttribute('data-card-id') ?? el.textContent ?? '').trim()}` : '';
  });
  await expect(page.locator('#purpose-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await focused()).toMatch(/^button\|counter$/);
  await page.keyboard.press('Enter');

  await expect(page.locator('#place-heading')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|${text('common.cancel')}`);
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('button|default');
  await page.keyboard.press('Enter');

  await expect(page.locator('#cred-heading')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  expect(await focused()).toMatch(/^input#code-b\|/);
  await page.keyboard.type(CODE_B_DEFAULT);
  await page.keyboard.press('Enter');

  await expect(page.locator('#result-heading')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|${text('result.toConfirm')}`);
  await page.keyboard.press('Enter');

  await expect(page.locator('#confirm-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox')).toHaveCount(2);
  for (const box of await page.getByRole('checkbox').all()) await expect(box).toBeChecked();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|${text('confirm.record')}`);
  await page.keyboard.press('Enter');

  await expect(page.locator('#done-heading')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#purpose-heading')).toBeFocused();
});
