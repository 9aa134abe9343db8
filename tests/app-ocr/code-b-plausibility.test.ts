import { describe, expect, it } from 'vitest';
import { plausibleBirthDate, plausibleCodeB, plausibleExpiry, type PlausibilityOptions } from '../../src/app/ocr/code-b-plausibility';
import type { BirthDateText } from '../../src/app/ocr/code-b-text';
import { expectedCodeB, randomCardFronts } from '../../src/sim/card-front';
import { parseBirthDateLine, parseExpiryLine } from '../../src/app/ocr/code-b-text';
import { printedBirthDate, printedExpiry } from '../../src/sim/card-front';

const OPTIONS: PlausibilityOptions = { today: { year: 2026, month: 12, day: 1 } };
const wareki = (era: 'meiji' | 'taisho' | 'showa' | 'heisei' | 'reiwa', eraYear: number, month: number, day: number): BirthDateText => ({ printed: 'wareki', era, eraYear, month, day });

describe('照合番号B plausibility (a refused read is never used)', () => {
  it('known answer: the default simulated card → 55021720352285 (spec §2.1 example)', () => {
    const r = plausibleCodeB(wareki('showa', 55, 2, 17), { year: 2035, month: 2, day: 17 }, '2285', OPTIONS);
    expect(r).toEqual({
      ok: true,
      value: {
        birthDate: { printed: 'wareki', era: 'showa', eraYear: 55, month: 2, day: 17, iso: '1980-02-17', yymmdd: '550217' },
        expiry: { year: 2035, month: 2, day: 17, iso: '2035-02-17' },
        securityCode: '2285',
        codeB: '55021720352285',
      },
    });
  });

  it('era boundaries are exact (昭和64年 ends on 1 Jan 7; 平成31年 on 30 Apr)', () => {
    expect(plausibleBirthDate(wareki('showa', 64, 1, 7), OPTIONS).ok).toBe(true);
    expect(plausibleBirthDate(wareki('showa', 64, 1, 8), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('showa', 64, 2, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('heisei', 1, 1, 7), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('heisei', 1, 1, 8), OPTIONS).ok).toBe(true);
    expect(plausibleBirthDate(wareki('heisei', 31, 4, 30), OPTIONS).ok).toBe(true);
    expect(plausibleBirthDate(wareki('heisei', 31, 5, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('heisei', 32, 1, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('reiwa', 1, 5, 1), OPTIONS).ok).toBe(true);
    expect(plausibleBirthDate(wareki('reiwa', 1, 4, 30), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('taisho', 15, 12, 24), OPTIONS).ok).toBe(true);
    expect(plausibleBirthDate(wareki('taisho', 15, 12, 25), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
    expect(plausibleBirthDate(wareki('showa', 0, 5, 5), OPTIONS)).toEqual({ ok: false, reason: 'birth-outside-era' });
  });

  it('refuses dates that do not exist, lie ahead, or are too long ago', () => {
    expect(plausibleBirthDate(wareki('showa', 55, 2, 30), OPTIONS)).toEqual({ ok: false, reason: 'birth-not-a-date' });
    expect(plausibleBirthDate(wareki('showa', 55, 13, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-not-a-date' });
    expect(plausibleBirthDate(wareki('heisei', 3, 2, 29), OPTIONS)).toEqual({ ok: false, reason: 'birth-not-a-date' }); // 1991
    expect(plausibleBirthDate(wareki('heisei', 4, 2, 29), OPTIONS).ok).toBe(true); // 1992
    expect(plausibleBirthDate(wareki('reiwa', 8, 12, 2), OPTIONS)).toEqual({ ok: false, reason: 'birth-in-future' });
    expect(plausibleBirthDate(wareki('reiwa', 9, 1, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-in-future' });
    expect(plausibleBirthDate(wareki('meiji', 30, 1, 1), OPTIONS)).toEqual({ ok: false, reason: 'birth-too-old' });
    expect(plausibleBirthDate({ printed: 'western', year: 1868, month: 1, day: 1 }, { ...OPTIONS, maxAgeYears: 200 })).toEqual({ ok: false, reason: 'birth-too-old' });
  });

  it('expiry: a real date, a year a card can have, and (for 和暦 faces) the holder\'s birthday', () => {
    const birth = { year: 1980, month: 2, day: 17 };
    expect(plausibleExpiry({ year: 2035, month: 2, day: 17 }, birth, 'wareki', OPTIONS).ok).toBe(true);
    expect(plausibleExpiry({ year: 2035, month: 2, day: 30 }, birth, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-not-a-date' });
    expect(plausibleExpiry({ year: 2015, month: 2, day: 17 }, birth, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-year-out-of-range' });
    expect(plausibleExpiry({ year: 2038, month: 2, day: 17 }, birth, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-year-out-of-range' });
    expect(plausibleExpiry({ year: 2037, month: 2, day: 17 }, birth, 'wareki', OPTIONS).ok).toBe(true);
    expect(plausibleExpiry({ year: 2035, month: 2, day: 18 }, birth, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-not-on-birthday' });
    expect(plausibleExpiry({ year: 2035, month: 12, day: 17 }, birth, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-not-on-birthday' });
    // Foreign residents (Western birth date printed): the card ends with the period of stay.
    expect(plausibleExpiry({ year: 2031, month: 3, day: 31 }, { year: 1990, month: 7, day: 14 }, 'western', OPTIONS).ok).toBe(true);
    // The rule can be switched off by a deployment.
    expect(plausibleExpiry({ year: 2035, month: 2, day: 18 }, birth, 'wareki', { ...OPTIONS, expiryOnBirthday: 'ignore' }).ok).toBe(true);
    // 29 February: 28 Feb or 1 Mar in a common year (which one the card prints is UNCONFIRMED).
    const leap = { year: 1992, month: 2, day: 29 };
    expect(plausibleExpiry({ year: 2031, month: 2, day: 28 }, leap, 'wareki', OPTIONS).ok).toBe(true);
    expect(plausibleExpiry({ year: 2031, month: 3, day: 1 }, leap, 'wareki', OPTIONS).ok).toBe(true);
    // At least five years after birth.
    expect(plausibleExpiry({ year: 2027, month: 5, day: 1 }, { year: 2024, month: 5, day: 1 }, 'wareki', OPTIONS)).toEqual({ ok: false, reason: 'expiry-too-soon-after-birth' });
  });

  it('a Western-printed birth date still gives the 和暦 YYMMDD (spec §2.1 default; UNCONFIRMED for foreign residents)', () => {
    const r = plausibleCodeB({ printed: 'western', year: 1990, month: 7, day: 14 }, { year: 2031, month: 7, day: 14 }, '5519', OPTIONS);
    expect(r.ok && r.value.codeB).toBe('02071420315519');
    expect(r.ok && r.value.birthDate).toMatchObject({ printed: 'western', era: 'heisei', eraYear: 2 });
  });

  it('agrees with the simulator\'s own derivation on 300 printed faces (two independent implementations)', () => {
    for (const card of randomCardFronts(300, 'plausibility-test')) {
      const b = parseBirthDateLine(printedBirthDate(card));
      const e = parseExpiryLine(printedExpiry(card));
      expect(b.ok && e.ok).toBe(true);
      if (!b.ok || !e.ok) continue;
      const r = plausibleCodeB(b.value, e.value, card.securityCode, OPTIONS);
      expect(r.ok, `${printedBirthDate(card)} ${printedExpiry(card)}`).toBe(true);
      if (r.ok) expect(r.value.codeB).toBe(expectedCodeB(card));
    }
  });
});
