import { expect, test, type Download, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ocrMessage, type OcrMessageKey } from '../src/app/i18n/ocr-catalogue';
import type { Language } from '../src/app/i18n/catalogue';
import { simFont } from '../src/node/sim-font';
import { cardFrontVideo, type PrintedCardFront } from '../src/sim/card-front';
import { CODE_B_DEFAULT, codeBValue, confirmAndRecord, expectAccessible, leaveAdmin, openAdmin, openKiosk, resultOutcome, SIZES, text } from './support/kiosk';

/**
 * 照合番号B from the camera on the kiosk's own entry screen (issue 11 §8): Chromium's fake camera
 * plays photos of the default simulated card's front (src/sim/card-front: perspective, blur,
 * glare, noise); staff open 「カメラで読み取る」, compare the digits the reader shows with the card,
 * confirm, and the era picker and the 6/4/4 boxes are filled. The check then runs as typed,
 * and the record says the entry came from the camera (credentialEntry 'ocr', never the digits).
 */

/** The printed face of the `default` simulated card (src/sim/mynumber/profiles/default.json). */
const DEFAULT_CARD: PrintedCardFront = {
  name: '山田　花子',
  address: '東京都千代田区かざす町一丁目２番３号',
  birthDate: '1980-02-17',
  birthDateForm: 'wareki',
  sex: 'female',
  expiryDate: '2035-02-17',
  securityCode: '2285',
};

// Launch options are read when the worker starts Chromium, so the clip exists at file load.
const CLIPS = process.env.TEST_WORKER_INDEX !== undefined ? mkdtempSync(join(tmpdir(), 'kazasu-kiosk-camera-')) : tmpdir();
const CLIP = join(CLIPS, 'default-card.y4m');
if (process.env.TEST_WORKER_INDEX !== undefined) writeFileSync(CLIP, cardFrontVideo(DEFAULT_CARD, simFont(), 'e2e/kiosk-camera', 4));

const chromium = process.env.KAZASU_CHROMIUM ?? '/usr/bin/chromium';
test.use({
  launchOptions: {
    executablePath: chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${CLIP}`],
  },
});

test.afterAll(() => rmSync(CLIPS, { recursive: true, force: true }));

const ocr = (key: OcrMessageKey, language: Language) => ocrMessage(language, key);

// Test instrumentation: remember every stream getUserMedia hands out, to check they all end.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await gum(c);
      streams.push(s);
      return s;
    };
    const w = window as unknown as { liveCameraTracks: () => number; cameraStreams: () => number };
    w.liveCameraTracks = () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended').length;
    w.cameraStreams = () => streams.length;
  });
});

async function downloadJson(page: Page): Promise<{ records: { credentialEntry: string; outcome: string }[] }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: text('history.exportJson') }).click()]);
  const body = readFileSync(await download.path(), 'utf8');
  expect(body).not.toContain(CODE_B_DEFAULT);
  return JSON.parse(body) as { records: { credentialEntry: string; outcome: string }[] };
}

for (const language of ['ja', 'en'] as const) {
  for (const size of SIZES) {
    test(`camera fills the era and the 6/4/4 boxes after staff confirm the digits (${language}, ${size.name})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await openKiosk(page, { language });
      await page.locator('button[data-purpose="counter"]').click();
      await page.locator('button[data-card-id="default"]').click();
      await expect(page.locator('#code-b')).toBeFocused({ timeout: 30_000 });
      expect(await codeBValue(page)).toBe('');

      const open = page.getByRole('button', { name: ocr('ocr.open', language) });
      await expect(open).toBeVisible();
      await open.click();
      await expect(page.getByTestId('ocr-video')).toBeVisible({ timeout: 30_000 });
      // The camera's own actions and the screen's primary action stay reachable while it runs.
      await expect(page.getByRole('button', { name: ocr('ocr.cancel', language) })).toBeInViewport();
      await expect(page.getByRole('button', { name: text('cred.submit', language) })).toBeInViewport();
      await expect(page.getByTestId('ocr-review')).toBeVisible({ timeout: 90_000 });
      await expect(page.getByTestId('ocr-code-b')).toHaveText('550217 2035 2285');
      await expect(page.getByTestId('ocr-confirm')).toBeFocused();
      await expect(page.getByTestId('ocr-confirm')).toBeInViewport();
      await expectAccessible(page, `camera-review-${language}-${size.name}`);
      await page.screenshot({ path: `e2e/screenshots/camera-review-${language}-${size.name}.png` });
      // Nothing reaches the boxes before staff confirm.
      expect(await codeBValue(page)).toBe('');
      await page.getByTestId('ocr-confirm').click();

      await expect(page.getByTestId('code-b-camera')).toHaveCount(0);
      expect(await codeBValue(page)).toBe(CODE_B_DEFAULT);
      await expect(page.locator('input[name="code-b-era"][value="showa"]')).toBeChecked();
      await expect(page.getByTestId('code-b-readback')).toContainText(text('entry.readback.expiry', language, { year: '2035' }));
      await expect(open).toBeFocused();
      // The camera is off again: every track it opened has ended.
      await expect.poll(() => page.evaluate(() => (window as unknown as { liveCameraTracks: () => number }).liveCameraTracks())).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { cameraStreams: () => number }).cameraStreams())).toBeGreaterThan(0);
      await page.screenshot({ path: `e2e/screenshots/camera-filled-${language}-${size.name}.png` });

      await page.getByRole('button', { name: text('cred.submit', language) }).click();
      expect(await resultOutcome(page)).toBe('verified');
      await confirmAndRecord(page, language);
      await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true', { timeout: 30_000 });
      if (language !== 'ja' || size.name !== SIZES[0]!.name) return;
      await page.getByRole('button', { name: text('done.next', language) }).click();
      await openAdmin(page, 'history', language);
      const json = await downloadJson(page);
      expect(json.records.map((r) => `${r.credentialEntry}:${r.outcome}`)).toEqual(['ocr:verified']);
      await leaveAdmin(page, language);
    });
  }
}

test('cancelling the camera leaves the boxes as they were and the entry manual', async ({ page }) => {
  test.setTimeout(120_000);
  await openKiosk(page);
  await page.locator('button[data-purpose="counter"]').click();
  await page.locator('button[data-card-id="default"]').click();
  await expect(page.locator('#code-b')).toBeFocused({ timeout: 30_000 });
  await page.locator('#code-b').pressSequentially('550217');
  await page.getByRole('button', { name: ocr('ocr.open', 'ja') }).click();
  await expect(page.getByTestId('ocr-video')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: ocr('ocr.cancel', 'ja') }).click();
  await expect(page.getByTestId('code-b-camera')).toHaveCount(0);
  expect(await codeBValue(page)).toBe('550217');
  await expect(page.getByRole('button', { name: ocr('ocr.open', 'ja') })).toBeFocused();
});
