import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { Language, MessageKey } from '../src/app/i18n/catalogue';
import { DL_CREDENTIAL_TEXT } from '../src/verify/licence/licence-checks';
import { answerAll, choosePurpose, expectAccessible, openKiosk, resultOutcome, saveScreenshot, SIZES, text, type SizeName } from './support/kiosk';

/**
 * The driver's licence and the マイナ免許証 in the kiosk, end to end in demo mode (issue 14 "done
 * when"): every simulated licence profile verifies or fails with its own reason, the PINs are typed
 * on the holder's keypad on the hand-over step with each counter shown before entry, the last try
 * is refused until the holder confirms, a blocked PIN is explained (運転免許センター), a wrong PIN
 * shows the lowered counter and is never sent again by itself, and the licence's thrown codes are
 * plain words with a next step (the code only behind 詳細). The size/language matrix runs on the
 * main flows only, to keep the spec short. Demo mode installs the simulated licence issuers, so
 * `dl.signature` passes here; the counter-vs-bank policy for `dl-issuer-certificate-not-installed`
 * is covered in Node (tests/licence).
 *
 * Screenshots: e2e/screenshots/dl-*.png, and with KAZASU_SHOTS_DIR also <dir>/<screen>-<lang>-<w>x<h>.png.
 */

const DRIVER_TITLE = { ja: '運転免許証', en: "Driver's licence" } as const;

async function shot(page: Page, screen: string, language: Language, size: SizeName): Promise<void> {
  await saveScreenshot(page, `dl-${screen}`, language, size);
  const dir = process.env.KAZASU_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const { width, height } = SIZES.find((s) => s.name === size)!;
  await page.screenshot({ path: `${dir}/${screen}-${language}-${width}x${height}.png` });
}

async function begin(page: Page, language: Language, size: SizeName = 'landscape', purpose: 'counter' | 'bank' | 'field' = 'counter'): Promise<void> {
  await page.setViewportSize(SIZES.find((s) => s.name === size)!);
  await openKiosk(page, { language });
  await choosePurpose(page, purpose);
}

/** Place a licence (staff choose 運転免許証 first for a マイナ免許証, which is a My Number Card) and wait for the PIN step. */
async function placeLicence(page: Page, cardId: string, language: Language, chooseLicence = false): Promise<void> {
  if (chooseLicence) await page.getByTestId('document-picker').getByRole('radio', { name: DRIVER_TITLE[language] }).check();
  await page.locator(`button[data-card-id="${cardId}"]`).click();
  await expect(page.locator('#handover-heading')).toHaveText(text('handover.heading', language), { timeout: 30_000 });
}

/** Type a PIN on the holder's on-screen keys (the field becomes active by tapping it). */
async function typeOnKeypad(page: Page, kind: 'pin1' | 'pin2', digits: string): Promise<void> {
  await page.getByTestId(`credential-${kind}`).click();
  const keypad = page.locator('.keypad-digits');
  for (const d of digits) await keypad.getByRole('button', { name: d, exact: true }).click();
  await expect(page.getByTestId(`credential-${kind}`)).toHaveValue(digits);
}

async function submit(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: text('cred.submit', language) }).click();
}

async function fillDemoPins(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: text('demo.fillPins', language) }).click();
}

// ---------------------------------------------------------------- main flow, both sizes, ja and en

