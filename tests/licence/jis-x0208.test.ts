/**
 * JIS X 0208 decoding (cards/licence/jis-x0208.ts) against the encoding-japanese library it is
 * built on, known answers from the implementations (TAKU: 3C 56 is 車), the 1978 edition, and
 * the 外字 / 欠字 codes.
 */
import Encoding from 'encoding-japanese';
import { describe, expect, it } from 'vitest';
import { decodeJisX0208, jisCodeToUnicode, jisEditionOf, jisTable, LicenceRecordError } from '../../src/cards/licence';
import { fromHex } from '../../src/bytes/hex';

const dec = (hex: string, edition: '1978' | 'current' = 'current') => decodeJisX0208(fromHex(hex), 'test', 0, edition);

describe('the table is the library’s mapping', () => {
  it('every JIS X 0208 row/cell decodes exactly as encoding-japanese decodes it alone', () => {
    const t = jisTable();
    let mapped = 0;
    for (let row = 1; row <= 94; row++) {
      for (let cell = 1; cell <= 94; cell++) {
        const u = (Encoding.convert([0xa0 + row, 0xa0 + cell], { to: 'UNICODE', from: 'EUCJP', type: 'array' }) as number[])[0];
        const inJis = (row >= 1 && row <= 8) || (row >= 16 && row <= 84);
        const expected = inJis && u !== undefined && u !== 0x3f ? u : 0;
        expect(t[(row - 1) * 94 + (cell - 1)], `row ${row} cell ${cell}`).toBe(expected);
        if (expected) mapped++;
      }
    }
    // JIS X 0208:1990: 524 non-kanji + 2965 level 1 + 3390 level 2.
    expect(mapped).toBe(6879);
  });

  it('known answers: 車 (TAKU), the full-width space, kana, digits, the 1990 additions', () => {
    expect(dec('3C 56').display).toBe('車');
    expect(dec('21 21').segments).toEqual([{ kind: 'text', text: '\u3000' }]);
    expect(dec('25 22 25 24').display).toBe('アイ');
    expect(dec('23 30 23 39').display).toBe('０９');
    expect(jisCodeToUnicode(0x7426)).toBe('熙');
    expect(jisCodeToUnicode(0x3021)).toBe('亜');
  });

  it('the 7 codes the library maps the CP932 way are pinned (what Japanese input methods type)', () => {
    const cp932: [number, number][] = [
      [0x2140, 0xff3c],
      [0x2141, 0xff5e],
      [0x2142, 0x2225],
      [0x215d, 0xff0d],
      [0x2171, 0xffe0],
      [0x2172, 0xffe1],
      [0x224c, 0xffe2],
    ];
    for (const [code, u] of cp932) expect(jisCodeToUnicode(code)?.charCodeAt(0), code.toString(16)).toBe(u);
  });

  it('unassigned cells and the NEC/IBM extension rows are unmapped (〓, flagged), not text', () => {
    for (const code of [0x2d21 /* NEC row 13 ① */, 0x7427 /* after 熙 */, 0x222f, 0x7e7e, 0x7c21 /* IBM row 92 */]) {
      const t = decodeJisX0208(Uint8Array.of(code >> 8, code & 0xff), 'test', 0);
      expect(t.segments, code.toString(16)).toEqual([{ kind: 'unmapped', code }]);
      expect(t.display).toBe('〓');
      expect(t.hasUnmapped).toBe(true);
    }
  });
});

describe('外字 and 欠字 inside text', () => {
  it('FFF1–FFF7 become 外字 slots 1–7 in place; FFFA becomes 欠字', () => {
    const t = dec('FF F1 36 36 FF F7 21 21 FF FA');
    expect(t.segments).toEqual([{ kind: 'gaiji', slot: 1 }, { kind: 'text', text: '橋' }, { kind: 'gaiji', slot: 7 }, { kind: 'text', text: '\u3000' }, { kind: 'missing' }]);
    expect(t.display).toBe('〓橋〓　？');
    expect(t.gaijiSlots).toEqual([1, 7]);
    expect(t.hasMissing).toBe(true);
  });

  it('FFF0, FFF8, FFF9 and FFFB are not 外字 codes: malformed', () => {
    for (const h of ['FF F0', 'FF F8', 'FF F9', 'FF FB']) expect(() => dec(h), h).toThrow(LicenceRecordError);
  });

  it('trailing full-width spaces are dropped from the display string only', () => {
    const t = dec('3C 56 21 21 21 21');
    expect(t.display).toBe('車');
    expect(t.segments).toEqual([{ kind: 'text', text: '車\u3000\u3000' }]);
  });
});

describe('malformed text', () => {
  it('an odd length is refused, naming where the value starts', () => {
    expect(() => decodeJisX0208(fromHex('3C 56 3C'), 'df1/ef01', 40)).toThrow(expect.objectContaining({ code: 'licence-record-bad-text', offset: 40 }));
  });

  it('a byte outside 21–7E is refused at its offset', () => {
    expect(() => decodeJisX0208(fromHex('3C 56 3C 0A'), 'df1/ef01', 100)).toThrow(expect.objectContaining({ code: 'licence-record-bad-text', offset: 103 }));
    expect(() => decodeJisX0208(fromHex('BC D6'), 'df1/ef01', 0)).toThrow(expect.objectContaining({ offset: 0 }));
  });
});

describe('JIS C 6226-1978 (制定年番号 0x78)', () => {
  it('0x78 selects the 1978 table; other values the current one', () => {
    expect(jisEditionOf(0x78)).toBe('1978');
    expect(jisEditionOf(0x90)).toBe('current');
    expect(jisEditionOf(undefined)).toBe('current');
  });

  it('the 22 swapped pairs read the other way round: 5B58 is 檜 today and 桧 in 1978', () => {
    expect(dec('5B 58').display).toBe('檜');
    expect(dec('5B 58', '1978').display).toBe('桧');
    expect(dec('49 30', '1978').display).toBe('檜');
    expect(dec('30 33 72 4D').display).toBe('鯵鰺');
    expect(dec('30 33 72 4D', '1978').display).toBe('鰺鯵');
  });

  it('the 4 moved kanji: 3646 is 尭 today and 堯 in 1978; 7421 did not exist', () => {
    expect(dec('36 46').display).toBe('尭');
    expect(dec('36 46', '1978').display).toBe('堯');
    expect(dec('74 21').display).toBe('堯');
    expect(dec('74 21', '1978').segments).toEqual([{ kind: 'unmapped', code: 0x7421 }]);
  });

  it('everything else is the same in both editions', () => {
    expect(dec('3C 56 25 22', '1978').display).toBe('車ア');
  });
});
