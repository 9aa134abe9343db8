/**
 * Builds the kiosk's self-hosted Japanese font: a subset of Noto Sans JP (SIL OFL 1.1) taken from
 * the npm package @fontsource/noto-sans-jp (exact version pinned in package.json), written to
 * src/app/fonts/ with its @font-face CSS and a manifest. Run `npm run fonts`; `npm run fonts --
 * --check` rebuilds in a temporary folder and fails if anything differs (the build is
 * deterministic: the same package version gives the same bytes).
 *
 * What the subset holds, and why (issue 11 §10: "a machine without a Japanese font shows empty
 * boxes"):
 *  - Regular (400): every character of JIS X 0208 (levels 1 and 2 kanji, kana, symbols, Latin,
 *    Greek, Cyrillic, box drawing), plus every character of the UI catalogues and the check
 *    catalogue, plus the demo cards' names and addresses (髙, 𠮷 …). Card holders' names and addresses are shown in
 *    this weight: the driver's licence stores text as JIS X 0208 (other-id-documents.md §2), the
 *    JPKI certificate substitutes anything outside JIS levels 1/2/補助漢字 (mynumber-card-spec
 *    §4.5), and the My Number Card's card-face images always show the printed form, so JIS X
 *    0208 covers what the text can hold in practice. JIS X 0212 (補助漢字, ~5,800 rare kanji)
 *    would add ~0.9 MB for characters the card-face image shows anyway; a character outside the
 *    subset falls back to any system font.
 *  - Bold (700): only the UI catalogues' characters (headings and buttons); card text is never
 *    bold-only, and a bold character outside the subset is drawn from the regular face.
 * The source package splits the font into unicode-range slices; each slice that holds wanted
 * characters becomes one subset file with its own unicode-range, so the browser loads only the
 * files a screen needs and the service worker precaches all of them (offline).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- fontkit ships no type declarations; the part we use is typed below.
import * as fontkitModule from 'fontkit';
// @ts-expect-error -- subset-font ships no type declarations; its one function is typed below.
import subsetFontModule from 'subset-font';
import { CATALOGUE } from '../src/documents/check-catalogue';
import { PURPOSES } from '../src/session/purposes';
import { en, ja } from '../src/app/i18n/catalogue';
import { ocrEn, ocrJa } from '../src/app/i18n/ocr-catalogue';
import { trustEn, trustJa } from '../src/app/i18n/trust-catalogue';
import { passportDemoCards } from '../src/app/demo/passport-demo-cards';
import { FORGERIES } from '../src/sim/mynumber/forgeries';
import { DOCUMENT_DRIVERS } from '../src/documents/registry';
import { RESIDENCE_CARD_FIELDS, RESIDENCE_CARD_IMAGES, RESIDENCE_CARD_KIND_TITLES } from '../src/documents/residence-card/residence-card-fields';
import { RC_FORGERIES } from '../src/sim/residence-card/forgeries';

const fontkit = fontkitModule as { create(data: Uint8Array): { characterSet: number[] } };
const subsetFont = subsetFontModule as (font: Uint8Array, text: string, options: { targetFormat: 'woff2' }) => Promise<Buffer>;
const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = '@fontsource/noto-sans-jp';
const FAMILY = 'Kazasu Sans JP';
const OUT = join(ROOT, 'src/app/fonts');

/**
 * Characters of JIS X 0208 rows 1–84 (non-kanji rows 1–8, level 1 kanji rows 16–47, level 2
 * rows 48–84), decoded by the WHATWG EUC-JP decoder. Row 13 (NEC special characters) and rows
 * 89–92 (NEC-selected IBM extensions), which the WHATWG index adds, are not JIS X 0208 and stay
 * out: they would scatter over ~80 extra files of a few glyphs each.
 */
export function jisX0208(): Set<number> {
  const out = new Set<number>();
  const decoder = new TextDecoder('euc-jp');
  for (let a = 0xa1; a <= 0xf4; a++) {
    if (a === 0xad) continue;
    for (let b = 0xa1; b <= 0xfe; b++) {
      const s = decoder.decode(new Uint8Array([a, b]));
      if (s.length === 1 && s !== '\ufffd') out.add(s.codePointAt(0)!);
    }
  }
  return out;
}