for (const language of ['ja', 'en'] as const) {
  test(`licence-default at the counter (${language}, both sizes): counters before entry, keypad, result, confirm, record`, async ({ page }) => {
    await begin(page, language);
    await placeLicence(page, 'licence-default', language);
    // Each PIN's counter is on screen before anything is typed; nothing was sent.
    await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', language, { n: 3 }));
    await expect(page.getByTestId('tries-pin2')).toHaveText(text('cred.tries', language, { n: 3 }));
    await expect(page.locator('label[for="cred-pin1"]')).toHaveText(text('cred.name.pin1', language));
    await expect(page.locator('label[for="cred-pin2"]')).toHaveText(text('cred.name.pin2', language));
    await expect(page.getByTestId('pin-not-set')).toHaveText(text('cred.notSet', language));
    await expect(page.getByTestId('credential-pin1')).toHaveAttribute('type', 'password');
    await shot(page, 'pin-entry', language, 'landscape');
    await expectAccessible(page, `licence PIN entry ${language}`);
    // PIN1 on the on-screen keys; the keypad moves on to PIN2 by itself.
    await typeOnKeypad(page, 'pin1', '1234');
    await expect(page.locator('.pin-field-active #cred-pin2')).toHaveCount(1);
    for (const d of '5678') await page.locator('.keypad-digits').getByRole('button', { name: d, exact: true }).click();
    await expect(page.getByTestId('credential-pin2')).toHaveValue('5678');
    await page.setViewportSize(SIZES[1]);
    await shot(page, 'pin-entry', language, 'portrait');
    await expect(page.getByRole('button', { name: text('cred.submit', language) })).toBeInViewport();
    await expectAccessible(page, `licence PIN entry portrait ${language}`);
    await page.setViewportSize(SIZES[0]);
    await submit(page, language);
    expect(await resultOutcome(page)).toBe('verified');
    await expect(page.getByTestId('photo-figure')).toBeVisible();
    await expect(page.getByTestId('holder-name')).toContainText('桧山');
    await expect(page.getByTestId('licence-colour')).toBeVisible();
    await expect(page.locator('li.check-row[data-check="dl.signature"]')).toHaveAttribute('data-status', 'pass');
    await shot(page, 'result-licence-default', language, 'landscape');
    await expect(page.getByTestId('primary-action')).toBeInViewport();
    await expectAccessible(page, `licence result ${language}`);
    await page.setViewportSize(SIZES[1]);
    await shot(page, 'result-licence-default', language, 'portrait');
    await expect(page.getByTestId('primary-action')).toBeInViewport();
    await expect(page.getByTestId('photo-figure')).toBeInViewport();
    await page.getByTestId('primary-action').click();
    await expect(page.locator('#confirm-heading')).toBeVisible();
    await answerAll(page, language);
    await page.getByTestId('primary-action').click();
    await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true');
  });
}

// ---------------------------------------------------------------- results to look at: moved, 外字, マイナ免許証

const LOOK_AT = [
  { id: 'licence-moved', check: async (page: Page) => {
    await expect(page.getByTestId('address-original')).toBeVisible();
    await expect(page.getByTestId('address-change').first()).toBeVisible();
  } },
  { id: 'licence-gaiji-name', check: async (page: Page) => {
    await expect(page.getByTestId('gaiji-glyph').first()).toBeVisible();
    await expect(page.getByTestId('gaiji-flag').first()).toBeVisible();
  } },
  { id: 'mynumber-licence', mnc: true, check: async (page: Page, language: Language) => {
    await expect(page.locator('.details-heading, h2, h3').filter({ hasText: text('dl.headingMnc', language) }).first()).toBeVisible();
  } },
] as const;

for (const card of LOOK_AT) {
  for (const language of ['ja', 'en'] as const) {
    test(`${card.id} verifies and shows what the clerk compares (${language}, both sizes)`, async ({ page }) => {
      const mnc = 'mnc' in card && card.mnc;
      await begin(page, language);
      await placeLicence(page, card.id, language, mnc);
      if (mnc) {
        // One PIN on a マイナ免許証, named as its own (neither a licence PIN1 nor a My Number PIN).
        await expect(page.locator('label[for="cred-pin1"]')).toHaveText(text('cred.name.pin1.mynumberLicence', language));
        await expect(page.getByTestId('credential-pin2')).toHaveCount(0);
        await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', language, { n: 10 }));
        await shot(page, 'pin-entry-mynumber-licence', language, 'landscape');
        await expectAccessible(page, `マイナ免許証 PIN entry ${language}`);
      }
      await fillDemoPins(page, language);
      await submit(page, language);
      expect(await resultOutcome(page)).toBe('verified');
      await card.check(page, language);
      await shot(page, `result-${card.id}`, language, 'landscape');
      await expect(page.getByTestId('primary-action')).toBeInViewport();
      await expectAccessible(page, `${card.id} result ${language}`);
      await page.setViewportSize(SIZES[1]);
      await shot(page, `result-${card.id}`, language, 'portrait');
      await expect(page.getByTestId('primary-action')).toBeInViewport();
    });
  }
}

// ---------------------------------------------------------------- every other profile, one language each

test('licence-no-pins: 「暗証番号を設定していない」 sends **** and the licence verifies (ja)', async ({ page }) => {
  await begin(page, 'ja');
  await placeLicence(page, 'licence-no-pins', 'ja');
  await page.getByTestId('pin-not-set').click();
  expect(await resultOutcome(page)).toBe('verified');
});

