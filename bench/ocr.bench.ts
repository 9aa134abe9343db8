import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cropFields } from '../src/app/ocr/field-crops';
import { OCR_ASSET_DIR, OCR_ASSETS } from '../src/app/ocr/ocr-assets';
import { readFields, type FieldRecognizer } from '../src/app/ocr/recognizer';
import { plausibleCodeB } from '../src/app/ocr/code-b-plausibility';
import { CodeBConsensus, type FrameRead } from '../src/app/ocr/consensus';
import { simFont } from '../src/node/sim-font';
import { expectedCodeB, photographCard, randomCardFronts, renderCardFront } from '../src/sim/card-front';
import { createNodeRecognizer } from './ocr-node-recognizer';

/**
 * Camera OCR of 照合番号B (issue 11) on synthetic card-front photos (src/sim/card-front: random
 * holders from 大正 to 令和 incl. 元年 and era-boundary dates, foreign residents' Western dates;
 * perspective, rotation, blur, glare, noise, brightness — seeded, so every run sees the same
 * photos). The kiosk's own pipeline runs on each: card edges → straightened crops → tesseract.js
 * (the same core and jpn model the app precaches) → whole-line parse → plausibility.
 *
 * - single photo: every photo on its own, one frame trusted (the harshest view: no second frame
 *   to agree). exact = the 14 digits equal the card's; rejected = no plausible read; silently
 *   wrong = plausible 14 digits that are not the card's (target 0).
 * - kiosk: what the kiosk does — frames of one card until two agree per item (consensus.ts),
 *   at most MAX_FRAMES; time to a read = sum of the per-frame pipeline times.
 */
export interface OcrBenchResult {
  readonly photos: number;
  readonly exact: number;
  readonly rejected: number;
  readonly silentlyWrong: number;
  readonly noCardFound: number;
  /** Photos where some single item was parsed but misread (caught later or not). */
  readonly fieldMisreads: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly initMs: number;
  readonly kiosk: { readonly cards: number; readonly read: number; readonly wrong: number; readonly medianFrames: number; readonly medianMs: number; readonly p95Ms: number };
  /** Single photos with harsher damage (strength HARSH_STRENGTH): fewer reads, still none wrong? */
  readonly harsh: { readonly photos: number; readonly exact: number; readonly wrong: number };
}

const TODAY = { year: 2026, month: 12, day: 1 };
const MAX_FRAMES = 6;
/** photographCard strength of the stress run: 1.6 × the default rotation, blur, noise, glare, shading. */
const HARSH_STRENGTH = 1.6;

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? NaN;
}

async function onePhoto(recognizer: FieldRecognizer, image: Parameters<typeof cropFields>[0]): Promise<{ read?: FrameRead; ms: number }> {
  const t0 = performance.now();
  const crops = cropFields(image);
  if (!crops.ok) return { ms: performance.now() - t0 };
  const read = await readFields(crops.crops, recognizer);
  return { read, ms: performance.now() - t0 };
}

