/**
 * 生年月日 otherName `EYYYYMMDD` (spec §4.5): E = 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和, 0 不明;
 * YYYYMMDD is Gregorian. Parts may be unknown (00) for some registered persons.
 */
export type BirthDateResult =
  | { readonly ok: true; readonly eraCode: number; readonly iso: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Gregorian spans of each era, inclusive. Eras that changed mid-day share their first/last day
 * (1912-07-30 is both 明治45 and 大正1; 1926-12-25 both 大正15 and 昭和1).
 */
const ERA_SPANS: Readonly<Record<number, readonly [string, string]>> = {
  1: ['00000000', '19120730'],
  2: ['19120730', '19261225'],
  3: ['19261225', '19890107'],
  4: ['19890108', '20190430'],
  5: ['20190501', '99991231'],
};

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function parseJpkiBirthDate(value: string): BirthDateResult {
  const m = /^([0-5])(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return { ok: false, reason: 'birth date is not EYYYYMMDD' };
  const eraCode = Number(m[1]);
  if (eraCode === 0) return { ok: true, eraCode, iso: undefined };
  const [y, mo, d] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const span = ERA_SPANS[eraCode]!;
  if (y === 0 || mo === 0 || d === 0) {
    // Partly unknown: no ISO date, but a known year must still fall inside the era.
    if (mo > 12 || d > 31) return { ok: false, reason: 'birth date month/day out of range' };
    if (y !== 0 && (y < Number(span[0].slice(0, 4)) || y > Number(span[1].slice(0, 4)))) {
      return { ok: false, reason: `year ${y} is not in era ${eraCode}` };
    }
    return { ok: true, eraCode, iso: undefined };
  }
  if (!isCalendarDate(y, mo, d)) return { ok: false, reason: 'birth date is not a calendar date' };
  const ymd = `${m[2]}${m[3]}${m[4]}`;
  if (ymd < span[0] || ymd > span[1]) return { ok: false, reason: `date does not fall in era ${eraCode}` };
  return { ok: true, eraCode, iso: `${m[2]}-${m[3]}-${m[4]}` };
}
