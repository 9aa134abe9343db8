import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/bytes/hex';
import { bytesEqual, concatBytes } from '../src/bytes/byte-ops';

describe('bytes', () => {
  it('round-trips hex with separators', () => {
    const b = fromHex('FF 40 82:00 9f');
    expect(Array.from(b)).toEqual([0xff, 0x40, 0x82, 0x00, 0x9f]);
    expect(toHex(b, ' ')).toBe('FF 40 82 00 9F');
  });
  it('rejects odd or non-hex input', () => {
    expect(() => fromHex('F')).toThrow(TypeError);
    expect(() => fromHex('GG')).toThrow(TypeError);
  });
  it('concatenates and compares', () => {
    const c = concatBytes(fromHex('01'), fromHex('0203'));
    expect(bytesEqual(c, fromHex('010203'))).toBe(true);
    expect(bytesEqual(c, fromHex('010204'))).toBe(false);
  });
});
