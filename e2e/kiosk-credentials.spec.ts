import { expect, test } from '@playwright/test';
import { CODE_B_DEFAULT, choosePurpose, fillFromCard, openKiosk, placeCard, resultOutcome, startReading, text } from './support/kiosk';

/** Tries shown before entry, wrong codes with the counter, the last-try confirmation, format checks, card removal. */

test.beforeEach(async ({ page }) => {
  await openKiosk(page);
});

const WRONG_CODE = [
  { purpose: 'counter', field: '#code-b', credential: 'codeB', wrong: `${CODE_B_DEFAULT.slice(0, 13)}6` },
  { purpose: 'field', field: '#code-b', credential: 'codeB', wrong: `${CODE_B_DEFAULT.slice(0, 13)}6` },
  { purpose: 'age', field: '#birth-date-key', credential: 'birthDateKey', wrong: '550218' },
] as const;

for (const c of WRONG_CODE) {
  test(`${c.purpose}: a wrong ${c.credential} comes back with the tries the card reports (10 → 9), then the right one works`, async ({ page }) => {
    await choosePurpose(page, c.purpose);
    await placeCard(page, 'default');
    await expect(page.getByTestId(`tries-${c.credential}`)).toHaveText(text('cred.tries', 'ja', { n: 10 }));
    await page.locator(c.field).fill(c.wrong);
    await startReading(page);
    const notice = page.getByTestId('credential-notice');
    await expect(notice).toHaveText(text('cred.notice.wrong', 'ja', { credential: text(`cred.name.${c.credential}`), n: 9 }), { timeout: 30_000 });
    await expect(notice).toBeFocused();
    await expect(page.getByTestId(`tries-${c.credential}`)).toHaveText(text('cred.tries', 'ja', { n: 9 }));
    // The typed code is gone after the attempt; the right one still works.
    await expect(page.locator(c.field)).toHaveValue('');
    await fillFromCard(page);
    await startReading(page);
    expect(await resultOutcome(page)).toBe('verified');
  });
}

test('a wrong sign password (bank) shows its own counter (5 → 4)', async ({ page }) => {
  await choosePurpose(page, 'bank');
  await placeCard(page, 'default');
  await fillFromCard(page);
  await page.locator('#sign-password').fill('WRONG99');
  await startReading(page);
  await expect(page.getByTestId('credential-notice')).toHaveText(
    text('cred.notice.wrong', 'ja', { credential: text('cred.name.signPassword'), n: 4 }),
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 4 }));
});

test('one try left (last-try card, bank): refused without the confirmation, then verified with it', async ({ page }) => {
  await choosePurpose(page, 'bank');
  await placeCard(page, 'last-try');
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 1 }));
  await expect(page.getByText(text('cred.lastTry.warning', 'ja', { credential: text('cred.name.signPassword') }))).toBeVisible();
  await fillFromCard(page);
  await startReading(page);
  const notice = page.getByTestId('credential-notice');
  await expect(notice).toHaveText(text('cred.notice.lastTry', 'ja', { credential: text('cred.name.signPassword') }));
  // Nothing was sent: still one try left, and the screen kept what was typed.
  await expect(page.getByTestId('tries-signPassword')).toHaveText(text('cred.tries', 'ja', { n: 1 }));
  await expect(page.locator('#sign-password')).not.toHaveValue('');
  await page.getByLabel(text('cred.lastTry.confirm')).check();
  await startReading(page);
  expect(await resultOutcome(page)).toBe('verified');
});

test('a malformed code is caught on screen before the card is asked', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await page.locator('#code-b').fill('5502');
  await startReading(page);
  await expect(page.locator('#code-b')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#code-b')).toBeFocused();
  await expect(page.getByText(text('format.code-b-not-14-digits'))).toBeVisible();
  await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.tries', 'ja', { n: 10 }));
});

test('the helper builds 照合番号B from the birth date, expiry year and security code, showing the era year', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await page.locator('#helper-codeB-year').fill('1980');
  await page.locator('#helper-codeB-month').fill('2');
  await page.locator('#helper-codeB-day').fill('17');
  await expect(page.getByText(text('helper.era', 'ja', { wareki: '昭和55年2月17日', yy: '55' }))).toBeVisible();
  await page.locator('#helper-codeB-expiry').fill('2035');
  await page.locator('#helper-codeB-security').fill('2285');
  await page.getByRole('button', { name: text('helper.buildCodeB') }).click();
  await expect(page.locator('#code-b')).toHaveValue(CODE_B_DEFAULT);
});

test('removing the card while entering codes goes back to placement with a notice', async ({ page }) => {
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  await page.getByRole('button', { name: text('demo.remove') }).click();
  await expect(page.locator('#place-heading')).toBeVisible();
  await expect(page.getByText(text('notice.cardRemoved'))).toBeVisible();
});

test('a blocked 照合番号B is explained (municipal office) and nothing more is sent', async ({ page }) => {
  test.setTimeout(120_000);
  await choosePurpose(page, 'counter');
  await placeCard(page, 'default');
  const wrong = `${CODE_B_DEFAULT.slice(0, 13)}6`;
  for (let left = 10; left > 1; left--) {
    await page.locator('#code-b').fill(wrong);
    await startReading(page);
    await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.tries', 'ja', { n: left - 1 }), { timeout: 30_000 });
  }
  // The last try needs the holder's agreement; used up, the key is blocked.
  await page.locator('#code-b').fill(wrong);
  await page.getByLabel(text('cred.lastTry.confirm')).check();
  await startReading(page);
  await expect(page.getByTestId('tries-codeB')).toHaveText(text('cred.triesBlocked'), { timeout: 30_000 });
  await expect(page.getByTestId('blocked-explain')).toHaveText(text('cred.blocked.explain', 'ja', { credential: text('cred.name.codeB') }));
  await expect(page.getByRole('button', { name: text('cred.submit') })).toBeDisabled();
});
