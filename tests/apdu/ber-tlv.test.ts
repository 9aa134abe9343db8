import { describe, expect, it } from 'vitest';
import {
  encodeBerLength,
  encodeBerTlv,
  findTag,
  parseBerChildren,
  parseBerFile,
  parseBerList,
  parseBerTlv,
  requireTag,
  TlvError,
} from '../../src/apdu/ber-tlv';
import { concatBytes, readU16be } from '../../src/bytes/byte-ops';
import { ascii, expectTlvError, h, hx, seq, thrown } from './helpers';

/**
 * Text AP EF 0005 shape (spec §3.5) under MYNA's header `FF 40 82 00 9F` (spec §3):
 *   DF41 04 <4>            7 bytes   at 5
 *   DF42 10 <16>          19 bytes   at 12
 *   DF43 82 00 80 <128>  133 bytes   at 31
 * 7 + 19 + 133 = 159 = 0x9F.
 */
const KEY_ID = concatBytes(ascii('6000034'), h('0805'), ascii('001'), h('00000000'));
const DF43_VALUE = concatBytes(seq(32, 0x40), new Uint8Array(96).fill(0xff));
const FF40 = concatBytes(
  h('FF 40 82 00 9F'),
  h('DF 41 04 01 03 0E 01'),
  h('DF 42 10'),
  KEY_ID,
  h('DF 43 82 00 80'),
  DF43_VALUE,
);

/** My Number EF (spec §3.1): 17 bytes physical. Digits are made up. */
const MY_NUMBER_FILE = concatBytes(h('FF 10 0C'), ascii('123456789018'), h('FF FF'));

/**
 * Basic-4 EF (spec §3.2), built by hand:
 *   0  FF 20 56            outer, value 86 bytes (11 + 18 + 42 + 11 + 4)
 *   3  DF 21 08 <offsets>  11 bytes
 *  14  DF 22 0F 山田　太郎  (5 chars × 3 UTF-8 bytes = 15)
 *  32  DF 23 27 東京都千代田区永田町１－１ (13 chars × 3 = 39)
 *  74  DF 24 08 19800101
 *  85  DF 25 01 31
 *  89  end
 */
const NAME = new TextEncoder().encode('山田　太郎');
const ADDRESS = new TextEncoder().encode('東京都千代田区永田町１－１');
const BASIC4 = concatBytes(
  h('FF 20 56'),
  h('DF 21 08 000E 0020 004A 0055'),
  h('DF 22 0F'),
  NAME,
  h('DF 23 27'),
  ADDRESS,
  h('DF 24 08'),
  ascii('19800101'),
  h('DF 25 01 31'),
);

/**
 * CV certificate (spec §3.4), 568 bytes:
 *   0   7F 21 82 02 33            value 563
 *   5   5F 4E 82 01 29            value 297 at 10
 *       10: issuer key id (16), 26: subject key id (16),
 *       42: 90 03 01 00 01, 47: 91 82 01 00 <256 modulus at 51>
 *   307 5F 37 82 01 00            value 256 at 312
 *   568 end
 */
const ISSUER = concatBytes(ascii('6000023'), h('0805'), ascii('001'), h('00000000'));
const SUBJECT = concatBytes(ascii('1322121'), h('0805'), ascii('000'), h('00000000'));
const MODULUS = seq(256, 0x80);
const SIGNATURE = seq(256, 0x11);
const CV_CERT = concatBytes(
  h('7F 21 82 02 33'),
  h('5F 4E 82 01 29'),
  ISSUER,
  SUBJECT,
  h('90 03 01 00 01'),
  h('91 82 01 00'),
  MODULUS,
  h('5F 37 82 01 00'),
  SIGNATURE,
);

