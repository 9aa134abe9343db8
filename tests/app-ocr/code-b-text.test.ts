import { describe, expect, it } from 'vitest';
import { normaliseOcrLine, parseBirthDateLine, parseExpiryLine, parseSecurityCodeLine } from '../../src/app/ocr/code-b-text';

describe('the card front lines as OCR returns them', () => {
  it('reads the birth date in 和暦 as the card prints it, with any spacing', () => {
    expect(parseBirthDateLine('昭和55年 2月17日生')).toEqual({ ok: true, value: { printed: 'wareki', era: 'showa', eraYear: 55, month: 2, day: 17 } });
    expect(parseBirthDateLine('昭和 55 年 2 月 17 日 生\n')).toEqual(parseBirthDateLine('昭和55年 2月17日生'));
    expect(parseBirthDateLine('令 和 3 年 9 月 25 日 生')).toMatchObject({ ok: true, value: { era: 'reiwa', eraYear: 3 } });
    // 元年: the card prints 元 for the first year of an era.
    expect(parseBirthDateLine('平成元年 1月 8日生')).toEqual({ ok: true, value: { printed: 'wareki', era: 'heisei', eraYear: 1, month: 1, day: 8 } });
    // Full-width digits and ideographic spaces (NFKC).
    expect(parseBirthDateLine('大正１５年　１２月　１日生')).toMatchObject({ ok: true, value: { era: 'taisho', eraYear: 15, month: 12, day: 1 } });
    for (const era of ['明治', '大正', '昭和', '平成', '令和']) expect(parseBirthDateLine(`${era}2年 3月 4日生`).ok, era).toBe(true);
  });

  it('reads a foreign resident\'s Western birth date', () => {
    expect(parseBirthDateLine('1990年 7月14日生')).toEqual({ ok: true, value: { printed: 'western', year: 1990, month: 7, day: 14 } });
  });

  it('refuses anything that is not exactly the printed pattern (nothing is guessed)', () => {
    const refused = [
      '',
      '昭和55年 2月17日', // 生 missing
      '昭和55年2月17日生女', // an extra character (性別 crept into the crop)
      '昭55年2月17日生', // era cut
      '昭和555年2月17日生', // three-digit year
      '昭和55年217日生', // 月 lost
      '昭和O5年2月17日生', // a letter where a digit belongs
      '昭和55年 2月17日生 昭和55年 2月17日生',
      '西暦55年2月17日生',
      '昭和55年 2月117日生',
    ];
    for (const line of refused) expect(parseBirthDateLine(line).ok, line).toBe(false);
    expect(parseBirthDateLine('')).toEqual({ ok: false, reason: 'empty' });
    // A leading zero is not how the card prints a number: a misread, not "year 1".
    expect(parseBirthDateLine('平成01年 1月 8日生')).toEqual({ ok: false, reason: 'bad-number' });
    expect(parseBirthDateLine('平成1年 01月 8日生')).toEqual({ ok: false, reason: 'bad-number' });
  });

  it('reads the expiry line and refuses look-alikes', () => {
    expect(parseExpiryLine('2035年 2月17日まで有効')).toEqual({ ok: true, value: { year: 2035, month: 2, day: 17 } });
    expect(parseExpiryLine('2035 年 2 月 17 日 まで 有効')).toEqual({ ok: true, value: { year: 2035, month: 2, day: 17 } });
    for (const line of ['2035年 2月17日まで', '235年 2月17日まで有効', '20355年 2月17日まで有効', '2035年 02月17日まで有効', '令和17年 2月17日まで有効', '']) {
      expect(parseExpiryLine(line).ok, line).toBe(false);
    }
  });

  it('takes exactly four digits as the security code', () => {
    expect(parseSecurityCodeLine(' 2285 \n')).toEqual({ ok: true, value: '2285' });
    expect(parseSecurityCodeLine('０７１６')).toEqual({ ok: true, value: '0716' });
    for (const line of ['228', '22855', '22 85 1', '2Z85', '']) expect(parseSecurityCodeLine(line).ok, line).toBe(false);
  });

  it('normalises width and spacing only', () => {
    expect(normaliseOcrLine(' ２０３５年\u3000２月 ')).toBe('2035年2月');
  });
});