function codePoints(text: string, into: Set<number>): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20) into.add(cp);
  }
}

/** Every character the UI can show from its own text (catalogues, purposes, checks, demo cards). */
export function uiCharacters(): Set<number> {
  const out = new Set<number>();
  for (let cp = 0x20; cp <= 0x7e; cp++) out.add(cp);
  for (const catalogue of [ja, en, ocrJa, ocrEn, trustJa, trustEn]) for (const v of Object.values(catalogue)) codePoints(v, out);
  for (const p of Object.values(PURPOSES)) for (const t of [p.title, p.legalMethod]) codePoints(`${t.ja}${t.en}`, out);
  // Every registered document's check titles and reasons (documents/check-catalogue.ts).
  for (const t of [...CATALOGUE.titles.values(), ...CATALOGUE.reasons.values()]) codePoints(`${t.ja}${t.en}`, out);
  for (const f of [...FORGERIES, ...RC_FORGERIES]) codePoints(`${f.description.ja}${f.description.en}`, out);
  for (const c of passportDemoCards()) codePoints(`${c.description.ja}${c.description.en}`, out);
  // Every document's name and display vocabulary (app/documents).
  for (const d of DOCUMENT_DRIVERS) codePoints(`${d.title.ja}${d.title.en}`, out);
  for (const t of [...RESIDENCE_CARD_FIELDS, ...RESIDENCE_CARD_IMAGES].map((f) => f.label).concat(Object.values(RESIDENCE_CARD_KIND_TITLES))) codePoints(`${t.ja}${t.en}`, out);
  for (const dir of ['src/sim/mynumber/profiles', 'src/sim/residence-card/profiles']) {
    const profiles = join(ROOT, dir);
    for (const file of readdirSync(profiles).filter((f) => f.endsWith('.json'))) {
      const p = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as { description?: { ja: string; en: string } };
      if (p.description) codePoints(`${p.description.ja}${p.description.en}`, out);
    }
  }
  // Era names (era picker) and the digits of every era year and date shown.
  codePoints('明治大正昭和平成令和0123456789年月日', out);
  return out;
}

/** Names and addresses of the demo cards (shown in the regular weight). */
function demoCardText(): Set<number> {
  const out = new Set<number>();
  const profiles = join(ROOT, 'src/sim/mynumber/profiles');
  for (const file of readdirSync(profiles).filter((f) => f.endsWith('.json'))) {
    const p = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as { person: { name: string; address: string; alias?: string } };
    codePoints(`${p.person.name}${p.person.address}${p.person.alias ?? ''}`, out);
  }
  return out;
}

function ranges(cps: readonly number[]): string {
  const sorted = [...cps].sort((a, b) => a - b);
  const out: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  const hex = (n: number) => n.toString(16).toUpperCase();
  const flush = () => out.push(start === prev ? `U+${hex(start)}` : `U+${hex(start)}-${hex(prev)}`);
  for (const cp of sorted.slice(1)) {
    if (cp === prev + 1) {
      prev = cp;
      continue;
    }
    flush();
    start = prev = cp;
  }
  flush();
  return out.join(', ');
}

interface BuiltFile {
  readonly file: string;
  readonly weight: 400 | 700;
  readonly source: string;
  readonly characters: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly unicodeRange: string;
}

/** Source slices of one weight, in the order they are used: latin, latin-ext, cyrillic, japanese, then the numbered slices. */
function sourcesFor(dir: string, weight: number): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(`-${weight}-normal.woff2`) && f.startsWith('noto-sans-jp-'));
  const numbered = files.filter((f) => /^noto-sans-jp-\d+-/.test(f)).sort((a, b) => Number(/-(\d+)-/.exec(a)![1]) - Number(/-(\d+)-/.exec(b)![1]));
  const named = ['latin', 'latin-ext', 'cyrillic', 'japanese'].map((n) => `noto-sans-jp-${n}-${weight}-normal.woff2`).filter((f) => files.includes(f));
  return [...named, ...numbered];
}