describe('reference vectors', () => {
  it('FF 40 82 00 9F: non-minimal length 159', () => {
    expect(FF40.length).toBe(164);
    const t = parseBerTlv(FF40);
    expect(t.tag).toBe(0xff40);
    expect(t.constructed).toBe(true);
    expect(t.offset).toBe(0);
    expect(t.headerLength).toBe(5);
    expect(t.length).toBe(159);
    expect(t.raw.length).toBe(164);
    expect(t.value.byteOffset - FF40.byteOffset).toBe(5);
    expect(t.raw.buffer).toBe(FF40.buffer); // a view, not a copy

    const kids = parseBerChildren(t);
    expect(kids.map((k) => k.tag)).toEqual([0xdf41, 0xdf42, 0xdf43]);
    expect(kids.map((k) => k.offset)).toEqual([5, 12, 31]);
    expect(kids.map((k) => k.length)).toEqual([4, 16, 128]);
    expect(kids.map((k) => k.headerLength)).toEqual([3, 3, 5]);
    expect(kids.map((k) => k.constructed)).toEqual([false, false, false]);
    expect(hx(kids[0]!.value)).toBe('01030E01');
    expect(hx(kids[1]!.value)).toBe(hx(KEY_ID));
    expect(hx(kids[2]!.raw.subarray(0, 5))).toBe('DF43820080');
  });

  it('FF 40 file padded to 256 bytes with FF filler (MYNA reads 256)', () => {
    const file = concatBytes(FF40, new Uint8Array(256 - 164).fill(0xff));
    const t = parseBerFile(file);
    expect(t.length).toBe(159);
    expect(t.raw.length).toBe(164);
  });

  it('re-encodes FF 40 byte for byte with minLengthBytes', () => {
    const kids = parseBerChildren(parseBerTlv(FF40));
    const df43 = encodeBerTlv(0xdf43, DF43_VALUE, { minLengthBytes: 2 });
    expect(hx(df43.subarray(0, 5))).toBe('DF43820080');
    const inner = concatBytes(encodeBerTlv(0xdf41, kids[0]!.value), encodeBerTlv(0xdf42, KEY_ID), df43);
    expect(hx(encodeBerTlv(0xff40, inner, { minLengthBytes: 2 }))).toBe(hx(FF40));
  });

  it('My Number file: FF 10 0C + 12 digits + FF FF', () => {
    expect(MY_NUMBER_FILE.length).toBe(17);
    const t = parseBerFile(MY_NUMBER_FILE);
    expect(t.tag).toBe(0xff10);
    expect(t.length).toBe(12);
    expect(t.headerLength).toBe(3);
    expect(t.raw.length).toBe(15);
    expect(String.fromCharCode(...t.value)).toBe('123456789018');
    // No filler at all is fine too.
    expect(parseBerFile(MY_NUMBER_FILE.subarray(0, 15)).length).toBe(12);
  });

  it('My Number file: a non-FF byte after the object is trailing data at its offset', () => {
    const a = MY_NUMBER_FILE.slice();
    a[15] = 0x00;
    expectTlvError(() => parseBerFile(a), 'tlv-trailing-data', 15);
    const b = MY_NUMBER_FILE.slice();
    b[16] = 0x30;
    expectTlvError(() => parseBerFile(b), 'tlv-trailing-data', 16);
    const c = concatBytes(MY_NUMBER_FILE, h('FF FF 41'));
    expectTlvError(() => parseBerFile(c), 'tlv-trailing-data', 19);
  });

  it('basic-4: offsets table points at DF22..DF25', () => {
    expect(BASIC4.length).toBe(89);
    const file = concatBytes(BASIC4, new Uint8Array(39).fill(0xff)); // 128-byte EF
    const outer = parseBerFile(file);
    expect(outer.tag).toBe(0xff20);
    expect(outer.length).toBe(0x56);
    const kids = parseBerChildren(outer);
    expect(kids.map((k) => k.tag)).toEqual([0xdf21, 0xdf22, 0xdf23, 0xdf24, 0xdf25]);
    expect(kids.map((k) => k.offset)).toEqual([3, 14, 32, 74, 85]);

    const table = requireTag(kids, 0xdf21, 'basic-4').value;
    const offsets = [0, 2, 4, 6].map((i) => readU16be(table, i));
    expect(offsets).toEqual([14, 32, 74, 85]);
    for (const [i, tag] of [0xdf22, 0xdf23, 0xdf24, 0xdf25].entries()) {
      expect(requireTag(kids, tag, 'basic-4').offset).toBe(offsets[i]);
      expect(file[offsets[i]!]).toBe(0xdf);
    }

    expect(new TextDecoder().decode(requireTag(kids, 0xdf22, 'b4').value)).toBe('山田　太郎');
    expect(requireTag(kids, 0xdf23, 'b4').length).toBe(39);
    expect(String.fromCharCode(...requireTag(kids, 0xdf24, 'b4').value)).toBe('19800101');
    expect(hx(requireTag(kids, 0xdf25, 'b4').raw)).toBe('DF250131');
    // Digest source of spec §3.3: from the DF22 offset to the end of the outer TLV, 89 - 14 bytes.
    const df25 = requireTag(kids, 0xdf25, 'b4');
    expect(df25.offset + df25.raw.length).toBe(89);
  });

  it('CV certificate skeleton: 568 bytes', () => {
    expect(CV_CERT.length).toBe(568);
    const cert = parseBerFile(CV_CERT);
    expect(cert.tag).toBe(0x7f21);
    expect(cert.constructed).toBe(true);
    expect(cert.headerLength).toBe(5);
    expect(cert.length).toBe(563);

    const [body, sig] = parseBerChildren(cert);
    expect(body!.tag).toBe(0x5f4e);
    expect(body!.constructed).toBe(false);
    expect(body!.offset).toBe(5);
    expect(body!.length).toBe(297);
    expect(sig!.tag).toBe(0x5f37);
    expect(sig!.offset).toBe(307);
    expect(sig!.length).toBe(256);
    expect(hx(sig!.value)).toBe(hx(SIGNATURE));

    expect(hx(body!.value.subarray(0, 16))).toBe(hx(ISSUER));
    expect(hx(body!.value.subarray(16, 32))).toBe(hx(SUBJECT));
    const key = parseBerList(body!.value.subarray(32), body!.offset + body!.headerLength + 32);
    expect(key.map((k) => [k.tag, k.offset, k.headerLength, k.length])).toEqual([
      [0x90, 42, 2, 3],
      [0x91, 47, 4, 256],
    ]);
    expect(hx(key[1]!.value)).toBe(hx(MODULUS));

    const rebuilt = encodeBerTlv(
      0x7f21,
      concatBytes(
        encodeBerTlv(0x5f4e, body!.value, { minLengthBytes: 2 }),
        encodeBerTlv(0x5f37, SIGNATURE, { minLengthBytes: 2 }),
      ),
    );
    expect(hx(rebuilt)).toBe(hx(CV_CERT));
  });
});

