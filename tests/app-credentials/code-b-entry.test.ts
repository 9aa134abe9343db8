/** The forgiving 照合番号B entry (issue 11 §5, §8): normalising before limits, spreading, the 和暦/西暦 slip. */
import { describe, expect, it } from 'vitest';
import { birthInEra, codeBDigits, EMPTY_CODE_B, enterBirth, enterExpiry, normaliseDigits, normalisePassword, westernToEra } from '../../src/app/screens/credentials/code-b-entry';

describe('code B entry', () => {
  it('normalises full-width digits and spaces before any length limit (the issue’s own example)', () => {
    const pasted = '５５０２１７ ２０３５ ２２８５';
    expect(normaliseDigits(pasted)).toBe('55021720352285');
    const r = enterBirth(EMPTY_CODE_B, pasted);
    expect(r.spread).toBe(true);
    expect(codeBDigits(r.parts)).toBe('55021720352285');
    expect(r.parts).toMatchObject({ birth: '550217', expiryYear: '2035', securityCode: '2285' });
    // Ideographic spaces, hyphens and dots as an IME or a paste may bring them.
    expect(codeBDigits(enterBirth(EMPTY_CODE_B, '550217\u30002035-2285.').parts)).toBe('55021720352285');
  });

  it('a Western birth date typed in the birth box becomes the era and its two-digit year', () => {
    expect(westernToEra('19800217')).toEqual({ era: 'showa', birth: '550217' });
    expect(westernToEra('19890108')).toEqual({ era: 'heisei', birth: '010108' });
    expect(westernToEra('19890107')).toEqual({ era: 'showa', birth: '640107' });
    expect(westernToEra('20190501')).toEqual({ era: 'reiwa', birth: '010501' });
    expect(westernToEra('19800230')).toBeUndefined();
    const r = enterBirth(EMPTY_CODE_B, '1980-02-17');
    expect(r).toMatchObject({ converted: '19800217', parts: { era: 'showa', birth: '550217' } });
    // Western date + expiry + code in one go (16 digits).
    expect(enterBirth(EMPTY_CODE_B, '19800217 2035 2285').parts).toMatchObject({ era: 'showa', birth: '550217', expiryYear: '2035', securityCode: '2285' });
  });

  it('checks the birth digits against the chosen era', () => {
    expect(birthInEra('showa', '550217')).toEqual({ iso: '1980-02-17' });
    expect(birthInEra('reiwa', '550217', new Date('2026-11-20'))).toEqual({ problem: 'future' });
    expect(birthInEra('taisho', '200101')).toEqual({ problem: 'not-in-era' });
    expect(birthInEra('heisei', '310430')).toEqual({ iso: '2019-04-30' });
    expect(birthInEra('heisei', '310501')).toEqual({ problem: 'not-in-era' });
    expect(birthInEra('showa', '551317')).toEqual({ problem: 'month' });
    expect(birthInEra('showa', '550230')).toEqual({ problem: 'day' });
    expect(birthInEra(undefined, '5502')).toEqual({});
  });

  it('the expiry box passes extra digits on to the security code; the password keeps capitals and digits only', () => {
    expect(enterExpiry(EMPTY_CODE_B, '２０３５２２８５').parts).toMatchObject({ expiryYear: '2035', securityCode: '2285' });
    expect(normalisePassword('ｋａｚａｓｕ１ ')).toBe('KAZASU1');
  });
});

describe('typing a Western date digit by digit', () => {
  it('waits after six digits that are no era date, converts at eight', () => {
    let parts = EMPTY_CODE_B;
    for (const prefix of ['1', '19', '198', '1980', '19800', '198002', '1980021']) {
      const r = enterBirth(parts, prefix);
      expect(r.spread).toBe(false);
      parts = r.parts;
    }
    expect(parts.birth).toBe('1980021');
    expect(birthInEra('showa', parts.birth)).toEqual({ problem: 'long' });
    expect(enterBirth(parts, '19800217').parts).toMatchObject({ era: 'showa', birth: '550217' });
  });
});
