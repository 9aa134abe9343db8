import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../src/app/i18n/catalogue';
import { choosePurpose, fillFromCard, openKiosk, resultOutcome, SIZES, startReading } from './support/kiosk';

/**
 * The sticky action bar never hides the result's content (issue 12): what staff must see first
 * (the details up to the address) is above the bar without scrolling at 1280×800 and 800×1280,
 * and scrolled to the end, the last content of the screen ends above the bar.
 */

const CARDS = ['default', 'rc1-adult', 'rc2-adult', 'rc1-special-permanent'] as const;
const SHOTS = process.env.KAZASU_SHOTS_DIR ?? join('e2e', 'screenshots');

/** Scrolled to the end: the bottom of the content just before the action bar vs the bar's top, in viewport pixels. */
async function lastContentGap(page: Page): Promise<number> {
  return page.evaluate(() => {
    const barEl = document.querySelector('[data-testid="action-bar"]')!;
    const bar = barEl.getBoundingClientRect();
    const last = barEl.previousElementSibling!.getBoundingClientRect();
    return bar.top - last.bottom;
  });
}

for (const cardId of CARDS) {
  test(`result of ${cardId}: the address is above the action bar, and the last content too when scrolled down`, async ({ page }) => {
    const language: Language = 'ja';
    await page.setViewportSize(SIZES[0]);
    await openKiosk(page, { language });
    await choosePurpose(page, 'counter');
    await page.locator(`button[data-card-id="${cardId}"]`).click();
    await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
    await fillFromCard(page, language);
    await startReading(page, language);
    expect(await resultOutcome(page)).toBe('verified');
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.evaluate(() => window.scrollTo(0, 0));
      const address = page.getByTestId('detail-address').or(page.getByTestId('rc-address')).first();
      await expect(address).toBeVisible();
      if (cardId.startsWith('rc1')) {
        // The front image stays large enough to compare with the card in hand.
        expect((await page.getByTestId('rc-front-image').getByTestId('card-image').boundingBox())!.width).toBeGreaterThanOrEqual(400);
      }
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `result-${cardId}-ja-${size.width}x${size.height}.png`) });
      const addressGap = await page.evaluate(() => {
        const bar = document.querySelector('[data-testid="action-bar"]')!.getBoundingClientRect();
        const a = (document.querySelector('[data-testid="rc-address"]') ?? document.querySelector('[data-testid="detail-address"]'))!.getBoundingClientRect();
        return bar.top - a.bottom;
      });
      expect(addressGap, `${cardId} ${size.name}: address bottom vs action bar top`).toBeGreaterThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      // (Sub-pixel layout: the fold may end a fraction of a pixel into the bar's border.)
      expect(await lastContentGap(page), `${cardId} ${size.name}: last content vs action bar`).toBeGreaterThanOrEqual(-1);
    }
  });
}
