import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Language } from '../src/app/i18n/catalogue';
import {
  answerAll,
  CLERK,
  choosePurpose,
  CODE_B_DEFAULT,
  codeBValue,
  enterCodeB,
  fillFromCard,
  leaveAdmin,
  openAdmin,
  openKiosk,
  placeCard,
  resultOutcome,
  runCheck,
  SIZES,
  startReading,
  text,
} from './support/kiosk';

/**
 * Issue 11 as an untrained clerk meets it, in Japanese and English at 1280×800 and 800×1280:
 * what must be seen fits the screen, the primary action is always in view, staff answers are
 * explicit and enforced, failures say what to do next, entry forgives, the sign password is the
 * customer's own step, admin screens sit behind the operator PIN, and the smaller items.
 */

/** The element is entirely in the viewport and not under the sticky action bar. */
async function expectOnScreen(page: Page, target: Locator, what: string): Promise<void> {
  const box = await target.boundingBox();
  const bar = await page.getByTestId('action-bar').boundingBox();
  const vp = page.viewportSize()!;
  expect(box, `${what} is rendered`).not.toBeNull();
  expect(bar, 'the action bar is rendered').not.toBeNull();
  expect(box!.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} right edge`).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box!.y + box!.height, `${what} bottom edge (above the action bar at ${bar!.y})`).toBeLessThanOrEqual(bar!.y + 0.5);
}

async function expectActionInView(page: Page, action: Locator): Promise<void> {
  const box = await action.boundingBox();
  const vp = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.y + box!.height, 'the primary action is inside the viewport').toBeLessThanOrEqual(vp.height);
  expect(box!.y).toBeGreaterThanOrEqual(0);
}

for (const language of ['ja', 'en'] as const) {
  for (const size of SIZES) {
    const t = (key: Parameters<typeof text>[0], vars?: Record<string, string | number>) => text(key, language, vars);

    test.describe(`${language}, ${size.name} (${size.width}×${size.height})`, () => {
      test.beforeEach(async ({ page }) => {
        await page.setViewportSize({ width: size.width, height: size.height });
      });

      test('the result fits: verdict, photo, name, birth date, address, expiry and the primary action are on screen without scrolling', async ({ page }) => {
        await openKiosk(page, { language });
        expect(await runCheck(page, 'counter', 'default', language)).toBe('verified');
        await expect(page.getByTestId('face-photo')).toBeVisible({ timeout: 15_000 });
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        await expectOnScreen(page, page.getByTestId('outcome'), 'verdict');
        await expectOnScreen(page, page.getByTestId('face-photo'), 'photo');
        await expectOnScreen(page, page.getByTestId('detail-name'), 'name');
        await expectOnScreen(page, page.getByTestId('detail-birth-date'), 'birth date');
        await expectOnScreen(page, page.getByTestId('detail-address'), 'address');
        await expectOnScreen(page, page.getByTestId('detail-expiry'), 'expiry');
        await expectActionInView(page, page.getByTestId('primary-action'));
        await expect(page.getByTestId('primary-action')).toHaveText(t('result.toConfirm'));
        // The full check list is folded away.
        await expect(page.getByTestId('checks-fold')).not.toHaveAttribute('open', '');
        await expect(page.locator('li[data-check="face.card-face-signature"]')).toBeHidden();
        const photo = (await page.getByTestId('face-photo').boundingBox())!;
        const name = (await page.getByTestId('detail-name').boundingBox())!;
        if (size.name === 'portrait') {
          // The photo stacks above the details.
          expect(photo.y + photo.height).toBeLessThanOrEqual(name.y);
        } else {
          expect(photo.x + photo.width).toBeLessThanOrEqual(name.x);
        }
        // The card-face images at a readable size (≥ 380 px wide of 512), and larger on tap.
        const img = page.getByTestId('card-image').first();
        expect((await img.boundingBox())!.width).toBeGreaterThanOrEqual(380);
        await page.getByRole('button', { name: t('result.zoom', { what: t('result.nameImage') }) }).click();
        const zoomed = page.getByTestId('card-image-zoomed').first();
        await expect(zoomed).toBeVisible();
        expect((await zoomed.boundingBox())!.width).toBeGreaterThan((await img.boundingBox())!.width);
        await page.getByRole('button', { name: t('common.close') }).first().click();
        await expect(zoomed).toBeHidden();
      });

      test('staff confirmation is enforced: no answers → nothing saved; 一致しない → a failed record with its reason; answers and clerk in history', async ({ page }) => {
        test.setTimeout(120_000);
        await openKiosk(page, { language });
        expect(await runCheck(page, 'counter', 'default', language)).toBe('verified');
        await page.getByRole('button', { name: t('result.toConfirm') }).click();
        // The chip data to compare against is on the confirmation screen.
        for (const id of ['detail-name', 'detail-address', 'detail-birth-date', 'detail-expiry', 'detail-name-image', 'detail-address-image']) await expect(page.getByTestId(id)).toBeVisible();
        // Nothing is pre-selected, and recording without answers is refused on screen.
        await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
        await expectActionInView(page, page.getByTestId('primary-action'));
        await page.getByTestId('primary-action').click();
        await expect(page.getByTestId('confirm-missing')).toHaveText(t('confirm.missing', { n: 2 }));
        await expect(page.locator('#confirm-heading')).toBeVisible();
        await expect(page.getByRole('radio', { name: t('confirm.match') }).first()).toBeFocused();
        // The face does not match: the record is a failed one.
        await answerAll(page, language, { face: 'mismatch', 'printed-card': 'match' });
        await expect(page.getByTestId('confirm-mismatch')).toBeVisible();
        await expect(page.getByTestId('primary-action')).toHaveText(t('confirm.recordFailed'));
        await page.getByTestId('primary-action').click();
        await expect(page.locator('#done-heading')).toHaveText(t('done.headingFailed'), { timeout: 30_000 });
        await expect(page.getByTestId('evidence-status')).toHaveText(`✗ ${t('done.savedMismatch')}`);
        await page.getByRole('button', { name: t('done.next') }).click();
        // History (behind the PIN) shows the 職員確認 column with each answer, and the clerk.
        await openAdmin(page, 'history', language);
        await expect(page.getByRole('columnheader', { name: t('history.col.staff') })).toBeVisible();
        const answers = [t('history.staff.answer', { item: t('staffItem.face'), answer: t('confirm.mismatch') }), t('history.staff.answer', { item: t('staffItem.printed-card'), answer: t('confirm.match') })];
        await expect(page.getByTestId('history-staff').first()).toHaveText(t('history.staff.mismatch', { answers: answers.join(t('list.separator')) }));
        await expect(page.getByRole('row').nth(1)).toContainText(t('result.outcome.failed'));
        await expect(page.getByRole('row').nth(1)).toContainText(CLERK);
      });

      test('a failed chip check: plain title, one next step, and "record as failed" as the primary action', async ({ page }) => {
        await openKiosk(page, { language });
        expect(await runCheck(page, 'counter', 'forged-face-photo-tampered', language)).toBe('failed');
        await expect(page.getByTestId('outcome-reasons')).toContainText(t('check.face.card-face-signature'));
        await expect(page.getByTestId('next-step').first()).toHaveText(t('next.photo-digest-mismatch'));
        // Technical names only in the 詳細 fold.
        await expect(page.getByTestId('outcome-reasons')).not.toContainText('券面事項確認AP');
        await expect(page.getByTestId('primary-action')).toHaveText(t('result.recordFailed'));
        await expectActionInView(page, page.getByTestId('primary-action'));
        await page.getByTestId('primary-action').click();
        await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-outcome', 'failed', { timeout: 30_000 });
        await expect(page.getByTestId('evidence-status')).toHaveText(`✗ ${t('done.savedFailed')}`);
      });

      test('no displayable photo: amber, plain words, and the face is compared with the printed photo', async ({ page, context }) => {
        // The photo decoder cannot load (its WebAssembly is refused): the chip photo cannot be shown.
        await context.route(/\.wasm(\?|$)/, (route) => route.abort());
        await openKiosk(page, { language });
        expect(await runCheck(page, 'counter', 'default', language)).toBe('verified');
        await expect(page.getByTestId('photo-failed')).toBeVisible({ timeout: 30_000 });
        await expect(page.getByTestId('outcome')).toHaveAttribute('data-verdict', 'attention');
        await expect(page.locator('#result-heading')).toHaveText(t('result.outcome.verifiedNoPhoto'));
        await expect(page.getByTestId('outcome')).toContainText(t('result.explain.noPhoto'));
        // The error code is only in the 詳細 fold.
        await expect(page.getByTestId('photo-failed').locator('code')).toBeHidden();
        await page.getByRole('button', { name: t('result.toConfirm') }).click();
        await expect(page.getByTestId('confirm-no-photo')).toBeVisible();
        await expect(page.locator('fieldset[data-item="face"] legend')).toHaveText(t('confirm.q.facePrinted'));
        await answerAll(page, language);
        await page.getByTestId('primary-action').click();
        await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true', { timeout: 30_000 });
      });

      test('entry forgives: pasted full-width code, a wrong code clears only itself with the usual slip; the bank password is the customer\'s own step', async ({ page }) => {
        test.setTimeout(120_000);
        await openKiosk(page, { language });
        await choosePurpose(page, 'bank');
        await placeCard(page, 'default');
        await expect(page.locator('#code-b')).toBeFocused();
        await enterCodeB(page, `５５０２１７ ２０３５ ２２８６`);
        expect(await codeBValue(page)).toBe(`${CODE_B_DEFAULT.slice(0, 13)}6`);
        await expectActionInView(page, page.getByRole('button', { name: t('cred.toHandover') }));
        await page.getByRole('button', { name: t('cred.toHandover') }).click();
        await expect(page.locator('#handover-heading')).toHaveText(t('handover.heading'));
        for (const k of 'KAZASU1') await page.locator('.keypad').getByRole('button', { name: k, exact: true }).click();
        await expectActionInView(page, page.getByRole('button', { name: t('cred.submit') }));
        await page.getByRole('button', { name: t('cred.submit') }).click();
        // 照合番号B was wrong: back to the clerk's step, only it cleared and focused; the password is kept.
        await expect(page.getByTestId('credential-notice')).toHaveText(t('cred.notice.wrong', { credential: t('cred.name.codeB'), n: 9 }), { timeout: 30_000 });
        await expect(page.getByTestId('slip-hint')).toHaveText(t('cred.slip.codeB'));
        await expect(page.locator('#code-b')).toBeFocused();
        expect(await codeBValue(page)).toBe('');
        await enterCodeB(page, CODE_B_DEFAULT);
        await page.getByRole('button', { name: t('cred.toHandover') }).click();
        await expect(page.locator('#sign-password')).toHaveValue('KAZASU1');
        await page.getByRole('button', { name: t('cred.submit') }).click();
        expect(await resultOutcome(page)).toBe('verified');
      });

      test('a blocked sign password leaves the form non-editable; cancelling is the one action left', async ({ page }) => {
        await openKiosk(page, { language });
        await choosePurpose(page, 'bank');
        await placeCard(page, 'last-try');
        await fillFromCard(page, language);
        await page.getByRole('button', { name: t('cred.toHandover') }).click();
        await page.locator('#sign-password').fill('WRONG999');
        await page.getByLabel(t('cred.lastTry.confirm')).check();
        await page.getByRole('button', { name: t('cred.submit') }).click();
        await expect(page.getByTestId('tries-signPassword')).toHaveText(t('cred.triesBlocked'), { timeout: 30_000 });
        await expect(page.getByTestId('blocked-explain')).toHaveText(t('cred.blocked.explain', { credential: t('cred.name.signPassword') }));
        await expect(page.locator('#sign-password')).toBeDisabled();
        for (const key of await page.locator('.keypad button').all()) await expect(key).toBeDisabled();
        await expect(page.getByRole('button', { name: t('cred.submit') })).toHaveCount(0);
        await page.getByRole('button', { name: t('handover.back') }).click();
        await expect(page.locator('#code-b')).toBeDisabled();
        await expectActionInView(page, page.getByTestId('action-bar').getByRole('button', { name: t('common.cancel') }));
      });

      test('offline bank check: the next step says so, and "check revocation again" really asks again', async ({ page, context }) => {
        await openKiosk(page, { language });
        await choosePurpose(page, 'bank');
        await placeCard(page, 'default');
        await fillFromCard(page, language);
        await context.setOffline(true);
        await startReading(page, language);
        expect(await resultOutcome(page)).toBe('incomplete');
        await expect(page.getByTestId('outcome-reasons')).toContainText(t('next.revocation-pending'));
        await expect(page.getByTestId('primary-action')).toHaveText(t('result.recheck'));
        await expectActionInView(page, page.getByTestId('primary-action'));
        await context.setOffline(false);
        await page.getByTestId('primary-action').click();
        await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'verified');
        await expect(page.getByTestId('recheck-status')).toHaveText(t('result.recheck.answered'));
      });

      test('a card whose PINs are locked verifies, with a hint to tell the customer', async ({ page }) => {
        await openKiosk(page, { language });
        expect(await runCheck(page, 'counter', 'locked-pin', language)).toBe('verified');
        await expect(page.getByTestId('locked-keys')).toHaveText(t('result.lockedKeys', { keys: [t('lockedKey.text-pin'), t('lockedKey.auth-pin')].join(t('list.separator')) }), { timeout: 15_000 });
      });

      test('admin behind the operator PIN set at first setup; the clerk is chosen on the counter screen without a password', async ({ page }) => {
        await openKiosk(page, { language, clerks: ['山田', 'E-0042'] });
        // Two clerks: no check starts before one is picked.
        await expect(page.getByTestId('needs-clerk')).toHaveText(t('purpose.chooseClerkFirst'));
        await expect(page.locator('button[data-purpose="counter"]')).toBeDisabled();
        await page.getByRole('button', { name: 'E-0042' }).click();
        await expect(page.locator('button[data-purpose="counter"]')).toBeEnabled();
        for (const view of ['history', 'settings'] as const) {
          await page.getByRole('button', { name: t(view === 'history' ? 'nav.history' : 'nav.settings') }).click();
          await expect(page.locator('#operator-pin')).toBeVisible({ timeout: 30_000 });
          // Nothing of the admin screen shows before the PIN.
          await expect(page.getByTestId(view === 'history' ? 'history-count' : 'trust-mode')).toHaveCount(0);
          await page.getByLabel(t('pin.label'), { exact: true }).fill('11111111');
          await page.getByRole('button', { name: t('pin.unlock') }).click();
          await expect(page.getByTestId('pin-error')).toHaveText(t('pin.wrongLeft', { n: view === 'history' ? 4 : 3 }), { timeout: 30_000 });
          await page.getByRole('button', { name: t('nav.back') }).click();
        }
        await openAdmin(page, 'settings', language);
        await expect(page.getByTestId('clerk-list')).toContainText('E-0042');
        await leaveAdmin(page, language);
        // Leaving locks: the PIN is asked again.
        await page.getByRole('button', { name: t('nav.settings') }).click();
        await expect(page.locator('#operator-pin')).toBeVisible();
      });

      test('the purpose titles never break inside a word (現場確認（オフライン）), and the Japanese font is the kiosk\'s own', async ({ page }) => {
        await openKiosk(page, { language });
        const lines = await page.locator('button[data-purpose="field"] .purpose-title').evaluate((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(lines).toBe(1);
        await page.evaluate(() => document.fonts.ready);
        expect(await page.evaluate(() => document.fonts.check('20px "Kazasu Sans JP"', '確認の目的'))).toBe(true);
        const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Kazasu Sans JP' && f.status === 'loaded').length);
        expect(loaded).toBeGreaterThan(0);
      });
    });
  }
}

test('choosing a reader whose chooser is cancelled keeps the reader in use', async ({ page }) => {
  // A WebUSB whose device chooser is closed without a choice (NotFoundError), as a clerk cancelling it.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'usb', {
      configurable: true,
      value: {
        getDevices: async () => [],
        requestDevice: async () => {
          throw new DOMException('No device selected.', 'NotFoundError');
        },
        addEventListener() {},
        removeEventListener() {},
      },
    });
  });
  await openKiosk(page);
  await openAdmin(page, 'settings');
  const current = text('settings.reader.current', 'ja', { name: text('reader.path.demo') });
  await expect(page.getByTestId('reader-current')).toHaveText(current);
  await page.getByTestId('reader-path-webusb-port100').getByRole('button', { name: text('settings.reader.use') }).click();
  await expect(page.getByTestId('reader-problem')).toContainText(text('reader.reason.chooser-cancelled'));
  await expect(page.getByTestId('reader-current')).toHaveText(current);
  // …and the simulated reader still reads.
  await leaveAdmin(page);
  expect(await runCheck(page, 'counter')).toBe('verified');
});

export type { Language };