describe('parseBerTlv details', () => {
  it('reads at an offset, with a base offset', () => {
    const b = h('00 00 30 01 AA 99');
    const t = parseBerTlv(b, 2);
    expect([t.tag, t.offset, t.length, hx(t.raw)]).toEqual([0x30, 2, 1, '3001AA']);
    expect(parseBerTlv(b, 2, 100).offset).toBe(102);
  });

  it('one-, two- and three-byte tags', () => {
    expect(parseBerTlv(h('04 00')).tag).toBe(0x04);
    expect(parseBerTlv(h('DF 21 00')).tag).toBe(0xdf21);
    expect(parseBerTlv(h('BF 81 01 00')).tag).toBe(0xbf8101);
    expect(parseBerTlv(h('BF 81 01 00')).headerLength).toBe(4);
    // A second tag byte of 0x80 (non-minimal) is tolerated.
    const nm = parseBerTlv(h('5F 80 05 01 AA'));
    expect([nm.tag, nm.length, nm.headerLength]).toEqual([0x5f8005, 1, 4]);
  });

  it('constructed bit from the first tag byte', () => {
    expect(parseBerTlv(h('30 00')).constructed).toBe(true);
    expect(parseBerTlv(h('04 00')).constructed).toBe(false);
    expect(parseBerTlv(h('DF 21 00')).constructed).toBe(false);
    expect(parseBerTlv(h('FF 20 00')).constructed).toBe(true);
  });

  it('long-form lengths 81..84, minimal and not', () => {
    const v = seq(200);
    expect(parseBerTlv(concatBytes(h('04 81 C8'), v)).length).toBe(200);
    expect(parseBerTlv(concatBytes(h('04 82 00 C8'), v)).length).toBe(200);
    expect(parseBerTlv(concatBytes(h('04 83 00 00 C8'), v)).length).toBe(200);
    const t = parseBerTlv(concatBytes(h('04 84 00 00 00 C8'), v));
    expect([t.length, t.headerLength]).toEqual([200, 6]);
    expect(parseBerTlv(h('04 81 00')).length).toBe(0);
  });

  it('value must fit in the buffer but need not reach its end', () => {
    const t = parseBerTlv(h('04 01 AA BB CC'));
    expect(hx(t.raw)).toBe('0401AA');
  });
});