test('mynumber-licence-no-pin: the not-set button on a マイナ免許証 (en)', async ({ page }) => {
  await begin(page, 'en');
  await placeLicence(page, 'mynumber-licence-no-pin', 'en', true);
  await page.getByTestId('pin-not-set').click();
  expect(await resultOutcome(page)).toBe('verified');
});

test('licence-many-classes verifies with every class listed (en)', async ({ page }) => {
  await begin(page, 'en');
  await placeLicence(page, 'licence-many-classes', 'en');
  await fillDemoPins(page, 'en');
  await submit(page, 'en');
  expect(await resultOutcome(page)).toBe('verified');
  await expect(page.locator('.details-licence, .confirm-data, main').getByText(text('dl.classes', 'en')).first()).toBeVisible();
});

test('licence-expired fails on the expiry, with a next step (ja)', async ({ page }) => {
  await begin(page, 'ja');
  await placeLicence(page, 'licence-expired', 'ja');
  await fillDemoPins(page, 'ja');
  await submit(page, 'ja');
  expect(await resultOutcome(page)).not.toBe('verified');
  await expect(page.getByTestId('outcome-reasons').locator('[data-reason="dl.expiry"]')).toBeVisible();
  await expect(page.getByTestId('outcome-reasons').getByTestId('next-step').first()).not.toBeEmpty();
});

// ---------------------------------------------------------------- PIN safety end to end

for (const language of ['ja', 'en'] as const) {
  test(`licence-pin1-last-try: the last try is refused until the holder confirms (${language})`, async ({ page }) => {
    await begin(page, language);
    await placeLicence(page, 'licence-pin1-last-try', language);
    await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', language, { n: 1 }));
    await expect(page.getByTestId('tries-pin1')).toHaveClass(/tries-danger/);
    await expect(page.getByTestId('last-try-pin1')).toHaveText(text('cred.lastTry.warning.pin1', language, { credential: text('cred.name.pin1', language) }));
    await fillDemoPins(page, language);
    await submit(page, language);
    // Refused by the kiosk: nothing was sent, the counter still says 1.
    await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.lastTry', language, { credential: text('cred.name.pin1', language) }));
    await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', language, { n: 1 }));
    await expect(page.getByTestId('credential-pin1')).toHaveValue('4321');
    await shot(page, 'pin-last-try', language, 'landscape');
    await expectAccessible(page, `licence last try ${language}`);
    await page.getByLabel(text('cred.lastTry.confirm', language)).check();
    await submit(page, language);
    expect(await resultOutcome(page)).toBe('verified');
  });

  test(`licence-pin1-blocked: explained with 運転免許センター, nothing can be sent (${language}, both sizes)`, async ({ page }) => {
    await begin(page, language);
    await placeLicence(page, 'licence-pin1-blocked', language);
    await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.triesBlocked', language));
    await expect(page.getByTestId('blocked-explain')).toHaveText(text('cred.blocked.explain.pin1', language, { credential: text('cred.name.pin1', language) }));
    await expect(page.getByTestId('credential-pin1')).toBeDisabled();
    await expect(page.getByRole('button', { name: text('cred.submit', language) })).toHaveCount(0);
    await expect(page.locator('.keypad-digits button').first()).toBeDisabled();
    await shot(page, 'pin-blocked', language, 'landscape');
    await expectAccessible(page, `licence blocked ${language}`);
    await page.setViewportSize(SIZES[1]);
    await shot(page, 'pin-blocked', language, 'portrait');
    await expect(page.getByTestId('blocked-explain')).toBeInViewport();
  });
}

