import { describe, expect, it } from 'vitest';
import { CardStatusError, describeStatus, expectOk, swHex, type StatusCode } from '../../src/apdu/status-words';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { h, hx, thrown } from './helpers';

/** Spec §2.10 plus ISO 7816-4 §5.6, written out by hand. */
const FIXED: Array<[number, StatusCode]> = [
  [0x9000, 'ok'],
  [0x6282, 'end-of-file-warning'],
  [0x6300, 'no-retry-limit'],
  [0x63c0, 'retries-exhausted'],
  [0x6700, 'wrong-length'],
  [0x6881, 'logical-channel-unsupported'],
  [0x6882, 'secure-messaging-unsupported'],
  [0x6981, 'incompatible-file-structure'],
  [0x6982, 'security-status-not-satisfied'],
  [0x6984, 'reference-data-blocked'],
  [0x6985, 'conditions-not-satisfied'],
  [0x6987, 'sm-data-missing'],
  [0x6988, 'sm-data-incorrect'],
  [0x6a80, 'invalid-data'],
  [0x6a81, 'function-not-supported'],
  [0x6a82, 'file-not-found'],
  [0x6a83, 'record-not-found'],
  [0x6a86, 'incorrect-p1p2'],
  [0x6a88, 'data-not-found'],
  [0x6b00, 'wrong-offset'],
  [0x6d00, 'ins-not-supported'],
  [0x6e00, 'cla-not-supported'],
  [0x6f00, 'no-diagnosis'],
];

describe('describeStatus catalogue', () => {
  for (const [sw, code] of FIXED) {
    it(`${sw.toString(16)} -> ${code}`, () => {
      const info = describeStatus(sw);
      expect(info.sw).toBe(sw);
      expect(info.code).toBe(code);
      expect(info.ok).toBe(sw === 0x9000);
      expect(info.en.length).toBeGreaterThan(0);
      expect(info.available).toBeUndefined();
      expect(info.exactLength).toBeUndefined();
    });
  }

  it('63C3 -> verification-failed with 3 tries left', () => {
    expect(describeStatus(0x63c3)).toMatchObject({ code: 'verification-failed', ok: false, retriesLeft: 3 });
  });

  it('63C1 and 63CF are the ends of the verification-failed range', () => {
    expect(describeStatus(0x63c1)).toMatchObject({ code: 'verification-failed', retriesLeft: 1 });
    expect(describeStatus(0x63cf)).toMatchObject({ code: 'verification-failed', retriesLeft: 15 });
  });

  it('63C0 -> retries-exhausted with 0 left; 6300 has no counter', () => {
    expect(describeStatus(0x63c0)).toMatchObject({ code: 'retries-exhausted', retriesLeft: 0 });
    expect(describeStatus(0x6300).retriesLeft).toBeUndefined();
  });

  it('6984 means the key is blocked', () => {
    expect(describeStatus(0x6984)).toMatchObject({ code: 'reference-data-blocked', ok: false });
    expect(describeStatus(0x6984).retriesLeft).toBeUndefined();
  });

  it('61xx -> more-data with available bytes (00 = 256)', () => {
    expect(describeStatus(0x6110)).toMatchObject({ code: 'more-data', available: 16, ok: false });
    expect(describeStatus(0x6101)).toMatchObject({ code: 'more-data', available: 1 });
    expect(describeStatus(0x61ff)).toMatchObject({ code: 'more-data', available: 255 });
    expect(describeStatus(0x6100)).toMatchObject({ code: 'more-data', available: 256 });
  });

  it('6Cxx -> wrong-le with the exact length (00 = 256)', () => {
    expect(describeStatus(0x6c11)).toMatchObject({ code: 'wrong-le', exactLength: 17, ok: false });
    expect(describeStatus(0x6c00)).toMatchObject({ code: 'wrong-le', exactLength: 256 });
  });

  it('anything else is unknown and never ok', () => {
    for (const sw of [0x6400, 0x63b0, 0x6301, 0x6283, 0x69fc, 0x66f1, 0x9001, 0x0000, 0xffff]) {
      const info = describeStatus(sw);
      expect(info.code).toBe('unknown');
      expect(info.ok).toBe(false);
    }
  });

  it('does not throw on a non-status number', () => {
    expect(describeStatus(-1).code).toBe('unknown');
    expect(describeStatus(0x10000).code).toBe('unknown');
    expect(describeStatus(Number.NaN).code).toBe('unknown');
  });
});

describe('swHex', () => {
  it('prints four upper-case hex digits', () => {
    expect(swHex(0x6982)).toBe('6982');
    expect(swHex(0x9000)).toBe('9000');
    expect(swHex(0x6a8a)).toBe('6A8A');
    expect(swHex(0x0001)).toBe('0001');
  });
});

describe('expectOk / CardStatusError', () => {
  const read = { cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 17 };
  const verify = { cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x80, data: h('31323334') };

  it('returns the data on 9000', () => {
    expect(hx(expectOk({ data: h('AABB'), sw: 0x9000 }, read))).toBe('AABB');
  });

  it('throws a typed error carrying code, sw and header', () => {
    const e = thrown(() => expectOk({ data: new Uint8Array(0), sw: 0x6982 }, read));
    expect(e).toBeInstanceOf(CardStatusError);
    expect(isKazasuError(e)).toBe(true);
    const err = e as CardStatusError;
    expect(err.code).toBe('security-status-not-satisfied');
    expect(err.sw).toBe(0x6982);
    expect(err.command).toBe('00 B0 00 00');
    expect(err.retriesLeft).toBeUndefined();
    expect(err.message).toContain('6982');
    expect(err.name).toBe('CardStatusError');
  });

  it('carries retriesLeft for a wrong PIN and never the PIN itself', () => {
    const err = thrown(() => expectOk({ data: new Uint8Array(0), sw: 0x63c2 }, verify)) as CardStatusError;
    expect(err.code).toBe('verification-failed');
    expect(err.retriesLeft).toBe(2);
    expect(err.command).toBe('00 20 00 80');
    expect(err.message).not.toContain('31323334');
    expect(err.message).not.toContain('31 32 33 34');
    expect(err.message).not.toContain('1234');
  });

  it('63C0 and 6984 map to exhausted and blocked', () => {
    const a = thrown(() => expectOk({ data: new Uint8Array(0), sw: 0x63c0 }, verify)) as CardStatusError;
    expect(a.code).toBe('retries-exhausted');
    expect(a.retriesLeft).toBe(0);
    const b = thrown(() => expectOk({ data: new Uint8Array(0), sw: 0x6984 }, verify)) as CardStatusError;
    expect(b.code).toBe('reference-data-blocked');
  });

  it('treats warnings and 61xx as not ok', () => {
    expect(thrown(() => expectOk({ data: h('01'), sw: 0x6282 }, read))).toBeInstanceOf(CardStatusError);
    expect((thrown(() => expectOk({ data: h('01'), sw: 0x6110 }, read)) as CardStatusError).code).toBe('more-data');
  });
});