describe('error codes and offsets', () => {
  it('tlv-truncated', () => {
    expectTlvError(() => parseBerTlv(h('')), 'tlv-truncated', 0);
    expectTlvError(() => parseBerTlv(h('DF')), 'tlv-truncated', 0);
    expectTlvError(() => parseBerTlv(h('BF 81')), 'tlv-truncated', 0);
    expectTlvError(() => parseBerTlv(h('DF 21')), 'tlv-truncated', 2);
    expectTlvError(() => parseBerTlv(h('30 82 01')), 'tlv-truncated', 1);
    expectTlvError(() => parseBerTlv(h('30 84 00 00 00')), 'tlv-truncated', 1);
    expectTlvError(() => parseBerTlv(h('DF 21'), 0, 100), 'tlv-truncated', 102);
    expectTlvError(() => parseBerTlv(h('30 00'), 2, 7), 'tlv-truncated', 9);
    expectTlvError(() => parseBerFile(h('')), 'tlv-truncated', 0);
    expectTlvError(() => parseBerList(h('30 00 04')), 'tlv-truncated', 3);
  });

  it('tlv-bad-tag', () => {
    expectTlvError(() => parseBerTlv(h('DF 81 81 01 00')), 'tlv-bad-tag', 0);
    expectTlvError(() => parseBerTlv(h('00 00')), 'tlv-bad-tag', 0);
    expectTlvError(() => parseBerList(h('30 00 DF 81 81 01')), 'tlv-bad-tag', 2);
    // An unwritten EF is all FF: that is not a TLV.
    expectTlvError(() => parseBerFile(new Uint8Array(32).fill(0xff)), 'tlv-bad-tag', 0);
  });

  it('tlv-bad-length', () => {
    expectTlvError(() => parseBerTlv(h('30 85 00 00 00 00 01')), 'tlv-bad-length', 1);
    expectTlvError(() => parseBerTlv(h('DF 21 FF')), 'tlv-bad-length', 2);
  });

  it('tlv-indefinite-length', () => {
    expectTlvError(() => parseBerTlv(h('30 80 04 00 00 00')), 'tlv-indefinite-length', 1);
    expectTlvError(() => parseBerTlv(h('DF 21 80')), 'tlv-indefinite-length', 2);
  });

  it('tlv-overrun', () => {
    expectTlvError(() => parseBerTlv(h('04 05 01 02')), 'tlv-overrun', 1);
    expectTlvError(() => parseBerTlv(h('30 84 FF FF FF FF')), 'tlv-overrun', 1);
    expectTlvError(() => parseBerTlv(FF40.subarray(0, 163)), 'tlv-overrun', 2);
    // Inside a parent the offset is still absolute: DF21 length byte sits at 5.
    expectTlvError(() => parseBerChildren(parseBerTlv(h('FF 20 04 DF 21 05 AA'))), 'tlv-overrun', 5);
    // A child may not run past its parent even when the buffer goes on.
    const outer = parseBerTlv(h('30 03 04 02 AA BB CC'));
    expectTlvError(() => parseBerChildren(outer), 'tlv-overrun', 3);
  });

  it('tlv-trailing-data (also for a corrupted basic-4 EF)', () => {
    const file = concatBytes(BASIC4, h('FF FF 00 FF'));
    expectTlvError(() => parseBerFile(file), 'tlv-trailing-data', 91);
  });

  it('tlv-missing-tag names the start of the searched list', () => {
    const kids = parseBerChildren(parseBerTlv(BASIC4));
    const err = expectTlvError(() => requireTag(kids, 0xdf26, 'basic-4'), 'tlv-missing-tag', 3);
    expect(err.message).toContain('basic-4');
    expect(err.message).toContain('DF26');
    expect(findTag(kids, 0xdf26)).toBeUndefined();
    expectTlvError(() => requireTag([], 0x30, 'empty'), 'tlv-missing-tag', 0);
  });

  it('tlv-duplicate-tag names the second occurrence', () => {
    const list = parseBerList(h('DF 25 01 31 DF 24 00 DF 25 01 32'), 50);
    expectTlvError(() => findTag(list, 0xdf25), 'tlv-duplicate-tag', 57);
    expectTlvError(() => requireTag(list, 0xdf25, 'x'), 'tlv-duplicate-tag', 57);
    expect(findTag(list, 0xdf24)!.offset).toBe(54);
  });

  it('bad start offsets are typed errors', () => {
    expectTlvError(() => parseBerTlv(h('30 00'), 3), 'tlv-overrun', -1);
    expectTlvError(() => parseBerTlv(h('30 00'), -1), 'tlv-overrun', -1);
    expectTlvError(() => parseBerTlv(h('30 00'), 0.5), 'tlv-overrun', -1);
    expectTlvError(() => parseBerList(h('30 00'), -4), 'tlv-overrun', -1);
  });

  it('messages never contain value bytes', () => {
    const secret = concatBytes(h('FF 10 0C'), ascii('123456789018'), h('41'));
    const e = thrown(() => parseBerFile(secret)) as TlvError;
    expect(e.code).toBe('tlv-trailing-data');
    expect(e.message).not.toMatch(/3132333435/);
    expect(e.message).not.toContain('123456789018');
  });
});

