/**
 * JIS X 0208 text as the licence stores it (licence-facts §3.2): two bytes per character, each in
 * 21–7E (row/cell + 0x20), no escape sequences [I×5], with the 外字 references FFF1–FFF7 and the
 * 欠字 mark FFFA inside the text [I×3: TRET, WATA, MATS].
 *
 * The mapping to Unicode is the `encoding-japanese` package's (EUC-JP table; maintained, MIT,
 * pinned in package.json), read once into a 94×94 table by converting every row/cell in one call
 * (tests/licence/jis-x0208.test.ts checks the table code by code against the library). Only rows
 * 1–8 and 16–84 count as JIS X 0208; the library also maps NEC row 13 and IBM rows 89–92, which
 * are NOT JIS X 0208 and are returned as `unmapped` (shown as 〓 and flagged), like unassigned cells.
 * The library maps 7 codes the Microsoft (CP932) way — 2140 → U+FF3C ＼, 2141 → U+FF5E ～,
 * 2142 → U+2225 ∥, 215D → U+FF0D －, 2171 → U+FFE0 ￠, 2172 → U+FFE1 ￡, 224C → U+FFE2 ￢ — where the
 * old Unicode JIS0208.TXT has U+005C, U+301C, U+2016, U+2212, U+00A2, U+00A3, U+00AC: the glyphs
 * look the same to a clerk, and these are the code points Japanese input methods produce
 * (tests/licence/jis-x0208.test.ts pins them).
 *
 * Editions: the 記載事項 (tag 11) and every change record carry a "JIS X 0208 制定年番号". TAKU saw
 * 0x78 on a real card and reads it as 1978 (JIS C 6226-1978) [I, one source; the byte's meaning
 * is U]. The 1983 revision swapped 22 pairs of kanji between levels 1 and 2 and moved 4 to row 84,
 * so a 1978 text decoded with a 1983 table shows the wrong kanji for those 48 codes (鰺 for 鯵,
 * 檜 for 桧 …). `edition: '1978'` applies the swap first; the list of pairs is JIS C 6226-1983's
 * well-known 22 (their codes here come from the library, the pairing from the standard's history).
 */
import Encoding from 'encoding-japanese';
import { GAIJI_CODE_FIRST, GAIJI_CODE_LAST, MISSING_CHARACTER_CODE } from './licence-layout';
import { LicenceRecordError } from './licence-errors';

export type GaijiSlot = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  /** 外字 n (code FFF0+n): its glyph is a bitmap in EF03 (1, 2) or EF05 (3–7). */
  | { readonly kind: 'gaiji'; readonly slot: GaijiSlot }
  /** 欠字 (FFFA): a character the issuing system could not write at all. */
  | { readonly kind: 'missing' }
  /** A row/cell JIS X 0208 does not assign (or NEC/IBM extension rows). */
  | { readonly kind: 'unmapped'; readonly code: number };

/** Decoded licence text: segments for a UI that draws 外字 inline, and a plain display string. */
export interface LicenceText {
  readonly segments: readonly TextSegment[];
  /** The text with 〓 (U+3013) for each 外字 or unmapped code and ？ for 欠字; trailing full-width spaces removed. */
  readonly display: string;
  /** 外字 slots referenced, each once, in order of first use. */
  readonly gaijiSlots: readonly GaijiSlot[];
  readonly hasMissing: boolean;
  readonly hasUnmapped: boolean;
}

/** GETA MARK, the customary stand-in for a character that cannot be shown. */
export const GAIJI_PLACEHOLDER = '\u3013';
/** What LJ shows for 欠字 [I]. */
export const MISSING_PLACEHOLDER = '\uff1f';

/** Which mapping the text was written in (the 制定年番号 byte). */
export type JisEdition = '1978' | 'current';

/** 制定年番号 → edition: 0x78 is read as 1978 [I: TAKU; U]; anything else as the current table. */
export function jisEditionOf(yearByte: number | undefined): JisEdition {
  return yearByte === 0x78 ? '1978' : 'current';
}

const ROWS = 94;
let table: Uint16Array | undefined;

function inJisX0208Rows(row: number): boolean {
  return (row >= 1 && row <= 8) || (row >= 16 && row <= 84);
}

/** The library's mapping of every row/cell (1-based), 0 where it maps none or the row is not JIS X 0208. */
export function jisTable(): Uint16Array {
  if (table) return table;
  const euc = new Uint8Array(ROWS * ROWS * 2);
  for (let r = 1; r <= ROWS; r++) {
    for (let c = 1; c <= ROWS; c++) {
      const i = ((r - 1) * ROWS + (c - 1)) * 2;
      euc[i] = 0xa0 + r;
      euc[i + 1] = 0xa0 + c;
    }
  }
  const out = Encoding.convert(euc, { to: 'UNICODE', from: 'EUCJP', type: 'array' }) as number[];
  const t = new Uint16Array(ROWS * ROWS);
  const aligned = out.length === ROWS * ROWS;
  for (let i = 0; i < ROWS * ROWS; i++) {
    const row = Math.floor(i / ROWS) + 1;
    if (!inJisX0208Rows(row)) continue;
    // One character per row/cell, as every JIS X 0208 character is one BMP code unit; should a
    // future library version break the alignment, convert code by code instead.
    const u = aligned ? out[i]! : (Encoding.convert([euc[i * 2]!, euc[i * 2 + 1]!], { to: 'UNICODE', from: 'EUCJP', type: 'array' }) as number[])[0];
    // The library answers '?' for a code it cannot map; no JIS X 0208 code maps to U+003F.
    if (u !== undefined && u !== 0x3f && u > 0x7f) t[i] = u;
  }
  table = t;
  return t;
}

