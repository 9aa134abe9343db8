/**
 * The licence simulator's own text encoders (it never calls the card library's decoder):
 *  - JIS X 0208 two-byte codes from Unicode through `encoding-japanese` (Unicode → EUC-JP, minus
 *    0x80 per byte), accepting only JIS X 0208 rows 1–8 and 16–84; a character outside JIS X 0208
 *    must be declared as a 外字 in the profile and is written as FFF0+slot;
 *  - the 1978 edition (JIS C 6226-1978, 制定年番号 0x78 as TAKU saw on a real card): the 22 kanji
 *    pairs JIS C 6226-1983 swapped and the 4 it moved to row 84 are written at their 1978 codes;
 *  - 元号YYMMDD dates, in JIS X 0201 (記載事項) or full-width JIS X 0208 (change records).
 */
import Encoding from 'encoding-japanese';
import { KazasuError } from '../../errors/kazasu-error';

export class SimLicenceError extends KazasuError {
  constructor(
    readonly code: 'sim-licence-bad-profile' | 'sim-licence-not-jis' | 'sim-licence-bad-date' | 'sim-licence-forgery-failed',
    message: string,
  ) {
    super(message);
  }
}

export type SimJisEdition = '1978' | 'current';

/** 1983 swap pairs and row-84 moves, by character (the codes come from the library below). */
const PAIRS_1983 = ['鯵鰺', '鴬鶯', '蛎蠣', '撹攪', '竃竈', '潅灌', '諌諫', '頚頸', '砿礦', '蕊蘂', '靭靱', '賎賤', '壷壺', '砺礪', '梼檮', '涛濤', '迩邇', '蝿蠅', '桧檜', '侭儘', '薮藪', '篭籠'];
const MOVED_1983 = ['尭堯', '槙槇', '遥遙', '瑶瑤'];

function currentCode(ch: string): number {
  const euc = Encoding.convert(Encoding.stringToCode(ch), { to: 'EUCJP', from: 'UNICODE', type: 'array' }) as number[];
  if (euc.length !== 2) throw new SimLicenceError('sim-licence-not-jis', `U+${ch.codePointAt(0)!.toString(16).toUpperCase()} is not a two-byte JIS character`);
  const hi = euc[0]! - 0x80;
  const lo = euc[1]! - 0x80;
  const row = hi - 0x20;
  if (!(hi >= 0x21 && hi <= 0x7e && lo >= 0x21 && lo <= 0x7e) || !((row >= 1 && row <= 8) || (row >= 16 && row <= 84))) {
    throw new SimLicenceError('sim-licence-not-jis', `U+${ch.codePointAt(0)!.toString(16).toUpperCase()} is not in JIS X 0208 (declare it as a 外字)`);
  }
  return (hi << 8) | lo;
}

let to1978: Map<string, number> | undefined;
/** Characters whose 1978 code differs from today's, and that code (-1: no 1978 code). */
function map1978(): Map<string, number> {
  if (to1978) return to1978;
  const m = new Map<string, number>();
  for (const [a, b] of PAIRS_1983.map((p) => [...p] as [string, string])) {
    m.set(a, currentCode(b));
    m.set(b, currentCode(a));
  }
  for (const [simplified, traditional] of MOVED_1983.map((p) => [...p] as [string, string])) {
    m.set(traditional, currentCode(simplified));
    m.set(simplified, -1);
  }
  to1978 = m;
  return m;
}

/**
 * Encode `text` as JIS X 0208. `gaiji` maps characters that are not in JIS X 0208 to their slot
 * (1–7, code FFF0+slot); `〓missing〓` is not supported — use `missingChars` for 欠字 (FFFA).
 */
export function encodeJis(text: string, edition: SimJisEdition, gaiji: ReadonlyMap<string, number> = new Map(), missingChars: ReadonlySet<string> = new Set()): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const slot = gaiji.get(ch);
    if (slot !== undefined) {
      out.push(0xff, 0xf0 + slot);
      continue;
    }
    if (missingChars.has(ch)) {
      out.push(0xff, 0xfa);
      continue;
    }
    let code: number;
    if (edition === '1978' && map1978().has(ch)) {
      code = map1978().get(ch)!;
      if (code < 0) throw new SimLicenceError('sim-licence-not-jis', `${ch} has no JIS C 6226-1978 code`);
    } else code = currentCode(ch);
    out.push(code >> 8, code & 0xff);
  }
  return Uint8Array.from(out);
}

/** Printable ASCII (JIS X 0201 Roman for digits and letters). */
export function encodeAscii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new SimLicenceError('sim-licence-bad-profile', 'ASCII field with a non-ASCII character');
    out[i] = c;
  }
  return out;
}

/** The simulator's own era table (first day of each era; codes 1 明治 … 5 令和). */
const ERAS: readonly { readonly code: number; readonly start: string }[] = [
  { code: 5, start: '2019-05-01' },
  { code: 4, start: '1989-01-08' },
  { code: 3, start: '1926-12-25' },
  { code: 2, start: '1912-07-30' },
  { code: 1, start: '1868-10-23' },
];

/** 'YYYY-MM-DD' → '元号YYMMDD' (7 digits). */
export function eraDigits(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new SimLicenceError('sim-licence-bad-date', `not a YYYY-MM-DD date: ${iso}`);
  const era = ERAS.find((e) => iso >= e.start);
  if (!era) throw new SimLicenceError('sim-licence-bad-date', `${iso} is before the Meiji era`);
  const eraYear = Number(m[1]) - Number(era.start.slice(0, 4)) + 1;
  if (eraYear > 99) throw new SimLicenceError('sim-licence-bad-date', `${iso}: era year above 99`);
  return `${era.code}${String(eraYear).padStart(2, '0')}${m[2]}${m[3]}`;
}

/** 7 JIS X 0201 digits, e.g. 4140913 for 2002-09-13. */
export function eraDateAscii(iso: string): Uint8Array {
  return encodeAscii(eraDigits(iso));
}

/** 7 full-width digits in JIS X 0208 (change records): ０ is 2330 … ９ 2339. */
export function eraDateFullWidth(iso: string): Uint8Array {
  const out: number[] = [];
  for (const d of eraDigits(iso)) out.push(0x23, 0x30 + Number(d));
  return Uint8Array.from(out);
}

/** Packed BCD YYYYMMDD (common data). */
export function bcdDate(iso: string): Uint8Array {
  const digits = iso.replace(/-/g, '');
  if (!/^\d{8}$/.test(digits)) throw new SimLicenceError('sim-licence-bad-date', `not a YYYY-MM-DD date: ${iso}`);
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]);
  return out;
}

/** The simulator's TLV encoder: 1- or 2-byte tags, lengths as one byte, 81 xx or 82 xx xx. */
export function tlv(tag: number, value: Uint8Array, options: { readonly longForm?: boolean } = {}): Uint8Array {
  const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  const len = options.longForm || n > 0xff ? [0x82, n >> 8, n & 0xff] : n < 0x80 ? [n] : [0x81, n];
  const out = new Uint8Array(tagBytes.length + len.length + n);
  out.set(tagBytes, 0);
  out.set(len, tagBytes.length);
  out.set(value, tagBytes.length + len.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `content` padded with FF to `size` (a file as the card stores it); longer content is an error. */
export function padFile(content: Uint8Array, size: number, what: string): Uint8Array {
  if (content.length > size) throw new SimLicenceError('sim-licence-bad-profile', `${what}: ${content.length} bytes do not fit the ${size}-byte file`);
  const out = new Uint8Array(size).fill(0xff);
  out.set(content, 0);
  return out;
}
