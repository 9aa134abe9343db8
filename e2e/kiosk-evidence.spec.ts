import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CLERK, CODE_B_DEFAULT, completeCheck, confirmAndRecord, HOLDER, leaveAdmin, openAdmin, openKiosk, OPERATOR_PIN, runCheck, text, textPattern } from './support/kiosk';

/**
 * Evidence: a completed check is recorded; History (behind the operator PIN) verifies the chain,
 * exports JSON and CSV (with the records, without 照合番号B, passwords or PINs), and spots an
 * edited record.
 */

const SIGN_PASSWORD = 'KAZASU1';

/** History behind the operator PIN set at first setup (openKiosk). */
async function openHistory(page: Page): Promise<void> {
  await openAdmin(page, 'history');
  await expect(page.getByTestId('history-count')).not.toBeEmpty({ timeout: 30_000 });
}

async function downloadText(page: Page, button: string): Promise<{ name: string; body: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), body: readFileSync(await download.path(), 'utf8') };
}

test('after a counter and a bank check: PIN set, chain verified, JSON and CSV exported without secrets', async ({ page }) => {
  test.setTimeout(120_000);
  await openKiosk(page);
  await completeCheck(page, 'counter');
  await completeCheck(page, 'bank');

  await openHistory(page);
  await expect(page.getByTestId('history-count')).toHaveText(text('history.count', 'ja', { n: 2 }));
  await page.getByRole('button', { name: text('history.verify') }).click();
  await expect(page.getByTestId('history-message')).toHaveText(text('history.chainOk', 'ja', { n: 2 }), { timeout: 30_000 });
  // The 職員確認 column: each answer (the bank check also asked for the application form).
  const staff = page.getByTestId('history-staff');
  await expect(staff).toHaveCount(2);
  await expect(staff.nth(0)).toContainText(text('history.staff.answer', 'ja', { item: text('staffItem.application-form'), answer: text('confirm.match') }));
  await expect(staff.nth(1)).toHaveText(text('history.staff.confirmed', 'ja', { answers: [text('staffItem.face'), text('staffItem.printed-card')].map((item) => text('history.staff.answer', 'ja', { item, answer: text('confirm.match') })).join(text('list.separator')) }));

  const json = await downloadText(page, text('history.exportJson'));
  expect(json.name).toMatch(/^kazasu-evidence-\d{8}-\d{4}\.json$/);
  const parsed = JSON.parse(json.body) as {
    records: { purpose?: string; operatorId: string; personal?: { name?: string }; outcome?: string; staffConfirmations: { result: string; confirmedBy: string; answers: { item: string; answer: string; by: string }[] } }[];
  };
  expect(parsed.records.map((r) => r.purpose)).toEqual(['counter', 'bank']);
  expect(parsed.records.every((r) => r.operatorId === CLERK && r.outcome === 'verified')).toBe(true);
  // Each answer and the clerk who gave it.
  expect(parsed.records[0]!.staffConfirmations).toMatchObject({ result: 'confirmed', confirmedBy: CLERK });
  expect(parsed.records[0]!.staffConfirmations.answers.map((a) => `${a.item}:${a.answer}:${a.by}`)).toEqual([`face:match:${CLERK}`, `printed-card:match:${CLERK}`]);
  expect(parsed.records[1]!.staffConfirmations.answers.map((a) => a.item)).toEqual(['face', 'printed-card', 'application-form']);
  expect(parsed.records[0]!.personal?.name).toBe(HOLDER.name);

  const csv = await downloadText(page, text('history.exportCsv'));
  expect(csv.name).toMatch(/^kazasu-evidence-\d{8}-\d{4}\.csv$/);
  expect(csv.body).toContain('counter');
  expect(csv.body).toContain('bank');
  expect(csv.body).toContain(HOLDER.name);

  for (const file of [json, csv]) {
    for (const secret of [CODE_B_DEFAULT, SIGN_PASSWORD, OPERATOR_PIN, '550217']) expect(file.body, `${file.name} holds ${secret}`).not.toContain(secret);
  }

  // Locking goes back to the start; opening History again asks for the PIN.
  await leaveAdmin(page);
  await page.getByRole('button', { name: text('nav.history') }).click();
  await expect(page.getByRole('heading', { name: text('pin.enterHeading') })).toBeVisible();
  await page.getByLabel(text('pin.label'), { exact: true }).fill('11111111');
  await page.getByRole('button', { name: text('pin.unlock') }).click();
  await expect(page.getByText(text('pin.wrongLeft', 'ja', { n: 4 }))).toBeVisible({ timeout: 30_000 });
});