test('a wrong PIN1 shows the lowered counter, keeps PIN2, and is never sent again by itself (ja)', async ({ page }) => {
  await begin(page, 'ja', 'portrait');
  await placeLicence(page, 'licence-default', 'ja');
  await typeOnKeypad(page, 'pin1', '9999');
  await typeOnKeypad(page, 'pin2', '5678');
  await submit(page, 'ja');
  await expect(page.getByTestId('credential-notice')).toHaveText(text('cred.notice.wrong', 'ja', { credential: text('cred.name.pin1', 'ja'), n: 2 }), { timeout: 30_000 });
  await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', 'ja', { n: 2 }));
  await expect(page.getByTestId('tries-pin2')).toHaveText(text('cred.tries', 'ja', { n: 3 }));
  // Only the wrong PIN is cleared; the kiosk waits for the holder (no second VERIFY by itself).
  await expect(page.getByTestId('credential-pin1')).toHaveValue('');
  await expect(page.getByTestId('credential-pin2')).toHaveValue('5678');
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('tries-pin1')).toHaveText(text('cred.tries', 'ja', { n: 2 }));
  await shot(page, 'pin-wrong', 'ja', 'portrait');
  await expectAccessible(page, 'licence wrong PIN');
  await typeOnKeypad(page, 'pin1', '1234');
  await submit(page, 'ja');
  expect(await resultOutcome(page)).toBe('verified');
});

// ---------------------------------------------------------------- thrown codes as plain words

for (const c of [
  { card: 'licence-default', code: 'licence-pin-is-set', language: 'ja', act: async (page: Page) => page.getByTestId('pin-not-set').click() },
  { card: 'licence-no-pins', code: 'licence-pin-not-set', language: 'en', act: async (page: Page) => {
    await typeOnKeypad(page, 'pin1', '1234');
    await typeOnKeypad(page, 'pin2', '5678');
    await submit(page, 'en');
  } },
  { card: 'forged-frozen-counter', code: 'licence-retry-counter-inconsistent', language: 'ja', act: async (page: Page) => {
    await typeOnKeypad(page, 'pin1', '0000');
    await typeOnKeypad(page, 'pin2', '5678');
    await submit(page, 'ja');
  } },
] as const) {
  test(`${c.code} is explained in plain words with a next step, the code behind 詳細 (${c.card}, ${c.language})`, async ({ page }) => {
    await begin(page, c.language);
    await placeLicence(page, c.card, c.language);
    await c.act(page);
    const notice = page.getByTestId('card-error');
    await expect(notice).toHaveAttribute('data-code', c.code, { timeout: 30_000 });
    await expect(notice.locator('.card-error-what')).toHaveText(DL_CREDENTIAL_TEXT[c.code][c.language]);
    await expect(notice.locator('.card-error-next')).toHaveText(text(`cardError.next.${c.code}` as MessageKey, c.language));
    // The raw code is not on the main screen, only inside the closed fold.
    await expect(page.getByText(c.code, { exact: false })).toBeHidden();
    await notice.getByTestId('card-error-details').locator('summary').click();
    await expect(notice.getByTestId('card-error-details')).toContainText(c.code);
    await expect(page.getByRole('button', { name: text('place.retry', c.language) })).toBeInViewport();
    await shot(page, `error-${c.code}`, c.language, 'landscape');
    await expectAccessible(page, `licence error ${c.code}`);
  });
}

test('a card that reports an impossible counter is stopped before any PIN (forged-wrong-counter, en)', async ({ page }) => {
  await begin(page, 'en');
  await page.locator('button[data-card-id="forged-wrong-counter"]').click();
  const notice = page.getByTestId('card-error');
  await expect(notice).toHaveAttribute('data-code', 'licence-retry-counter-implausible', { timeout: 30_000 });
  await expect(notice.locator('.card-error-what')).toHaveText(DL_CREDENTIAL_TEXT['licence-retry-counter-implausible'].en);
  await expect(page.locator('#handover-heading')).toHaveCount(0);
});

// ---------------------------------------------------------------- forgeries

for (const f of [
  { id: 'forged-entries-altered', check: 'dl.signature', language: 'ja' },
  { id: 'forged-change-record-future', check: 'dl.change-records', language: 'en' },
] as const) {
  test(`${f.id} fails with its reason (${f.language})`, async ({ page }) => {
    await begin(page, f.language);
    await placeLicence(page, f.id, f.language);
    await fillDemoPins(page, f.language);
    await submit(page, f.language);
    expect(await resultOutcome(page)).toBe('failed');
    await expect(page.getByTestId('outcome-reasons').locator(`[data-reason="${f.check}"]`)).toBeVisible();
    await expect(page.getByTestId('primary-action')).toHaveText(text('result.recordFailed', f.language));
    await expect(page.getByTestId('primary-action')).toBeInViewport();
    await shot(page, `result-${f.id}`, f.language, 'landscape');
    await expectAccessible(page, `licence forgery ${f.id}`);
  });
}
