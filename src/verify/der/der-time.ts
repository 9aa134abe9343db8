/**
 * UTCTime / GeneralizedTime as used by RFC 5280 (§4.1.2.5, §5.1.2.4–5): always UTC ("Z"), always
 * with seconds, never fractional. UTCTime years 50–99 are 19xx, 00–49 are 20xx; a
 * GeneralizedTime before 1950 is refused (RFC 5280 wants UTCTime up to 2049, and it keeps
 * Date.UTC away from its two-digit-year quirk). Impossible dates (02-30, 24:00, :60) are refused,
 * never rolled over.
 */
import { TAG, type DerFailure, type Tlv } from './der-reader';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function digits(buf: Uint8Array, at: number, count: number, t: Tlv, what: string, fail: DerFailure): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = buf[at + i]! - 0x30;
    if (c < 0 || c > 9) fail(`${what}: time has a non-digit`, t.offset);
    v = v * 10 + c;
  }
  return v;
}

/** True when `t` is a Time CHOICE (UTCTime or GeneralizedTime). */
export function isTimeTag(tag: number): boolean {
  return tag === TAG.UTC_TIME || tag === TAG.GENERALIZED_TIME;
}

/** Milliseconds since the epoch. */
export function readTime(buf: Uint8Array, t: Tlv, what: string, fail: DerFailure): number {
  const len = t.end - t.start;
  let year: number;
  let p: number;
  if (t.tag === TAG.UTC_TIME) {
    if (len !== 13) fail(`${what}: UTCTime must be YYMMDDHHMMSSZ`, t.offset);
    const yy = digits(buf, t.start, 2, t, what, fail);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    p = t.start + 2;
  } else if (t.tag === TAG.GENERALIZED_TIME) {
    if (len !== 15) fail(`${what}: GeneralizedTime must be YYYYMMDDHHMMSSZ`, t.offset);
    year = digits(buf, t.start, 4, t, what, fail);
    // Also keeps Date.UTC away from its two-digit-year quirk.
    if (year < 1950) fail(`${what}: GeneralizedTime year before 1950`, t.offset);
    p = t.start + 4;
  } else {
    return fail(`${what}: expected UTCTime or GeneralizedTime`, t.offset);
  }
  const month = digits(buf, p, 2, t, what, fail);
  const day = digits(buf, p + 2, 2, t, what, fail);
  const hour = digits(buf, p + 4, 2, t, what, fail);
  const minute = digits(buf, p + 6, 2, t, what, fail);
  const second = digits(buf, p + 8, 2, t, what, fail);
  if (buf[p + 10] !== 0x5a) fail(`${what}: time must end in Z`, t.offset);
  if (month < 1 || month > 12) fail(`${what}: month out of range`, t.offset);
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  const maxDay = DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
  if (day < 1 || day > maxDay || hour > 23 || minute > 59 || second > 59) {
    fail(`${what}: date or time field out of range`, t.offset);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}
