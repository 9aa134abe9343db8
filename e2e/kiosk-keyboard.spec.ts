import { expect, test } from '@playwright/test';
import { CLERK, CODE_B_DEFAULT, openKiosk, text } from './support/kiosk';

/**
 * A whole counter check with the keyboard only: focus starts at each screen's heading (or, on an
 * entry screen, in its first field) and moves in reading order, ending in the action bar.
 */

test('keyboard only: clerk, purpose, card, code, result, confirmation, done', async ({ page }) => {
  await openKiosk(page);
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}|${(el.getAttribute('data-purpose') ?? el.getAttribute('data-card-id') ?? el.getAttribute('value') ?? el.textContent ?? '').trim()}` : '';
    });
  await expect(page.locator('#purpose-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|✓ ${CLERK}`);
  await page.keyboard.press('Tab');
  expect(await focused()).toMatch(/^button\|counter$/);
  await page.keyboard.press('Enter');

  await expect(page.locator('#place-heading')).toBeFocused({ timeout: 30_000 });
  // Which document staff expect: a radio group (one Tab stop, on 「置いたカードから判別する」), then
  // the demo reader's cards.
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('input|any');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('button|default');
  await page.keyboard.press('Enter');

  // The entry screen puts the focus in the first box: the code is typed straight away.
  await expect(page.locator('#code-b')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.type(CODE_B_DEFAULT);
  await expect(page.locator('#code-b-security')).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.locator('#result-heading')).toBeFocused({ timeout: 30_000 });
  // The two card-face images (zoom), the folded check list, then the action bar.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe(`summary|${text('result.checksFold', 'ja', { n: 12 })}`);
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|${text('result.toConfirm')}`);
  await page.keyboard.press('Enter');

  await expect(page.locator('#confirm-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  // Each item: Tab into its answers, Space picks 一致する.
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input|match');
    await page.keyboard.press('Space');
  }
  for (const box of await page.getByRole('radio', { name: text('confirm.match') }).all()) await expect(box).toBeChecked();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe(`button|${text('confirm.record')}`);
  await page.keyboard.press('Enter');

  await expect(page.locator('#done-heading')).toBeFocused({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('#purpose-heading')).toBeFocused();
});
