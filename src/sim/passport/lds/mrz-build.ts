/**
 * The simulator's MRZ writer (ICAO 9303-3 §4.9 check digits; 9303-4 TD3, 9303-5 TD1, 9303-6
 * TD2), written independently of the card library's parser so each checks the other.
 */
import { SimPassportError } from '../pki/sim-passport-error';

export interface MrzFields {
  readonly format: 'TD1' | 'TD2' | 'TD3';
  /** "P", "I", "ID", … */
  readonly documentCode: string;
  readonly issuingState: string;
  readonly primary: string;
  readonly secondary: string;
  readonly documentNumber: string;
  readonly nationality: string;
  /** YYMMDD */
  readonly birthDate: string;
  readonly sex: 'M' | 'F' | '<';
  /** YYMMDD */
  readonly expiryDate: string;
  /** TD3 personal number, TD1 line-1 optional data, TD2 optional data. */
  readonly optionalData?: string;
  /** TD1 line-2 optional data. */
  readonly optionalData2?: string;
}

const VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function checkDigit(s: string): string {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const v = c === '<' ? 0 : VALUES.indexOf(c);
    if (v < 0) throw new SimPassportError('sim-pp-bad-params', `"${c}" is not an MRZ character`);
    sum += v * [7, 3, 1][i % 3]!;
  }
  return String(sum % 10);
}

function field(s: string, width: number): string {
  const up = s.toUpperCase().replace(/ /g, '<');
  if (!/^[A-Z0-9<]*$/.test(up)) throw new SimPassportError('sim-pp-bad-params', `"${s}" has characters an MRZ cannot hold`);
  if (up.length > width) throw new SimPassportError('sim-pp-bad-params', `"${s}" is longer than ${width}`);
  return up.padEnd(width, '<');
}

function name(primary: string, secondary: string, width: number): string {
  const p = primary.toUpperCase().replace(/[ -]/g, '<');
  const s = secondary.toUpperCase().replace(/[ -]/g, '<');
  return field(s ? `${p}<<${s}` : p, width);
}

/** `<`-filled optional field whose check digit is `<` when empty (9303-4 §4.2.2). */
function optionalWithCheck(value: string | undefined, width: number): string {
  const f = field(value ?? '', width);
  return f + (/^<*$/.test(f) ? '<' : checkDigit(f));
}

export function buildMrzLines(m: MrzFields): string[] {
  const doc = field(m.documentNumber, 9);
  const docCd = checkDigit(doc);
  const birth = m.birthDate + checkDigit(m.birthDate);
  const expiry = m.expiryDate + checkDigit(m.expiryDate);
  if (m.format === 'TD1') {
    const l1 = field(m.documentCode, 2) + field(m.issuingState, 3) + doc + docCd + field(m.optionalData ?? '', 15);
    const l2start = birth + m.sex + expiry + field(m.nationality, 3) + field(m.optionalData2 ?? '', 11);
    const composite = l1.slice(5, 30) + l2start.slice(0, 7) + l2start.slice(8, 15) + l2start.slice(18, 29);
    return [l1, l2start + checkDigit(composite), name(m.primary, m.secondary, 30)];
  }
  const width = m.format === 'TD3' ? 44 : 36;
  const l1 = field(m.documentCode, 2) + field(m.issuingState, 3) + name(m.primary, m.secondary, width - 5);
  const head = doc + docCd + field(m.nationality, 3) + birth + m.sex + expiry;
  const opt = m.format === 'TD3' ? optionalWithCheck(m.optionalData, 14) : field(m.optionalData ?? '', 7);
  const body = head + opt;
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21);
  return [l1, body + checkDigit(composite)];
}