describe('parseBerList', () => {
  it('an empty buffer is an empty list', () => {
    expect(parseBerList(new Uint8Array(0))).toEqual([]);
  });

  it('splits consecutive TLVs with absolute offsets', () => {
    const l = parseBerList(h('04 01 AA 30 00 DF 21 02 BB CC'), 10);
    expect(l.map((t) => [t.tag, t.offset, t.length])).toEqual([
      [0x04, 10, 1],
      [0x30, 13, 0],
      [0xdf21, 15, 2],
    ]);
  });
});

describe('encodeBerLength', () => {
  const cases: Array<[number, number | undefined, string]> = [
    [0, undefined, '00'],
    [0x7f, undefined, '7F'],
    [0x80, undefined, '8180'],
    [0xff, undefined, '81FF'],
    [0x100, undefined, '820100'],
    [0xffff, undefined, '82FFFF'],
    [0x10000, undefined, '83010000'],
    [0xffffff, undefined, '83FFFFFF'],
    [0x1000000, undefined, '8401000000'],
    [0xffffffff, undefined, '84FFFFFFFF'],
    [5, 1, '8105'],
    [159, 2, '82009F'],
    [0x80, 2, '820080'],
    [0x100, 1, '820100'],
    [5, 4, '8400000005'],
    [5, 0, '05'],
  ];
  for (const [n, min, hex] of cases) {
    it(`${n} (min ${min ?? '-'}) -> ${hex}`, () => {
      expect(hx(encodeBerLength(n, min))).toBe(hex);
    });
  }

  it('rejects impossible lengths and options', () => {
    expectTlvError(() => encodeBerLength(-1), 'tlv-bad-length', -1);
    expectTlvError(() => encodeBerLength(2 ** 32), 'tlv-bad-length', -1);
    expectTlvError(() => encodeBerLength(1.5), 'tlv-bad-length', -1);
    expectTlvError(() => encodeBerLength(1, 5), 'tlv-bad-length', -1);
    expectTlvError(() => encodeBerLength(1, -1), 'tlv-bad-length', -1);
  });
});

describe('encodeBerTlv', () => {
  it('encodes tags of one to three bytes', () => {
    expect(hx(encodeBerTlv(0xdf25, ascii('1')))).toBe('DF250131');
    expect(hx(encodeBerTlv(0x30, new Uint8Array(0)))).toBe('3000');
    expect(hx(encodeBerTlv(0xff10, ascii('1')))).toBe('FF100131');
    expect(hx(encodeBerTlv(0xbf8101, h('AA')))).toBe('BF810101AA');
    expect(hx(encodeBerTlv(0x5f8005, h('AA')))).toBe('5F800501AA');
  });

  it('uses long form when the value needs it', () => {
    const e = encodeBerTlv(0x04, seq(200));
    expect(hx(e.subarray(0, 3))).toBe('0481C8');
    expect(e.length).toBe(203);
  });

  it('rejects tag numbers that are not one well-formed tag', () => {
    for (const tag of [0, 0x1f, 0xdf, 0xdf81, 0x3001, 0x1f8181, 0x5f0101, 0x1000000, -1, 1.5]) {
      expectTlvError(() => encodeBerTlv(tag, new Uint8Array(0)), 'tlv-bad-tag', -1);
    }
  });

  it('round-trips through parseBerTlv', () => {
    for (const [tag, n, min] of [
      [0x04, 0, 0],
      [0xdf22, 127, 0],
      [0xdf22, 128, 0],
      [0x7f21, 563, 2],
      [0xbf8101, 70000, 0],
    ] as const) {
      const v = seq(n, 3);
      const t = parseBerTlv(encodeBerTlv(tag, v, { minLengthBytes: min }));
      expect(t.tag).toBe(tag);
      expect(t.length).toBe(n);
      expect(hx(t.value)).toBe(hx(v));
    }
  });
});
