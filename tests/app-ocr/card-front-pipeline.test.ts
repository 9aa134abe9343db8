import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCardQuad } from '../../src/app/ocr/card-quad';
import { plausibleCodeB } from '../../src/app/ocr/code-b-plausibility';
import { cropFields } from '../../src/app/ocr/field-crops';
import { browserTesseractPaths, OCR_ASSETS } from '../../src/app/ocr/ocr-assets';
import { readFields, type FieldRecognizer } from '../../src/app/ocr/recognizer';
import { simFont } from '../../src/node/sim-font';
import { encodeY4m, expectedCodeB, photographCard, randomCardFronts, renderCardFront, type PrintedCardFront } from '../../src/sim/card-front';
import { createNodeRecognizer } from '../../bench/ocr-node-recognizer';

/**
 * The camera pipeline on synthetic card-front photos (src/sim/card-front), with the real engine
 * (tesseract.js + the jpn model the app ships). Accuracy figures live in `npm run bench`; these
 * tests pin behaviour: the card is found where the simulator put it, clean and photographed
 * cards read exactly, and a face with an impossible date is refused.
 */
const TODAY = { year: 2026, month: 12, day: 1 };
const DEFAULT_CARD: PrintedCardFront = {
  name: '山田　花子',
  address: '東京都千代田区かざす町一丁目２番３号',
  birthDate: '1980-02-17',
  birthDateForm: 'wareki',
  sex: 'female',
  expiryDate: '2035-02-17',
  securityCode: '2285',
};

let recognizer: FieldRecognizer;
beforeAll(async () => {
  recognizer = await createNodeRecognizer();
});
afterAll(async () => {
  await recognizer?.close();
});

async function read(card: PrintedCardFront, seed: string, strength = 1) {
  const photo = photographCard(renderCardFront(card, simFont()), seed, { strength });
  const crops = cropFields(photo.image);
  if (!crops.ok) return { found: false as const };
  const fields = await readFields(crops.crops, recognizer);
  const wiped = Object.values(crops.crops).every((list) => list.length === 2 && list.every((c) => c.pixels.every((v) => v === 0)));
  const all = fields.birthDate.ok && fields.expiry.ok && fields.securityCode.ok ? plausibleCodeB(fields.birthDate.value, fields.expiry.value, fields.securityCode.value, { today: TODAY }) : undefined;
  return { found: true as const, fields, all, wiped };
}

describe('card-front pipeline', () => {
  it('finds the card\'s corners where the simulated camera put them', () => {
    const cards = randomCardFronts(24, 'quad-test');
    let found = 0, close = 0;
    for (let i = 0; i < cards.length; i++) {
      const photo = photographCard(renderCardFront(cards[i]!, simFont()), `quad-test/${i}`);
      const q = findCardQuad(photo.image);
      if (!q.ok) continue;
      found++;
      const err = Math.max(...q.quad.corners.map((c, k) => Math.hypot(c[0] - photo.corners[k]![0], c[1] - photo.corners[k]![1])));
      if (err <= 6) close++; // 6 px ≈ 0.6 mm on the card at this size
    }
    expect(found).toBeGreaterThanOrEqual(22);
    expect(close).toBeGreaterThanOrEqual(found - 1);
  });

  it('finds no card in a frame without one', () => {
    const blank = { width: 1280, height: 720, pixels: new Uint8Array(1280 * 720).fill(120) };
    expect(findCardQuad(blank).ok).toBe(false);
  });

  it('reads the default card exactly, flat and photographed, and wipes the crops', async () => {
    for (const [seed, strength] of [['flat', 0], ['photo-a', 1], ['photo-b', 1]] as const) {
      const r = await read(DEFAULT_CARD, `pipeline/${seed}`, strength);
      expect(r.found, seed).toBe(true);
      if (!r.found) continue;
      expect(r.wiped, seed).toBe(true);
      expect(r.all?.ok && r.all.value.codeB, seed).toBe('55021720352285');
    }
  });

  it('reads 元年 and a Western-printed birth date', async () => {
    const gannen: PrintedCardFront = { ...DEFAULT_CARD, birthDate: '1989-01-08', expiryDate: '2029-01-08', securityCode: '0716' };
    const g = await read(gannen, 'pipeline/gannen', 0.5);
    expect(g.found && g.fields.birthDate).toEqual({ ok: true, value: { printed: 'wareki', era: 'heisei', eraYear: 1, month: 1, day: 8 } });
    expect(g.found && g.all?.ok && g.all.value.codeB).toBe('01010820290716');
    // As the kiosk does: frames until one reads (a frame may be refused, never misread).
    const foreign: PrintedCardFront = { ...DEFAULT_CARD, birthDate: '1990-07-14', birthDateForm: 'western', expiryDate: '2031-07-14', securityCode: '5519' };
    const reads: string[] = [];
    for (let frame = 0; frame < 4 && reads.length === 0; frame++) {
      const f = await read(foreign, `pipeline/foreign/${frame}`, 0.5);
      if (f.found && f.all?.ok) reads.push(f.all.value.codeB);
    }
    expect(reads).toEqual([expectedCodeB(foreign)]);
  });

  it('refuses a face whose birth date cannot exist (昭和64年 2月 1日) even when read perfectly', async () => {
    const card: PrintedCardFront = { ...DEFAULT_CARD, birthDate: '1989-02-01', expiryDate: '2035-02-01', misprint: { birthDate: '昭和64年 2月 1日生' } };
    const r = await read(card, 'pipeline/misprint', 0);
    expect(r.found && r.fields.birthDate).toEqual({ ok: true, value: { printed: 'wareki', era: 'showa', eraYear: 64, month: 2, day: 1 } });
    expect(r.found && r.all).toEqual({ ok: false, reason: 'birth-outside-era' });
  });

  it('never gives plausible wrong digits on a handful of harsh photos', async () => {
    const cards = randomCardFronts(6, 'pipeline-harsh');
    let exact = 0;
    for (let i = 0; i < cards.length; i++) {
      const r = await read(cards[i]!, `pipeline-harsh/${i}`, 1.2);
      if (r.found && r.all?.ok) {
        expect(r.all.value.codeB).toBe(expectedCodeB(cards[i]!));
        exact++;
      }
    }
    expect(exact).toBeGreaterThanOrEqual(4);
  });
});

describe('engine files and the fake-camera clip', () => {
  it('every file served under /ocr/ exists in the pinned packages; the browser paths stay on this origin', () => {
    const require = createRequire(import.meta.url);
    for (const a of OCR_ASSETS) expect(existsSync(join(dirname(require.resolve(`${a.package}/package.json`)), a.file)), a.name).toBe(true);
    const paths = browserTesseractPaths('/');
    expect(paths).toEqual({ workerPath: '/ocr/worker.min.js', corePath: '/ocr/tesseract-core-simd-lstm.js', langPath: '/ocr', gzip: false });
    expect(browserTesseractPaths('/kiosk/').langPath).toBe('/kiosk/ocr');
  });

  it('y4m: the header Chromium expects and 4:2:0 frames', () => {
    const frame = { width: 4, height: 2, pixels: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]) };
    const y4m = encodeY4m([frame, frame]);
    const header = 'YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\n';
    expect(new TextDecoder().decode(y4m.subarray(0, header.length))).toBe(header);
    expect(y4m.length).toBe(header.length + 2 * (6 + 8 + 2 * 2));
    expect([...y4m.subarray(header.length + 6, header.length + 14)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
