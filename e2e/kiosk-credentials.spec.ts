import { expect, test } from '@playwright/test';
import { CODE_B_DEFAULT, choosePurpose, codeBValue, enterCodeB, fillFromCard, openKiosk, placeCard, resultOutcome, startReading, text } from './support/kiosk';

/**
 * Tries shown before entry, wrong codes with the counter (only the wrong one cleared, focus on
 * it), the last-try confirmation, format checks, the helper, card removal, a blocked key.
 */

test.beforeEach(async ({ page }) => {
  await openKiosk(page);
});

const WRONG_CODE = [
  { purpose: 'counter', field: '#code-b', credential: 'codeB', wrong: `${CODE_B_DEFAULT.slice(0, 13)}6` },
  { purpose: 'field', field: '#code-b', credential: 'codeB', wrong: `${CODE_B_DEFAULT.slice(0, 13)}6` },
  { purpose: 'age', field: '#birth-date-key', credential: 'birthDateKey', wrong: '550218' },
] as const;

for (const c of WRONG_CODE) {
  test(`${c.purpose}: a wrong ${c.credential} comes back with the tries the card reports (10 → 9), cleared and focused, then the right one works`, async ({ page }) => {
    await choosePurpose(page, c.purpose);
    await placeCard(page, 'default');
    await expect(page.getByTestId(`tries-${c.credential}`)).toHaveText(text('cred.tries', 'ja', { n: 10 }));
    // The entry has the focus as soon as the screen appears.
    await expect(page.locator(c.field)).toBeFocused();
    await page.locator(c.field).fill(c.wrong);
    await startReading(page);
    const notice = page.getByTestId('credential-notice');
    await expect(notice).toHaveText(text('cred.notice.wrong', 'ja', { credential: text(`cred.name.${c.credential}`), n: 9 }), { timeout: 30_000 });
    await expect(page.getByTestId(`tries-${c.credential}`)).toHaveText(text('cred.tries', 'ja', { n: 9 }));
    // The wrong code is gone and its box has the focus; the usual slip is named.
    await expect(page.locator(c.field)).toHaveValue('');
    await expect(page.locator(c.field)).toBeFocused();
    await expect(page.getByTestId('slip-hint')).toHaveText(text(c.credential === 'codeB' ? 'cred.slip.codeB' : 'cred.slip.birthKey'));
    await fillFromCard(page);
    await startReading(page);
    expect(await resultOutcome(page)).toBe('verified');
  });
}

test('a wrong sign password (bank) shows its own counter (5 → 4) and keeps 照合番号B; only the password is cleared', async ({ page }) => {
  await choosePurpose(page, 'bank');
  await placeCard(page, 'default');
  await fillFromCard(page);
  await page.getByRole('button', { name: text('cred.toHandover') }).click();
  await expect(page.locator('#handover-heading')).toBeVisible();
  await page.locator('#sign-password').fill('WRONG99');
  await page.getByRole('button', { name: text('cred.submit') }).click();
  await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.wrong', 'ja', { credential: text('cred.name.signPassword'), n: 4 }), { timeout: 30_000 });
  await expect(page.locator('#handover-heading')).toBeVisible();
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 4 }));
  await expect(page.locator('#sign-password')).toHaveValue('');
  await expect(page.locator('#sign-password')).toBeFocused();
  // Back on the clerk's step, the correct 照合番号B is still there.
  await page.getByRole('button', { name: text('handover.back') }).click();
  expect(await codeBValue(page)).toBe(CODE_B_DEFAULT);
  // The customer types it on their own keypad this time.
  await page.getByRole('button', { name: text('cred.toHandover') }).click();
  for (const k of 'KAZASU1') await page.locator('.keypad').getByRole('button', { name: k, exact: true }).click();
  await expect(page.locator('#sign-password')).toHaveValue('KAZASU1');
  await page.getByRole('button', { name: text('cred.submit') }).click();
  expect(await resultOutcome(page)).toBe('verified');
});

test('one try left (last-try card, bank): refused without the confirmation, then verified with it', async ({ page }) => {
  await choosePurpose(page, 'bank');
  await placeCard(page, 'last-try');
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 1 }));
  await fillFromCard(page);
  await startReading(page);
  const notice = page.getByTestId('credential-notice');
  await expect(notice).toHaveText(text('cred.notice.lastTry', 'ja', { credential: text('cred.name.signPassword') }));
  await expect(page.getByText(text('cred.lastTry.warning', 'ja', { credential: text('cred.name.signPassword') }))).toBeVisible();
  // Nothing was sent: still one try left, and the screen kept what was typed; the agreement box has the focus.
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 1 }));
  await expect(page.locator('#sign-password')).not.toHaveValue('');
  await expect(page.getByLabel(text('cred.lastTry.confirm'))).toBeFocused();
  await page.getByLabel(text('cred.lastTry.confirm')).check();
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
});