export async function ocrBenchmarks(
  photos = Number(process.env.KAZASU_BENCH_OCR_PHOTOS ?? 200),
  kioskCards = Number(process.env.KAZASU_BENCH_OCR_CARDS ?? 40),
  log: (s: string) => void = () => undefined,
  harshPhotos = Number(process.env.KAZASU_BENCH_OCR_HARSH ?? 100),
): Promise<OcrBenchResult> {
  const t0 = performance.now();
  const recognizer = await createNodeRecognizer();
  const initMs = performance.now() - t0;
  const font = simFont();
  try {
    const cards = randomCardFronts(photos, 'kazasu-ocr-bench');
    let exact = 0, rejected = 0, wrong = 0, noCard = 0, misreads = 0;
    const times: number[] = [];
    for (let i = 0; i < photos; i++) {
      const card = cards[i]!;
      const photo = photographCard(renderCardFront(card, font), `kazasu-ocr-bench/${i}`);
      const { read, ms } = await onePhoto(recognizer, photo.image);
      times.push(ms);
      const want = expectedCodeB(card);
      if (!read) {
        noCard++;
        rejected++;
        log(`photo ${i}: no card found`);
        continue;
      }
      if ((read.securityCode.ok && read.securityCode.value !== card.securityCode) || (read.expiry.ok && read.expiry.value.year !== Number(card.expiryDate.slice(0, 4)))) misreads++;
      const all = read.birthDate.ok && read.expiry.ok && read.securityCode.ok ? plausibleCodeB(read.birthDate.value, read.expiry.value, read.securityCode.value, { today: TODAY }) : undefined;
      if (all?.ok) {
        if (all.value.codeB === want) exact++;
        else {
          wrong++;
          log(`photo ${i}: SILENTLY WRONG`);
        }
      } else {
        rejected++;
        log(`photo ${i}: rejected (${!read.birthDate.ok ? `birth ${read.birthDate.reason}` : ''} ${!read.expiry.ok ? `expiry ${read.expiry.reason}` : ''} ${!read.securityCode.ok ? `code ${read.securityCode.reason}` : ''} ${all && !all.ok ? all.reason : ''})`);
      }
    }

    // The kiosk: several frames of the same card until the consensus settles.
    const kioskTimes: number[] = [];
    const frameCounts: number[] = [];
    let kRead = 0, kWrong = 0;
    const kCards = randomCardFronts(kioskCards, 'kazasu-ocr-bench-kiosk');
    for (let c = 0; c < kioskCards; c++) {
      const card = kCards[c]!;
      const flat = renderCardFront(card, font);
      const consensus = new CodeBConsensus({ today: TODAY });
      let spent = 0;
      for (let f = 0; f < MAX_FRAMES; f++) {
        const photo = photographCard(flat, `kazasu-ocr-bench-kiosk/${c}/${f}`);
        const { read, ms } = await onePhoto(recognizer, photo.image);
        spent += ms;
        if (!read) continue;
        const state = consensus.add(read);
        if (state.kind === 'ready') {
          kRead++;
          if (state.values.codeB !== expectedCodeB(card)) kWrong++;
          kioskTimes.push(spent);
          frameCounts.push(f + 1);
          break;
        }
      }
    }
    // Stress: harsher photos. Reads drop; a plausible wrong read must still never appear.
    let hExact = 0, hWrong = 0;
    const hCards = randomCardFronts(harshPhotos, 'kazasu-ocr-bench-harsh');
    for (let i = 0; i < harshPhotos; i++) {
      const card = hCards[i]!;
      const photo = photographCard(renderCardFront(card, font), `kazasu-ocr-bench-harsh/${i}`, { strength: HARSH_STRENGTH });
      const { read } = await onePhoto(recognizer, photo.image);
      if (!read || !read.birthDate.ok || !read.expiry.ok || !read.securityCode.ok) continue;
      const all = plausibleCodeB(read.birthDate.value, read.expiry.value, read.securityCode.value, { today: TODAY });
      if (!all.ok) continue;
      if (all.value.codeB === expectedCodeB(card)) hExact++;
      else {
        hWrong++;
        log(`harsh photo ${i}: SILENTLY WRONG`);
      }
    }

    return {
      harsh: { photos: harshPhotos, exact: hExact, wrong: hWrong },
      photos,
      exact,
      rejected,
      silentlyWrong: wrong,
      noCardFound: noCard,
      fieldMisreads: misreads,
      medianMs: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
      initMs,
      kiosk: { cards: kioskCards, read: kRead, wrong: kWrong, medianFrames: quantile(frameCounts, 0.5), medianMs: quantile(kioskTimes, 0.5), p95Ms: quantile(kioskTimes, 0.95) },
    };
  } finally {
    await recognizer.close();
  }
}

