/**
 * The self-hosted Japanese font (issue 11 §10): every character the UI can show from its own
 * catalogues has a glyph in the shipped subset (regular and bold), JIS X 0208 is covered in the
 * regular weight, the CSS names every file, and the manifest says which package built it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
// @ts-expect-error -- fontkit ships no type declarations.
import * as fontkitModule from 'fontkit';
import { describe, expect, it } from 'vitest';
import { jisX0208, uiCharacters } from '../../scripts/make-font-subset';

const fontkit = fontkitModule as { create(data: Uint8Array): { characterSet: number[] } };
const DIR = join(__dirname, '../../src/app/fonts');
const css = readFileSync(join(DIR, 'kazasu-sans-jp.css'), 'utf8');
const manifest = JSON.parse(readFileSync(join(DIR, 'font-manifest.json'), 'utf8')) as {
  source: { package: string; version: string };
  files: { file: string; weight: number; sha256: string }[];
  notInFont: Record<string, string[]>;
};

/** The characters each weight really has glyphs for, read from the shipped woff2 files. */
function shipped(weight: number): Set<number> {
  const out = new Set<number>();
  for (const f of manifest.files.filter((x) => x.weight === weight)) {
    for (const cp of fontkit.create(readFileSync(join(DIR, f.file))).characterSet) out.add(cp);
  }
  return out;
}

describe('the Japanese font subset', () => {
  const regular = shipped(400);
  const bold = shipped(700);
  const notIn = (w: number) => new Set((manifest.notInFont[String(w)] ?? []).map((u) => parseInt(u.slice(2), 16)));

  it('has a regular and a bold glyph for every character of the UI catalogues (those the font has at all)', () => {
    const missing = [...uiCharacters()].filter((cp) => cp !== 0x20 && !notIn(400).has(cp)).filter((cp) => !regular.has(cp) || !bold.has(cp));
    expect(missing.map((cp) => String.fromCodePoint(cp)).join('')).toBe('');
  });

  it('covers JIS X 0208 rows 1–84 in the regular weight (kanji levels 1 and 2, kana, symbols)', () => {
    const jis = [...jisX0208()];
    expect(jis.length).toBeGreaterThan(6800);
    const missing = jis.filter((cp) => !regular.has(cp) && !notIn(400).has(cp));
    expect(missing).toEqual([]);
    // Level 1 and 2 kanji are all there (the font lacks only some Greek/Cyrillic/symbols, listed in the manifest).
    expect(jis.filter((cp) => cp >= 0x4e00 && cp <= 0x9fff && !regular.has(cp))).toEqual([]);
  });

  it('the CSS declares every file once, with its weight, and nothing else', () => {
    const urls = [...css.matchAll(/url\('\.\/([^']+)'\)/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual(manifest.files.map((f) => f.file).sort());
    expect(readdirSync(DIR).filter((f) => f.endsWith('.woff2')).sort()).toEqual(manifest.files.map((f) => f.file).sort());
    expect(css).toContain("font-family: 'Kazasu Sans JP'");
  });

  it('was built from the installed font package version (run `npm run fonts` after upgrading it)', () => {
    const require = createRequire(import.meta.url);
    const installed = (JSON.parse(readFileSync(require.resolve(`${manifest.source.package}/package.json`), 'utf8')) as { version: string }).version;
    expect(manifest.source.version).toBe(installed);
  });
});
