import { describe, expect, it } from 'vitest';
import { encodeSimpleTlv, parseSimpleTlvList } from '../../src/apdu/simple-tlv';
import { concatBytes } from '../../src/bytes/byte-ops';
import { ascii, expectTlvError, h, hx, seq } from './helpers';

describe('parseSimpleTlvList', () => {
  it('common AP record: 01 1C + 28 ASCII digits (spec §2.7)', () => {
    const digits = '000000000000001' + '13221' + '20350217';
    const rec = concatBytes(h('01 1C'), ascii(digits));
    expect(rec.length).toBe(30);
    const [t, ...rest] = parseSimpleTlvList(rec);
    expect(rest).toEqual([]);
    expect([t!.tag, t!.offset, t!.length]).toEqual([0x01, 0, 28]);
    expect(String.fromCharCode(...t!.value)).toBe(digits);
  });

  it('mixed one- and three-byte lengths, with absolute offsets', () => {
    // 0: 01 02 AA BB | 4: 02 FF 00 03 CC DD EE | 11: 03 00
    const b = h('01 02 AA BB 02 FF 00 03 CC DD EE 03 00');
    expect(parseSimpleTlvList(b).map((t) => [t.tag, t.offset, t.length, hx(t.value)])).toEqual([
      [1, 0, 2, 'AABB'],
      [2, 4, 3, 'CCDDEE'],
      [3, 11, 0, ''],
    ]);
    expect(parseSimpleTlvList(b, 100).map((t) => t.offset)).toEqual([100, 104, 111]);
  });

  it('FE is the largest one-byte length', () => {
    const l = parseSimpleTlvList(concatBytes(h('05 FE'), seq(0xfe)));
    expect(l[0]!.length).toBe(254);
  });

  it('an empty buffer is an empty list', () => {
    expect(parseSimpleTlvList(new Uint8Array(0))).toEqual([]);
  });

  it('error codes and offsets', () => {
    expectTlvError(() => parseSimpleTlvList(h('00 01 AA')), 'tlv-bad-tag', 0);
    expectTlvError(() => parseSimpleTlvList(h('01 01 AA FF 00')), 'tlv-bad-tag', 3);
    expectTlvError(() => parseSimpleTlvList(h('01')), 'tlv-truncated', 1);
    expectTlvError(() => parseSimpleTlvList(h('01 FF 00')), 'tlv-truncated', 1);
    expectTlvError(() => parseSimpleTlvList(h('01 00 02 FF')), 'tlv-truncated', 3);
    expectTlvError(() => parseSimpleTlvList(h('01 03 AA')), 'tlv-overrun', 1);
    expectTlvError(() => parseSimpleTlvList(h('01 FF 00 05 AA')), 'tlv-overrun', 1);
    expectTlvError(() => parseSimpleTlvList(h('01 03 AA'), 10), 'tlv-overrun', 11);
    expectTlvError(() => parseSimpleTlvList(h('01 00'), -1), 'tlv-overrun', -1);
  });
});

describe('encodeSimpleTlv', () => {
  it('one-byte length up to FE, FF + 2 bytes above', () => {
    expect(hx(encodeSimpleTlv(0x01, h('AABB')))).toBe('0102AABB');
    expect(hx(encodeSimpleTlv(0x01, new Uint8Array(0)))).toBe('0100');
    expect(hx(encodeSimpleTlv(0x05, seq(0xfe)).subarray(0, 2))).toBe('05FE');
    const ff = encodeSimpleTlv(0x05, seq(0xff));
    expect(hx(ff.subarray(0, 4))).toBe('05FF00FF');
    expect(ff.length).toBe(4 + 255);
    expect(hx(encodeSimpleTlv(0x05, seq(300)).subarray(0, 4))).toBe('05FF012C');
    expect(hx(encodeSimpleTlv(0xfe, seq(65535)).subarray(0, 4))).toBe('FEFFFFFF');
  });

  it('round-trips', () => {
    const b = concatBytes(encodeSimpleTlv(0x01, seq(3)), encodeSimpleTlv(0x7f, seq(1000)));
    const l = parseSimpleTlvList(b);
    expect(l.map((t) => [t.tag, t.offset, t.length])).toEqual([
      [0x01, 0, 3],
      [0x7f, 5, 1000],
    ]);
  });

  it('rejects bad tags and oversize values', () => {
    for (const tag of [0, 0xff, 0x100, -1, 1.5]) expectTlvError(() => encodeSimpleTlv(tag, seq(1)), 'tlv-bad-tag', -1);
    expectTlvError(() => encodeSimpleTlv(0x01, new Uint8Array(65536)), 'tlv-bad-length', -1);
  });
});
