import { expect, test, type Page } from '@playwright/test';
import { UI_TEXT_ATTACK_IDS, type ForgeryId } from '../../src/sim/mynumber/forgeries';
import { REASONS } from '../../src/verify/check-catalogue';
import { recordFigure } from '../../tests/security/figures';
import { checkRow, openKiosk, runCheck, text } from '../support/kiosk';

/**
 * UI text attacks in the browser (issue 6 item 3; docs/security.md "UI text attacks"): every
 * attack card of src/sim/mynumber/forgeries.ts, read in demo mode through the real card library.
 * The result screen never carries a control, bidi or invisible character — not in its text, not
 * in an attribute — never runs the card's markup, and no dialog opens. Text with unsafe
 * characters is withheld (reason 'text-unsafe-characters'); markup, long and look-alike text
 * shows as inert text.
 */

/** Which field each attack puts its text in, and whether the parser withholds it. */
const ATTACKS: Record<string, { readonly field: 'name' | 'address'; readonly withheld: boolean }> = {
  'name-bidi-override': { field: 'name', withheld: true },
  'name-bidi-embedding': { field: 'name', withheld: true },
  'address-bidi-isolate': { field: 'address', withheld: true },
  'name-bidi-marks': { field: 'name', withheld: true },
  'name-control-nul-esc': { field: 'name', withheld: true },
  'address-control-crlf': { field: 'address', withheld: true },
  'name-control-c1': { field: 'name', withheld: true },
  'name-zero-width': { field: 'name', withheld: true },
  'address-invisible': { field: 'address', withheld: true },
  'name-markup-html': { field: 'name', withheld: false },
  'address-markup-entities-url': { field: 'address', withheld: false },
  'name-very-long': { field: 'name', withheld: false },
  'name-lookalike': { field: 'name', withheld: false },
};

/** The same set as cards/mynumber/records/unsafe-text.ts, as a regular expression for the page. */
const UNSAFE_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\ufffe\\uffff]|[\\u{1d173}-\\u{1d17a}]|[\\u{e0000}-\\u{e007f}]';

/** Every text node and attribute value of the app (and the title) that holds an unsafe character. */
async function unsafeOnPage(page: Page): Promise<string[]> {
  return page.evaluate((source) => {
    const unsafe = new RegExp(source, 'u');
    const found: string[] = [];
    const walker = document.createTreeWalker(document.getElementById('root') ?? document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const t = n.nodeValue ?? '';
        if (unsafe.test(t)) found.push(`text: ${JSON.stringify(t)}`);
      } else if (n instanceof Element) {
        for (const a of Array.from(n.attributes)) if (unsafe.test(a.value)) found.push(`${n.tagName}@${a.name}: ${JSON.stringify(a.value)}`);
      }
    }
    if (unsafe.test(document.title)) found.push('title');
    return found;
  }, UNSAFE_SOURCE);
}

/** The element holding the name or address TEXT read from the chip (the card-face images are separate). */
const fieldTestId = (field: 'name' | 'address') => (field === 'name' ? 'holder-name' : 'holder-address');

let shown = 0;
test.afterAll(() => {
  recordFigure('ui-text.spec', 'ui-text-attacks', 'attack cards shown in Chromium (demo mode, counter check)', shown);
});

test('every UI text attack card is listed in this spec', () => {
  expect([...UI_TEXT_ATTACK_IDS].sort()).toEqual(Object.keys(ATTACKS).sort());
});

for (const id of UI_TEXT_ATTACK_IDS as readonly ForgeryId[]) {
  const attack = ATTACKS[id]!;
  test(`${id}: failed; ${attack.withheld ? `the ${attack.field} is not shown` : `the ${attack.field} is inert text`}; no unsafe character, no markup run, no dialog`, async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openKiosk(page);
    expect(await runCheck(page, 'counter', `forged-${id}`)).toBe('failed');
    shown++;
    await expect(checkRow(page, 'text.basic-four-digest')).toHaveAttribute('data-status', 'fail');
    // The verdict stays at the top of the screen whatever the card's text does to the layout.
    const verdict = await page.getByTestId('outcome').boundingBox();
    expect(verdict && verdict.y >= 0 && verdict.y < (page.viewportSize()?.height ?? 0)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    if (attack.withheld) {
      await expect(checkRow(page, 'text.basic-four-digest')).toContainText(REASONS['text-unsafe-characters'].ja);
      await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.text-unsafe-characters'));
      await expect(page.getByTestId(fieldTestId(attack.field))).toHaveCount(0);
    } else {
      await expect(checkRow(page, 'text.basic-four-digest')).toContainText(REASONS['digest-mismatch'].ja);
      await expect(page.getByTestId('outcome-reasons')).toContainText(text('next.digest-mismatch'));
      const holder = page.getByTestId(fieldTestId(attack.field));
      await expect(holder).toHaveCount(1);
      // The card's markup is text: no element of it exists, and the text reads as written.
      expect(await holder.locator('script, img, svg, a, b, iframe, object').count()).toBe(0);
      if (id === 'name-markup-html') await expect(holder).toContainText('<script>alert(1)</script><img src=x onerror="alert(2)"><b>本人確認済み</b>');
      if (id === 'address-markup-entities-url') await expect(holder).toContainText('&lt;b&gt;東京都&lt;/b&gt;&#60;svg onload=alert(3)&#62; <a href="javascript:alert(4)">');
    }
    expect(await page.locator('a[href^="javascript:" i], [onerror], [onload]').count()).toBe(0);
    expect(await unsafeOnPage(page)).toEqual([]);
    expect(dialogs).toEqual([]);

    if (id === 'name-markup-html' || id === 'name-control-nul-esc') await page.screenshot({ path: `e2e/screenshots/security-ui-text-${id}.png`, fullPage: true });
  });
}

test('the scan finds an unsafe character when one is on the page (so "none found" means something)', async ({ page }) => {
  await openKiosk(page);
  expect(await unsafeOnPage(page)).toEqual([]);
  await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.textContent = '山田\u202e子花';
    probe.title = 'x\u200by';
    (document.getElementById('root') ?? document.body).append(probe);
  });
  expect(await unsafeOnPage(page)).toHaveLength(2);
});