test('a malformed code is caught on screen before the card is asked', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await enterCodeB(page, '5502');
  await startReading(page);
  await expect(page.locator('#code-b')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#code-b')).toBeFocused();
  await expect(page.getByText(text('format.code-b-not-14-digits'))).toBeVisible();
  await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.tries', 'ja', { n: 10 }));
});

test('entry that forgives: full-width digits and spaces pasted at once are normalised before any limit, spread 6/4/4', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  // The issue's own example: an IME or a paste with full-width digits and spaces.
  await enterCodeB(page, '５５０２１７ ２０３５ ２２８５');
  await expect(page.locator('#code-b')).toHaveValue('550217');
  await expect(page.locator('#code-b-expiry')).toHaveValue('2035');
  await expect(page.locator('#code-b-security')).toHaveValue('2285');
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
});

test('typing the boxes moves on by itself; a Western birth date becomes the era and its year', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await page.keyboard.type('19800217');
  await expect(page.locator('#code-b')).toHaveValue('550217');
  await expect(page.locator('input[data-era="showa"]')).toBeChecked();
  await expect(page.getByTestId('code-b-readback')).toContainText(text('entry.converted', 'ja', { western: '1980年2月17日' }));
  // The era picker names what does not exist: Reiwa 55 is in the future.
  await page.locator('label:has(input[data-era="reiwa"])').click();
  await expect(page.getByTestId('code-b-problem')).toHaveText(text('entry.birth.future', 'ja', { era: '令和' }));
  await page.locator('label:has(input[data-era="showa"])').click();
  await expect(page.getByTestId('code-b-problem')).toHaveCount(0);
  await page.locator('#code-b-expiry').click();
  await page.keyboard.type('20352285');
  await expect(page.locator('#code-b-expiry')).toHaveValue('2035');
  await expect(page.locator('#code-b-security')).toHaveValue('2285');
  await expect(page.locator('#code-b-security')).toBeFocused();
  expect(await codeBValue(page)).toBe(CODE_B_DEFAULT);
});

test('the folded helper builds 照合番号B from a Western birth date, expiry year and security code', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  // Folded by default.
  await expect(page.locator('#helper-codeB-year')).toBeHidden();
  await page.getByTestId('helper-fold').locator('summary').click();
  await page.locator('#helper-codeB-year').fill('1980');
  await page.locator('#helper-codeB-month').fill('2');
  await page.locator('#helper-codeB-day').fill('17');
  await expect(page.getByText(text('helper.era', 'ja', { wareki: '昭和55年2月17日', yy: '55' }))).toBeVisible();
  await page.locator('#helper-codeB-expiry').fill('2035');
  await page.locator('#helper-codeB-security').fill('2285');
  await page.getByRole('button', { name: text('helper.buildCodeB') }).click();
  expect(await codeBValue(page)).toBe(CODE_B_DEFAULT);
  await expect(page.locator('input[data-era="showa"]')).toBeChecked();
});

test('removing the card while entering codes goes back to placement with a notice', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await page.getByRole('button', { name: text('demo.remove') }).click();
  await expect(page.locator('#place-heading')).toBeVisible();
  await expect(page.getByText(text('notice.cardRemoved'))).toBeVisible();
});

test('a blocked 照合番号B is explained (municipal office), nothing more is sent, and the form cannot be edited', async ({ page }) => {
  test.setTimeout(120_000);
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  const wrong = `${CODE_B_DEFAULT.slice(0, 13)}6`;
  for (let left = 10; left > 1; left--) {
    await enterCodeB(page, wrong);
    await startReading(page);
    await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.tries', 'ja', { n: left - 1 }), { timeout: 30_000 });
  }
  // The last try needs the holder's agreement; used up, the key is blocked.
  await enterCodeB(page, wrong);
  await page.getByLabel(text('cred.lastTry.confirm')).check();
  await startReading(page);
  await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.triesBlocked'), { timeout: 30_000 });
  await expect(page.getByTestId('blocked-explain')).toHaveText(text('cred.blocked.explain', 'ja', { credential: text('cred.name.codeB') }));
  await expect(page.getByRole('button', { name: text('cred.submit') })).toHaveCount(0);
  for (const box of ['#code-b', '#code-b-expiry', '#code-b-security']) await expect(page.locator(box)).toBeDisabled();
  await expect(page.getByRole('button', { name: text('demo.fill') })).toHaveCount(0);
  // The one thing left to do is to stop.
  await page.getByTestId('action-bar').getByRole('button', { name: text('common.cancel') }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
});
