/**
 * The licence parsers on bytes written out by hand from the layouts in licence-facts.md (not by
 * the simulator): the TLV form, era dates, common data, PIN setting, 記載事項, change records,
 * 外字, signature file, photo and the マイナ免許証 licence information.
 */
import { describe, expect, it } from 'vitest';
import { TlvError } from '../../src/apdu/tlv-error';
import { fromHex } from '../../src/bytes/hex';
import {
  DEFAULT_LICENCE_LAYOUT,
  DEFAULT_MNC_LAYOUT,
  LicenceRecordError,
  parseChangeRecords,
  parseCommonData,
  parseEntries,
  parseEraDateBytes,
  parseEraDigits,
  parseGaijiFile,
  parseLicenceTlvs,
  parseMncLicenceInfo,
  parsePhoto,
  parsePinSetting,
  parseSignatureFile,
  latestOf,
  wrapCodestreamAsJp2,
  readCodestreamInfo,
} from '../../src/cards/licence';

const L = DEFAULT_LICENCE_LAYOUT;
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');

describe('licence TLV form', () => {
  it('one-byte tags including 1F and 5F (which BER would read as multi-byte), 81/82 lengths, empty values, FF filler', () => {
    const f = parseLicenceTlvs(fromHex(`1F 01 AA  5F 00  20 81 02 BB CC  21 82 00 01 DD  14 00  FF FF FF`), { fillerBytes: [0xff] });
    expect(f.items.map((t) => [t.tag, t.offset, t.length])).toEqual([
      [0x1f, 0, 1],
      [0x5f, 3, 0],
      [0x20, 5, 2],
      [0x21, 10, 1],
      [0x14, 15, 0],
    ]);
    expect(f.end).toBe(17);
  });

  it('the photo tag 5F40 is two bytes where asked', () => {
    const f = parseLicenceTlvs(fromHex('5F 40 82 00 02 FF 4F'), { fillerBytes: [0xff], twoByteTagFirstBytes: [0x5f] });
    expect(f.items[0]).toMatchObject({ tag: 0x5f40, headerLength: 5, length: 2 });
  });

  it('refuses what runs past the file, a length byte of 80 or 83, tag 00 and data after filler', () => {
    expect(() => parseLicenceTlvs(fromHex('12 05 3C 56'), { fillerBytes: [0xff] })).toThrow(expect.objectContaining({ code: 'tlv-overrun', offset: 1 }));
    expect(() => parseLicenceTlvs(fromHex('12 80 00'), { fillerBytes: [0xff] })).toThrow(expect.objectContaining({ code: 'tlv-bad-length' }));
    expect(() => parseLicenceTlvs(fromHex('12 83 00 00 01 00'), { fillerBytes: [0xff] })).toThrow(TlvError);
    expect(() => parseLicenceTlvs(fromHex('00 01 00'), { fillerBytes: [0xff] })).toThrow(expect.objectContaining({ code: 'tlv-bad-tag' }));
    // FF followed by anything but filler is a tag FF whose length runs past the end.
    expect(() => parseLicenceTlvs(fromHex('12 00 FF 12 00'), { fillerBytes: [0xff] })).toThrow(TlvError);
  });
});

describe('era dates (元号 + YYMMDD)', () => {
  it('TAKU’s worked example: 16 07 34 31 34 30 39 31 33 is 平成14年09月13日', () => {
    const d = parseEraDateBytes(fromHex('34 31 34 30 39 31 33'), 't', 0);
    expect(d).toEqual({ kind: 'date', date: { era: 'heisei', eraYear: 14, month: 9, day: 13, iso: '2002-09-13', ja: '平成14年9月13日', en: 'Heisei 14 (2002) Sep 13', eraConsistent: true } });
  });

  it('each era digit, 元年, and the zero date of a class not held', () => {
    const iso = (s: string) => {
      const d = parseEraDigits(s, 't', 0);
      return d.kind === 'date' ? `${d.date.iso} ${d.date.ja}` : 'none';
    };
    expect(iso('1450101')).toBe('1912-01-01 明治45年1月1日');
    expect(iso('2150101')).toBe('1926-01-01 大正15年1月1日');
    expect(iso('3640107')).toBe('1989-01-07 昭和64年1月7日');
    expect(iso('4010108')).toBe('1989-01-08 平成元年1月8日');
    expect(iso('5010501')).toBe('2019-05-01 令和元年5月1日');
    expect(iso('0000000')).toBe('none');
    expect(iso('4000000')).toBe('none');
    expect(iso('')).toBe('none');
  });

  it('a date outside the era it names is kept and flagged', () => {
    const d = parseEraDigits('4310501', 't', 0);
    expect(d.kind === 'date' && [d.date.iso, d.date.ja, d.date.eraConsistent]).toEqual(['2019-05-01', '平成31年5月1日', false]);
  });

  it('refuses era 6, month 13, 2月30日, year 00 and non-digits', () => {
    for (const s of ['6010101', '4011301', '4010230', '4000101', '40a0101', '401010']) expect(() => parseEraDigits(s, 't', 7), s).toThrow(LicenceRecordError);
  });
});