async function build(outDir: string): Promise<{ files: BuiltFile[]; missing: Record<number, number[]>; version: string }> {
  const pkgJson = require.resolve(`${PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const dir = join(dirname(pkgJson), 'files');
  const ui = uiCharacters();
  const wanted: Record<400 | 700, Set<number>> = {
    400: new Set([...ui, ...jisX0208(), ...demoCardText(), ...Array.from({ length: 0xff - 0xa0 }, (_, i) => 0xa1 + i)]),
    700: ui,
  };
  mkdirSync(outDir, { recursive: true });
  const files: BuiltFile[] = [];
  const missing: Record<number, number[]> = {};
  for (const weight of [400, 700] as const) {
    const left = new Set(wanted[weight]);
    left.delete(0x20);
    let n = 0;
    for (const source of sourcesFor(dir, weight)) {
      if (left.size === 0) break;
      const data = readFileSync(join(dir, source));
      const has = new Set(fontkit.create(data).characterSet);
      const take = [...left].filter((cp) => has.has(cp)).sort((a, b) => a - b);
      if (take.length === 0) continue;
      // The space travels with the first file so every file can lay out a line.
      const text = String.fromCodePoint(...(n === 0 ? [0x20, ...take] : take));
      const subset = await subsetFont(data, text, { targetFormat: 'woff2' });
      const file = `kazasu-sans-jp-${weight}-${String(n).padStart(2, '0')}.woff2`;
      writeFileSync(join(outDir, file), subset);
      files.push({
        file,
        weight,
        source,
        characters: take.length,
        bytes: subset.length,
        sha256: createHash('sha256').update(subset).digest('hex'),
        unicodeRange: ranges(n === 0 ? [0x20, ...take] : take),
      });
      for (const cp of take) left.delete(cp);
      n++;
    }
    missing[weight] = [...left].sort((a, b) => a - b);
  }
  const css = [
    `/* Generated by scripts/make-font-subset.ts from ${PACKAGE} ${version} (Noto Sans JP, SIL Open Font License 1.1). Do not edit. */`,
    ...files.map((f) =>
      [`@font-face {`, `  font-family: '${FAMILY}';`, `  font-style: normal;`, `  font-weight: ${f.weight};`, `  font-display: swap;`, `  src: url('./${f.file}') format('woff2');`, `  unicode-range: ${f.unicodeRange};`, `}`].join('\n'),
    ),
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'kazasu-sans-jp.css'), css);
  const manifest = {
    generator: 'scripts/make-font-subset.ts',
    source: { package: PACKAGE, version, licence: 'OFL-1.1' },
    family: FAMILY,
    files: files.map(({ unicodeRange: _omit, ...rest }) => rest),
    notInFont: Object.fromEntries(Object.entries(missing).map(([w, cps]) => [w, cps.map((cp) => `U+${cp.toString(16).toUpperCase()}`)])),
  };
  writeFileSync(join(outDir, 'font-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, missing, version };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  if (!check) {
    for (const f of readdirSync(OUT, { withFileTypes: true })) if (f.isFile() && /^kazasu-sans-jp-.*\.woff2$/.test(f.name)) rmSync(join(OUT, f.name));
    const r = await build(OUT);
    const total = (w: number) => r.files.filter((f) => f.weight === w).reduce((s, f) => s + f.bytes, 0);
    console.log(`${r.files.length} files from ${PACKAGE} ${r.version}: regular ${(total(400) / 1024).toFixed(0)} KiB, bold ${(total(700) / 1024).toFixed(0)} KiB`);
    for (const [w, cps] of Object.entries(r.missing)) if (cps.length) console.log(`weight ${w}: ${cps.length} wanted characters are not in the font`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'kazasu-font-'));
  try {
    await build(tmp);
    const differ = readdirSync(tmp).filter((f) => {
      try {
        return !readFileSync(join(tmp, f)).equals(readFileSync(join(OUT, f)));
      } catch {
        return true;
      }
    });
    const stale = readdirSync(OUT).filter((f) => !readdirSync(tmp).includes(f));
    if (differ.length || stale.length) {
      console.error(`src/app/fonts is not what the script builds: ${[...differ, ...stale].join(', ')}. Run npm run fonts.`);
      process.exitCode = 1;
    } else console.log('src/app/fonts is up to date');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