test('an edited record is found: verification names the first bad record', async ({ page }) => {
  test.setTimeout(120_000);
  await openKiosk(page);
  await completeCheck(page, 'age');
  await completeCheck(page, 'counter');

  // Flip one byte of the second record's ciphertext directly in IndexedDB.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('kazasu-evidence');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('entries', 'readwrite').objectStore('entries');
          const get = store.get(2);
          get.onsuccess = () => {
            const entry = get.result as { ciphertext: Uint8Array };
            entry.ciphertext[5] = entry.ciphertext[5]! ^ 0x01;
            const put = store.put(entry);
            put.onsuccess = () => {
              db.close();
              resolve();
            };
            put.onerror = () => reject(put.error);
          };
        };
      }),
  );

  await openHistory(page);
  await page.getByRole('button', { name: text('history.verify') }).click();
  await expect(page.getByTestId('history-message')).toHaveText(textPattern('history.chainBad', 'ja', { seq: 2 }), { timeout: 30_000 });
});

test('records past their retention are purged (an age check keeps its record 30 days)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.clock.install();
  await openKiosk(page);
  await completeCheck(page, 'age');
  await completeCheck(page, 'counter');
  await openHistory(page);
  await expect(page.getByTestId('history-count')).toHaveText(text('history.count', 'ja', { n: 2 }));
  await page.getByRole('button', { name: text('history.purge') }).click();
  await expect(page.getByTestId('history-message')).toHaveText(text('history.purged', 'ja', { n: 0 }), { timeout: 30_000 });

  // 31 days later (timers not run), the age record has expired; the counter record (7 years) stays.
  await page.clock.setSystemTime(Date.now() + 31 * 86_400_000);
  await page.getByRole('button', { name: text('history.purge') }).click();
  await expect(page.getByTestId('history-message')).toHaveText(text('history.purged', 'ja', { n: 1 }), { timeout: 30_000 });
  await expect(page.getByTestId('history-count')).toHaveText(text('history.count', 'ja', { n: 1 }));
  await page.getByRole('button', { name: text('history.verify') }).click();
  await expect(page.getByTestId('history-message')).toHaveText(textPattern('history.chainOk', 'ja'), { timeout: 30_000 });
});

test('Settings (behind the PIN) refuses a clerk the record cannot hold; the clerk picked on the counter screen goes into the record', async ({ page }) => {
  test.setTimeout(120_000);
  await openKiosk(page);
  await openAdmin(page, 'settings');
  const add = page.getByLabel(text('clerks.new'));
  // A number that looks like a My Number is refused, as the record would refuse it.
  await add.fill('123456789012');
  await page.getByRole('button', { name: text('clerks.add') }).click();
  await expect(page.getByText(text('clerks.format'))).toBeVisible();
  await add.fill('山田 花子');
  await page.getByRole('button', { name: text('clerks.add') }).click();
  await expect(page.getByTestId('clerk-list')).toContainText('山田 花子');
  await page.getByRole('button', { name: text('settings.save') }).click();
  await expect(page.getByText(text('settings.saved'))).toBeVisible();
  await leaveAdmin(page);
  // Two clerks now: the one on duty stays picked until another is picked (no password).
  await expect(page.getByRole('button', { name: CLERK })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '山田 花子' }).click();
  await expect(page.getByRole('button', { name: '山田 花子' })).toHaveAttribute('aria-pressed', 'true');
  await completeCheck(page, 'counter');
  await openHistory(page);
  const json = await downloadText(page, text('history.exportJson'));
  const records = (JSON.parse(json.body) as { records: { operatorId: string; staffConfirmations: { confirmedBy: string } }[] }).records;
  expect(records.map((r) => [r.operatorId, r.staffConfirmations.confirmedBy])).toEqual([['山田 花子', '山田 花子']]);
});

test('when the record cannot be written, the done screen says so with the reason', async ({ page }) => {
  // A kiosk configured outside the Settings screen with a clerk the evidence guard refuses (12 digits, like a My Number).
  await openKiosk(page, { clerks: ['123456789012'] });
  expect(await runCheck(page, 'counter')).toBe('verified');
  await confirmAndRecord(page);
  const status = page.getByTestId('evidence-status');
  await expect(status).toHaveAttribute('data-saved', 'false');
  await expect(status).toContainText(text('done.notSaved', 'ja', { code: 'evidence-forbidden-data' }));
});
