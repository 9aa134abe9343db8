import { describe, expect, it } from 'vitest';
import {
  formatWareki,
  fromJpkiBirthDate,
  parseCompactDate,
  parseIsoDate,
  toWareki,
  WarekiError,
} from '../../src/cards/mynumber/wareki';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('toWareki at every era boundary', () => {
  const cases: Array<[string, string, number, number]> = [
    ['1868-10-23', 'meiji', 1, 1],
    ['1912-07-29', 'meiji', 45, 1],
    ['1912-07-30', 'taisho', 1, 2],
    ['1926-12-24', 'taisho', 15, 2],
    ['1926-12-25', 'showa', 1, 3],
    ['1989-01-07', 'showa', 64, 3],
    ['1989-01-08', 'heisei', 1, 4],
    ['2019-04-30', 'heisei', 31, 4],
    ['2019-05-01', 'reiwa', 1, 5],
    ['1980-02-17', 'showa', 55, 3],
    ['2024-02-29', 'reiwa', 6, 5],
  ];
  for (const [iso, era, eraYear, code] of cases) {
    it(`${iso} → ${era} ${eraYear}`, () => {
      const w = toWareki(iso);
      expect(w.era).toBe(era);
      expect(w.eraYear).toBe(eraYear);
      expect(w.jpkiEraCode).toBe(code);
      expect(w.isoDate).toBe(iso);
      expect(w.gregorianYear).toBe(Number(iso.slice(0, 4)));
      expect(w.month).toBe(Number(iso.slice(5, 7)));
      expect(w.day).toBe(Number(iso.slice(8, 10)));
    });
  }

  it('rejects dates before Meiji', () => {
    expect(codeOf(() => toWareki('1868-10-22'))).toBe('wareki-out-of-range');
  });

  it('rejects impossible and malformed dates', () => {
    for (const bad of ['2023-02-30', '2023-02-29', '1900-02-29', '2023-13-01', '2023-00-10', '2023-01-00', '2023-04-31', '2023-1-01', '20230101', '2023-01-01T00', '２０２３-01-01', '']) {
      expect(codeOf(() => toWareki(bad)), bad).toBe('wareki-invalid-date');
    }
    expect(() => toWareki('2023-02-30')).toThrow(WarekiError);
    expect(toWareki('2000-02-29').eraYear).toBe(12);
  });
});

describe('formatWareki', () => {
  it('formats Japanese and English', () => {
    expect(formatWareki('1980-02-17', 'ja')).toBe('昭和55年2月17日');
    expect(formatWareki(toWareki('1980-02-17'), 'en')).toBe('Showa 55 (1980) Feb 17');
    expect(formatWareki('1989-01-08', 'ja')).toBe('平成元年1月8日');
    expect(formatWareki('2019-05-01', 'ja')).toBe('令和元年5月1日');
    expect(formatWareki('2019-05-01', 'en')).toBe('Reiwa 1 (2019) May 1');
    expect(formatWareki('1926-12-25', 'en')).toBe('Showa 1 (1926) Dec 25');
    expect(formatWareki('1912-07-30', 'ja')).toBe('大正元年7月30日');
  });
});

describe('fromJpkiBirthDate (spec §4.5)', () => {
  it('parses the spec example', () => {
    expect(fromJpkiBirthDate('419900102')).toEqual({ eraCode: 4, era: 'heisei', date: '1990-01-02', eraConsistent: true });
  });
  it('accepts era code 0 (unknown) as consistent', () => {
    expect(fromJpkiBirthDate('019800217')).toEqual({ eraCode: 0, era: undefined, date: '1980-02-17', eraConsistent: true });
  });
  it('flags an era code that contradicts the date', () => {
    expect(fromJpkiBirthDate('319900102').eraConsistent).toBe(false);
    // 1989-01-07 is still Showa; 1989-01-08 is Heisei.
    expect(fromJpkiBirthDate('319890107').eraConsistent).toBe(true);
    expect(fromJpkiBirthDate('419890107').eraConsistent).toBe(false);
    expect(fromJpkiBirthDate('419890108').eraConsistent).toBe(true);
    expect(fromJpkiBirthDate('520190501').eraConsistent).toBe(true);
    expect(fromJpkiBirthDate('420190501').eraConsistent).toBe(false);
  });
  it('rejects malformed values with a typed code', () => {
    for (const bad of ['41990010', '4199001020', '619900102', '919900102', '419900230', 'A19900102', '4199O0102', '']) {
      expect(codeOf(() => fromJpkiBirthDate(bad)), bad).toBe('wareki-bad-jpki-birth-date');
    }
  });
});

describe('date parsers', () => {
  it('parses strict ISO and compact forms', () => {
    expect(parseIsoDate('1980-02-17')).toEqual({ year: 1980, month: 2, day: 17 });
    expect(parseIsoDate('1980-02-30')).toBeUndefined();
    expect(parseCompactDate('20350217')).toEqual({ year: 2035, month: 2, day: 17 });
    expect(parseCompactDate('2035021')).toBeUndefined();
    expect(parseCompactDate('2035-2-1')).toBeUndefined();
    expect(parseCompactDate('00000000')).toBeUndefined();
  });
});