describe('MF files', () => {
  it('common data: spec version, BCD dates, manufacturer and crypto function ids', () => {
    const c = parseCommonData(fromHex('45 0B 30 30 38 20 24 01 20 20 29 03 17 46 02 01 02'), L);
    expect([c.specVersion, c.issueDate.iso, c.issueDate.ja, c.expiryDate.iso, c.manufacturerId, c.cryptoFunctionId]).toEqual(['008', '2024-01-20', '令和6年1月20日', '2029-03-17', 1, 2]);
  });

  it('common data: a non-BCD nibble and a wrong size are refused with their offset', () => {
    expect(() => parseCommonData(fromHex('45 0B 30 30 38 20 24 0A 20 20 29 03 17 46 02 01 02'), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-value', offset: 7 }));
    expect(() => parseCommonData(fromHex('45 0A 30 30 38 20 24 01 20 20 29 03 46 02 01 02'), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
  });

  it('PIN setting: 01 set, 00 not set, anything else unknown (so **** is never guessed)', () => {
    expect(parsePinSetting(fromHex('05 01 01'), 0x05, 'mf/ef02', L.fillerBytes)).toEqual({ kind: 'set' });
    expect(parsePinSetting(fromHex('05 01 00'), 0x05, 'mf/ef02', L.fillerBytes)).toEqual({ kind: 'not-set' });
    expect(parsePinSetting(fromHex('05 01 03'), 0x05, 'mf/ef02', L.fillerBytes)).toEqual({ kind: 'unknown', value: 3 });
    expect(() => parsePinSetting(fromHex('C1 01 00'), 0x05, 'mf/ef02', L.fillerBytes)).toThrow(expect.objectContaining({ code: 'licence-record-wrong-tag' }));
    expect(() => parsePinSetting(fromHex('FF FF FF'), 0x05, 'mf/ef02', L.fillerBytes)).toThrow(expect.objectContaining({ code: 'licence-record-empty' }));
  });
});

/** 記載事項 written out by hand: 車　車 / アイ / 平成14年9月13日 / 東京 / 優良 / 普通 since 平成12年5月10日. */
const ENTRIES = [
  '11 01 78',
  '12 06 3C 56 21 21 3C 56',
  '13 04 25 22 25 24',
  '14 00 15 00',
  '16 07 34 31 34 30 39 31 33',
  '17 04 45 6C 35 7E',
  `18 07 ${ascii('5060120')}`,
  `19 05 ${ascii('12345')}`,
  '1A 04 4D 25 4E 49',
  `1B 07 ${ascii('5110317')}`,
  '1C 02 3C 56 1D 00 1E 00 1F 00',
  '20 04 45 6C 35 7E',
  `21 0C ${ascii('991234567890')}`,
  `22 07 ${ascii('0000000')}`,
  `26 07 ${ascii('4120510')}`,
  'FF FF FF FF',
].join(' ');

describe('DF1/EF01 記載事項', () => {
  it('parses every field of a hand-written file', () => {
    const e = parseEntries(fromHex(ENTRIES), L);
    expect(e.jisEdition).toBe('1978');
    expect(e.name.display).toBe('車　車');
    expect(e.nameKana?.display).toBe('アイ');
    expect(e.alias).toBeUndefined();
    expect(e.birthDate.iso).toBe('2002-09-13');
    expect(e.address.display).toBe('東京');
    expect(e.issueDate.ja).toBe('令和6年1月20日');
    expect(e.referenceNumber).toBe('12345');
    expect(e.colour.kind).toBe('excellent');
    expect(e.expiryDate.iso).toBe('2029-03-17');
    expect(e.conditions.map((c) => c.display)).toEqual(['車']);
    expect(e.licenceNumber).toBe('991234567890');
    expect(e.faceDates['two-small-moped']).toBeUndefined();
    expect(e.classes.filter((c) => c.held).map((c) => [c.id, c.date?.iso])).toEqual([['ordinary', '2000-05-10']]);
    expect(e.unknownTags).toEqual([]);
  });

  it('a licence number of the wrong length, a missing name and a repeated tag are refused', () => {
    expect(() => parseEntries(fromHex(ENTRIES.replace(`21 0C ${ascii('991234567890')}`, `21 0B ${ascii('99123456789')}`)), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
    expect(() => parseEntries(fromHex(ENTRIES.replace('12 06 3C 56 21 21 3C 56', '12 00')), L)).toThrow(expect.objectContaining({ code: 'licence-record-missing-field' }));
    expect(() => parseEntries(fromHex(ENTRIES.replace('14 00 15 00', '14 00 14 00')), L)).toThrow(expect.objectContaining({ code: 'tlv-duplicate-tag' }));
  });

  it('a file cut in the middle of a field is a TLV overrun, not a shorter name', () => {
    const bytes = fromHex(ENTRIES).subarray(0, 9);
    expect(() => parseEntries(bytes, L)).toThrow(expect.objectContaining({ code: 'tlv-overrun' }));
  });
});

describe('DF1/EF04 change records', () => {
  // 70: 制定年番号 78, ５０７０６０１ (令和7年6月1日) full-width, 東京, 公安委員会 車 + 4 spaces.
  const EF04 = '50 01 01 70 1D 78 23 35 23 30 23 37 23 30 23 36 23 30 23 31 45 6C 35 7E 3C 56 21 21 21 21 21 21 21 21 FF FF';

  it('reads the date (full-width era digits), the new text and the commission', () => {
    const c = parseChangeRecords(fromHex(EF04), L);
    expect(c.appended).toBe(1);
    expect(c.records).toHaveLength(1);
    const r = c.records[0]!;
    expect([r.kind, r.index, r.jisYear, r.date.iso, r.date.ja, r.text.display, r.publicSafetyCommission.display]).toEqual(['new-address', 1, 0x78, '2025-06-01', '令和7年6月1日', '東京', '車']);
    expect(latestOf(c, 'new-address')).toBe(r);
  });

  it('a record shorter than its 25-byte frame, or with a date that is not 7 full-width digits, is refused', () => {
    expect(() => parseChangeRecords(fromHex('70 03 78 23 35'), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
    expect(() => parseChangeRecords(fromHex(EF04.replace('23 35 23 30', '25 22 23 30')), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-value' }));
    expect(() => parseChangeRecords(fromHex('A5 00'), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-structure' }));
  });
});

describe('外字 files', () => {
  it('EF03: header byte + 32×32 dots, most significant bit leftmost, row by row', () => {
    const dots = new Array(128).fill('00');
    dots[0] = '80'; // (0,0)
    dots[3] = '01'; // (31,0)
    dots[127] = '01'; // (31,31)
    const f = parseGaijiFile(fromHex(`48 81 81 20 ${dots.join(' ')} 49 00 FF`), 'ef03', L);
    expect(f.glyphs).toHaveLength(1);
    const g = f.glyphs[0]!;
    expect([g.slot, g.header[0], g.bitmap?.width]).toEqual([1, 0x20, 32]);
    const at = (x: number, y: number) => g.bitmap!.dots[y * 32 + x];
    expect([at(0, 0), at(1, 0), at(31, 0), at(31, 31), at(30, 31)]).toEqual([1, 0, 1, 1, 0]);
  });

  it('EF05: A0 追記の有無 and 外字3–7; a value of another size is kept raw, undecoded', () => {
    const f = parseGaijiFile(fromHex('A0 01 01 A1 03 20 FF 00 A2 00'), 'ef05', L);
    expect(f.appended).toBe(1);
    expect(f.glyphs.map((g) => [g.slot, g.bitmap, g.raw.length])).toEqual([[3, undefined, 3]]);
  });
});

describe('DF1/EF07 signature file', () => {
  it('B1 with a 2-byte length (82 01 00, HMPOW), B2–B6 with padding trimmed', () => {
    const sig = new Array(256).fill('AB').join(' ');
    const pad = (s: string, n: number) => ascii(s.padEnd(n, ' '));
    const ski = new Array(32).fill('5A').join(' ');
    const f = parseSignatureFile(fromHex(`B1 82 01 00 ${sig} B2 10 ${pad('00000000000000A1', 16)} B3 30 ${new Array(48).fill('00').join(' ')} B4 50 ${pad('Issuer CA', 80)} B5 81 82 ${pad('Subject 1', 130)} B6 20 ${ski} FF FF`), L);
    expect([f.signature.length, f.signature[0], f.serial, f.issuerName, f.subjectName, f.subjectKeyId.length]).toEqual([256, 0xab, '00000000000000A1', 'Issuer CA', 'Subject 1', 32]);
  });

  it('a signature of 10 bytes, a missing B6 and control characters in a name are refused', () => {
    expect(() => parseSignatureFile(fromHex(`B1 0A ${new Array(10).fill('00').join(' ')} B2 00 B4 00 B5 00 B6 01 00`), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
    const sig = new Array(256).fill('AB').join(' ');
    expect(() => parseSignatureFile(fromHex(`B1 82 01 00 ${sig} B2 01 30 B4 01 41 B5 01 41`), L)).toThrow(expect.objectContaining({ code: 'licence-record-missing-field' }));
    expect(() => parseSignatureFile(fromHex(`B1 82 01 00 ${sig} B2 01 30 B4 02 41 0A B5 01 41 B6 01 01`), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-value' }));
  });
});

/** SOC, SIZ for a 120×160 single-component 8-bit image (ISO/IEC 15444-1 A.5.1). */
const CODESTREAM = 'FF 4F FF 51 00 29 00 00 00 00 00 78 00 00 00 A0 00 00 00 00 00 00 00 00 00 00 00 78 00 00 00 A0 00 00 00 00 00 00 00 00 00 01 07 01 01';

describe('DF2/EF01 photo', () => {
  it('a raw J2K codestream: size from SIZ, and a JP2 wrapper the kiosk’s decoder takes', () => {
    const p = parsePhoto(fromHex(`5F 40 82 00 2D ${CODESTREAM} FF FF`), L);
    expect(p.format).toBe('j2k-codestream');
    expect(p.info).toEqual({ width: 120, height: 160, components: 1, bitsPerComponent: 8, uniformUnsigned: true });
    const jp2 = p.jp2!;
    expect([...jp2.subarray(0, 12)]).toEqual([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]);
    // ihdr: height 160, width 120, NC 1, BPC 7, C 7; colr: enumerated greyscale (17); jp2c holds the codestream.
    expect(new TextDecoder('latin1').decode(jp2)).toContain('ihdr');
    expect(jp2.subarray(jp2.length - 45)).toEqual(fromHex(CODESTREAM));
  });

  it('not JPEG 2000 is "unknown"; an empty or oversized photo is refused', () => {
    expect(parsePhoto(fromHex('5F 40 04 89 50 4E 47'), L).format).toBe('unknown');
    expect(() => parsePhoto(fromHex('5F 40 00'), L)).toThrow(expect.objectContaining({ code: 'licence-record-empty' }));
    expect(() => parsePhoto(new Uint8Array([0x5f, 0x40, 0x82, 0x07, 0xd1, ...new Uint8Array(2001)]), L)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
    expect(readCodestreamInfo(fromHex(CODESTREAM).subarray(0, 30))).toBeUndefined();
    expect(wrapCodestreamAsJp2(fromHex(CODESTREAM), { width: 1, height: 1, components: 2, bitsPerComponent: 8, uniformUnsigned: true })).toBeUndefined();
  });
});

describe('マイナ免許証 WEF02', () => {
  it('expiry, colour, conditions, licence number, class flags, and the photo under the two-byte tag 0107', () => {
    const wef02 = `C2 00 C3 00 C4 04 4D 25 4E 49 C5 07 ${ascii('5120317')} C6 02 3C 56 C7 00 E7 0C ${ascii('994524007770')} E9 07 ${ascii('0000000')} EC 01 00 ED 01 01 F2 01 31 01 07 82 00 2D ${CODESTREAM}`;
    const info = parseMncLicenceInfo(fromHex(wef02), DEFAULT_MNC_LAYOUT);
    expect(info.expiryDate?.iso).toBe('2030-03-17');
    expect(info.colour?.kind).toBe('excellent');
    expect(info.conditions.map((c) => c.display)).toEqual(['車']);
    expect(info.licenceNumber).toBe('994524007770');
    expect(info.classes.filter((c) => c.held).map((c) => [c.id, c.flag])).toEqual([
      ['ordinary', 0x01],
      ['moped', 0x31],
    ]);
    expect(info.photo?.info?.width).toBe(120);
    expect(info.unknownTags).toEqual([]);
  });

  it('tags no source describes are listed, not trusted; a class flag of 2 bytes is refused', () => {
    expect(parseMncLicenceInfo(fromHex('C5 07 35 31 32 30 33 31 37 FB 01 00'), DEFAULT_MNC_LAYOUT).unknownTags).toEqual([0xfb]);
    expect(() => parseMncLicenceInfo(fromHex('EC 02 01 01'), DEFAULT_MNC_LAYOUT)).toThrow(expect.objectContaining({ code: 'licence-record-bad-length' }));
  });
});