export function printOcr(r: OcrBenchResult): void {
  const pct = (n: number) => `${((100 * n) / r.photos).toFixed(1)} %`;
  console.log('Camera OCR of 照合番号B (src/app/ocr; synthetic card-front photos from src/sim/card-front, seeded; tesseract.js 7 + jpn 4.0.0_best_int, Node, one worker)');
  console.log(`single photo, one frame trusted: ${r.photos} photos — exact 14 digits ${r.exact} (${pct(r.exact)}), rejected ${r.rejected} (${pct(r.rejected)}; no card found ${r.noCardFound}), silently wrong ${r.silentlyWrong} (${pct(r.silentlyWrong)}); single-item misreads caught by the parser/plausibility: ${r.fieldMisreads}`);
  console.log(`time to a read per photo (edges + crops + 3 lines × 2 scales): median ${r.medianMs.toFixed(0)} ms, p95 ${r.p95Ms.toFixed(0)} ms; engine start (core + model) ${r.initMs.toFixed(0)} ms`);
  console.log(`harsher photos (strength ${HARSH_STRENGTH}), one frame trusted: ${r.harsh.photos} photos — exact ${r.harsh.exact}, silently wrong ${r.harsh.wrong}, the rest rejected`);
  console.log(`kiosk (frames until two agree per item, ≤ ${MAX_FRAMES} frames): ${r.kiosk.read}/${r.kiosk.cards} cards read, ${r.kiosk.wrong} wrong; median ${r.kiosk.medianFrames} frames, time to a read median ${r.kiosk.medianMs.toFixed(0)} ms, p95 ${r.kiosk.p95Ms.toFixed(0)} ms`);
}

export interface OcrSizeRow {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/**
 * What camera OCR adds to the precache of a production build in `outDir` (made by
 * app-size.bench.ts): the engine files under ocr/ (listed in the service worker's manifest) and the
 * app's own OCR chunks (frame worker, the lazily loaded recogniser) once the kiosk imports them.
 */
export function ocrPrecacheSizes(outDir: string): { rows: OcrSizeRow[]; inServiceWorker: boolean } {
  const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
  const rows: OcrSizeRow[] = OCR_ASSETS.map((a) => {
    const path = join(outDir, OCR_ASSET_DIR, a.name);
    return { name: `${OCR_ASSET_DIR}/${a.name}`, bytes: statSync(path).size, gzipBytes: gz(path) };
  });
  const chunks = readdirSync(join(outDir, 'assets')).filter((f) => /^(frame\.worker|tesseract-recognizer)-.*\.js$/.test(f));
  for (const f of chunks) rows.push({ name: `assets/${f}`, bytes: statSync(join(outDir, 'assets', f)).size, gzipBytes: gz(join(outDir, 'assets', f)) });
  const sw = existsSync(join(outDir, 'sw.js')) ? readFileSync(join(outDir, 'sw.js'), 'utf8') : '';
  return { rows, inServiceWorker: OCR_ASSETS.every((a) => sw.includes(`${OCR_ASSET_DIR}/${a.name}`)) };
}

export function printOcrSizes({ rows, inServiceWorker }: { rows: OcrSizeRow[]; inServiceWorker: boolean }): void {
  const width = Math.max(...rows.map((r) => r.name.length), 30);
  console.log(`camera OCR in the precache (${inServiceWorker ? 'all engine files listed in sw.js' : 'NOT all listed in sw.js'})`);
  console.log(`${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  const fmt = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${fmt(r.bytes)}  ${fmt(r.gzipBytes)}`);
  const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzipBytes: a.gzipBytes + r.gzipBytes }), { bytes: 0, gzipBytes: 0 });
  console.log(`${'total added by camera OCR'.padEnd(width)}  ${fmt(total.bytes)}  ${fmt(total.gzipBytes)}`);
}

if (process.argv[1]?.endsWith('ocr.bench.ts')) {
  printOcr(await ocrBenchmarks(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 40), (s) => console.log(s), Number(process.argv[4] ?? 100)));
}