/** JIS C 6226-1983's 22 swapped pairs and the 4 kanji moved to row 84 (1983 codes, from the library). */
const SWAPPED_1983 = '鯵鰺 鴬鶯 蛎蠣 撹攪 竃竈 潅灌 諌諫 頚頸 砿礦 蕊蘂 靭靱 賎賤 壷壺 砺礪 梼檮 涛濤 迩邇 蝿蠅 桧檜 侭儘 薮藪 篭籠';
const MOVED_1983 = '尭堯 槙槇 遥遙 瑶瑤';
let remap1978: Map<number, number> | undefined;

function code1983Of(ch: string): number {
  const t = jisTable();
  const u = ch.charCodeAt(0);
  for (let i = 0; i < t.length; i++) {
    if (t[i] === u) return ((Math.floor(i / ROWS) + 0x21) << 8) | ((i % ROWS) + 0x21);
  }
  return -1;
}

/** 1978 code → the 1983 code of the same character (-1: no character at this code in 1978). */
function remap1978Table(): Map<number, number> {
  if (remap1978) return remap1978;
  const m = new Map<number, number>();
  for (const pair of SWAPPED_1983.split(' ')) {
    const a = code1983Of(pair[0]!);
    const b = code1983Of(pair[1]!);
    if (a < 0 || b < 0) continue;
    m.set(a, b);
    m.set(b, a);
  }
  for (const pair of MOVED_1983.split(' ')) {
    // 1978 had the traditional form at the level-1/2 position and nothing in row 84.
    const simplified = code1983Of(pair[0]!);
    const traditional = code1983Of(pair[1]!);
    if (simplified < 0 || traditional < 0) continue;
    m.set(simplified, traditional);
    m.set(traditional, -1);
  }
  remap1978 = m;
  return m;
}

/** Unicode of one JIS X 0208 code (2121–7E7E), or undefined when unassigned. */
export function jisCodeToUnicode(code: number, edition: JisEdition = 'current'): string | undefined {
  let c = code;
  if (edition === '1978') {
    const r = remap1978Table().get(code);
    if (r === -1) return undefined;
    if (r !== undefined) c = r;
  }
  const row = (c >> 8) - 0x20;
  const cell = (c & 0xff) - 0x20;
  if (row < 1 || row > ROWS || cell < 1 || cell > ROWS) return undefined;
  const u = jisTable()[(row - 1) * ROWS + (cell - 1)]!;
  return u === 0 ? undefined : String.fromCharCode(u);
}

/**
 * Decode a JIS X 0208 value. `record` and `absOffset` name the place in the file for errors.
 * An odd length or a byte outside 21–7E that is not part of a 外字/欠字 code is a malformed record;
 * an unassigned code is not (it becomes an `unmapped` segment, flagged).
 */
export function decodeJisX0208(bytes: Uint8Array, record: string, absOffset: number, edition: JisEdition = 'current'): LicenceText {
  if (bytes.length % 2 !== 0) {
    throw new LicenceRecordError('licence-record-bad-text', record, `JIS X 0208 text of odd length ${bytes.length}`, absOffset);
  }
  const segments: TextSegment[] = [];
  const slots: GaijiSlot[] = [];
  let run = '';
  let display = '';
  let hasMissing = false;
  let hasUnmapped = false;
  const flush = (): void => {
    if (run) segments.push({ kind: 'text', text: run });
    run = '';
  };
  for (let i = 0; i < bytes.length; i += 2) {
    const hi = bytes[i]!;
    const lo = bytes[i + 1]!;
    const code = (hi << 8) | lo;
    if (code >= GAIJI_CODE_FIRST && code <= GAIJI_CODE_LAST) {
      flush();
      const slot = (code - 0xfff0) as GaijiSlot;
      segments.push({ kind: 'gaiji', slot });
      if (!slots.includes(slot)) slots.push(slot);
      display += GAIJI_PLACEHOLDER;
      continue;
    }
    if (code === MISSING_CHARACTER_CODE) {
      flush();
      segments.push({ kind: 'missing' });
      hasMissing = true;
      display += MISSING_PLACEHOLDER;
      continue;
    }
    if (hi < 0x21 || hi > 0x7e || lo < 0x21 || lo > 0x7e) {
      throw new LicenceRecordError('licence-record-bad-text', record, 'byte outside JIS X 0208 (21–7E) and not a 外字 code', absOffset + (hi < 0x21 || hi > 0x7e ? i : i + 1));
    }
    const ch = jisCodeToUnicode(code, edition);
    if (ch === undefined) {
      flush();
      segments.push({ kind: 'unmapped', code });
      hasUnmapped = true;
      display += GAIJI_PLACEHOLDER;
      continue;
    }
    run += ch;
    display += ch;
  }
  flush();
  return { segments, display: display.replace(/\u3000+$/u, ''), gaijiSlots: slots, hasMissing, hasUnmapped };
}

/** True when the text needs a person to look at it (外字, 欠字 or unmapped codes). */
export function needsStaffAttention(text: LicenceText): boolean {
  return text.gaijiSlots.length > 0 || text.hasMissing || text.hasUnmapped;
}
