import { describe, expect, it } from 'vitest';
import { wipe } from '../../src/bytes/byte-ops';
import { CardRecordError } from '../../src/cards/mynumber/card-error';
import {
  parseApBasicInfo,
  parseBasicFour,
  parseIntegrityRecord,
  parseMyNumberFile,
  parseSessionKey,
  parseSignedPublicKey,
  parseTextApBasicInfo,
} from '../../src/cards/mynumber/records';
import { expectCode } from './expect-error';
import {
  ADDRESS,
  ascii,
  BASIC_FOUR_EF,
  BASIC_FOUR_EF_NONMINIMAL,
  cat,
  fill,
  INTEGRITY_EF,
  MODULUS,
  MY_NUMBER_EF,
  NAME,
  RSA_KEY_DO,
  SESSION_KEY_EF,
  SIGNATURE,
  SIGNED_PUBLIC_KEY_EF,
  TEXT_BASIC_INFO_EF,
  TEXT_KEY_ID,
  tlv,
  utf8,
} from './fixtures';

function patched(src: Uint8Array, at: number, ...values: number[]): Uint8Array {
  const out = Uint8Array.from(src);
  values.forEach((v, i) => (out[at + i] = v));
  return out;
}

describe('text AP EF 0001 — My Number (spec §3.1)', () => {
  it('parses the 17-byte physical file and keeps every byte', () => {
    expect(MY_NUMBER_EF.length).toBe(17);
    const r = parseMyNumberFile(MY_NUMBER_EF);
    expect(r.myNumber).toBe('123456789018');
    expect(r.checkDigitValid).toBe(true);
    expect(Array.from(r.physical)).toEqual(Array.from(MY_NUMBER_EF));
  });
  it('copies the input: later changes to the read buffer do not leak in', () => {
    const input = Uint8Array.from(MY_NUMBER_EF);
    const r = parseMyNumberFile(input);
    input.fill(0);
    expect(r.physical[3]).toBe(0x31);
  });
  it('reports a wrong check digit without throwing', () => {
    expect(parseMyNumberFile(patched(MY_NUMBER_EF, 14, 0x37)).checkDigitValid).toBe(false);
  });
  it('rejects malformed variants with typed codes and no digits in the message', () => {
    const e1 = expectCode(() => parseMyNumberFile(MY_NUMBER_EF.subarray(0, 15)), 'record-bad-length');
    expect(e1.message).not.toContain('1234');
    expectCode(() => parseMyNumberFile(cat(MY_NUMBER_EF, 0xff)), 'record-bad-length');
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 1, 0x11)), 'record-wrong-tag');
    const e2 = expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 8, 0x41)), 'record-bad-value');
    expect(e2.offset).toBe(8);
    expect(e2.message).not.toContain('1234');
    expect(e2.message).not.toContain('9018');
    // 0B instead of 0C: the 12th digit becomes trailing non-filler data.
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 2, 0x0b)), 'tlv-trailing-data');
    // 0F: the value would run past the end of the file.
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 2, 0x0f)), 'tlv-overrun');
    // 0E: swallows the filler, 14 bytes instead of 12 digits.
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 2, 0x0e)), 'record-bad-length');
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 15, 0x00)), 'tlv-trailing-data');
    expectCode(() => parseMyNumberFile(Uint8Array.from(fill(17, 0xff))), 'record-empty');
    // 0D with the filler byte swallowed: 13 bytes, not 12 digits.
    expectCode(() => parseMyNumberFile(patched(MY_NUMBER_EF, 2, 0x0d)), 'record-bad-length');
  });
});

describe('text AP EF 0002 — 基本4情報 (spec §3.2)', () => {
  it('parses every field', () => {
    expect(BASIC_FOUR_EF.length).toBe(128);
    const r = parseBasicFour(BASIC_FOUR_EF);
    expect(r.name).toBe(NAME);
    expect(r.address).toBe(ADDRESS);
    expect(r.birthDate).toBe('1980-02-17');
    expect(r.sexCode).toBe('2');
    expect(r.sex).toBe('female');
    expect(r.offsets).toEqual([15, 33, 81, 92]);
    expect(Array.from(r.raw)).toEqual(Array.from(BASIC_FOUR_EF));
  });
  it('digestSource runs from the DF22 tag through the DF25 value (spec §3.3)', () => {
    const r = parseBasicFour(BASIC_FOUR_EF);
    expect(r.digestSource.length).toBe(96 - 15);
    expect(Array.from(r.digestSource.subarray(0, 3))).toEqual([0xdf, 0x22, 0x0f]);
    expect(Array.from(r.digestSource.subarray(-4))).toEqual([0xdf, 0x25, 0x01, 0x32]);
    expect(Array.from(r.digestSource)).toEqual(Array.from(BASIC_FOUR_EF.subarray(15, 96)));
  });
  it('accepts non-minimal lengths and keeps them in the digest source', () => {
    expect(BASIC_FOUR_EF_NONMINIMAL.length).toBe(99);
    const r = parseBasicFour(BASIC_FOUR_EF_NONMINIMAL);
    expect(r.offsets).toEqual([16, 34, 84, 95]);
    expect(r.address).toBe(ADDRESS);
    expect(r.sex).toBe('male');
    expect(Array.from(r.digestSource)).toEqual(Array.from(BASIC_FOUR_EF_NONMINIMAL.subarray(16, 99)));
    expect(Array.from(r.digestSource.subarray(18, 23))).toEqual([0xdf, 0x23, 0x82, 0x00, 0x2d]);
  });
  it('wipe(raw) clears every field view', () => {
    const r = parseBasicFour(BASIC_FOUR_EF);
    wipe(r.raw);
    expect(r.digestSource.every((b) => b === 0)).toBe(true);
  });
  it('rejects an offset table that does not point at DF22..DF25', () => {
    // DF23 entry (file offset 9..10) 0x0021 → 0x0022
    const e = expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 10, 0x22)), 'record-bad-offset-table');
    expect(e).toBeInstanceOf(CardRecordError);
    expect(e.offset).toBe(9);
    // DF22 entry pointing at the table itself
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 8, 0x04)), 'record-bad-offset-table');
    // table of 3 entries: DF21 06 …, everything else consistent
    const short = cat(
      0xff, 0x20, 0x5a,
      0xdf, 0x21, 0x06, 0x00, 0x0c, 0x00, 0x1e, 0x00, 0x4e,
      0xdf, 0x22, 0x0f, utf8(NAME), 0xdf, 0x23, 0x2d, utf8(ADDRESS), 0xdf, 0x24, 0x08, ascii('19800217'), 0xdf, 0x25, 0x01, 0x32,
    );
    expectCode(() => parseBasicFour(short), 'record-bad-offset-table');
  });
  it('rejects wrong tags, missing and extra fields', () => {
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 1, 0x21)), 'record-wrong-tag');
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 93, 0x26)), 'record-bad-structure');
    // outer value ends after DF24: DF25 missing (its bytes become trailing non-filler data → cut them)
    const noSex = cat(BASIC_FOUR_EF.subarray(0, 92));
    noSex[3] = 0x58;
    expectCode(() => parseBasicFour(noSex), 'record-missing-field');
    const extraAligned = cat(0xff, 0x20, 0x81, 0x60, BASIC_FOUR_EF.subarray(4, 96), 0xdf, 0x26, 0x01, 0x30);
    expectCode(() => parseBasicFour(extraAligned), 'record-bad-structure');
  });
  it('rejects non-digit and impossible dates', () => {
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 88, 0x4f)), 'record-bad-value'); // "1980O217"
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 88, 0x32, 0x33, 0x30)), 'record-bad-value'); // 19800230
  });
  it('rejects invalid UTF-8 and withholds text with control characters', () => {
    const e = expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 18, 0xff)), 'record-bad-utf8');
    expect(e.offset).toBe(18);
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 18, 0xc0, 0x80, 0x41)), 'record-bad-utf8'); // overlong
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 36, 0xed, 0xa0, 0x80)), 'record-bad-utf8'); // surrogate
    // NUL is well-formed UTF-8 but no part of a name: the name is withheld, the rest is parsed
    // and the verifier fails the record with 'text-unsafe-characters' (tests/security/ui-text-attacks.test.ts).
    const nul = parseBasicFour(patched(BASIC_FOUR_EF, 18, 0x41, 0x00, 0x42));
    expect(nul.name).toBeUndefined();
    expect(nul.withheld).toEqual([{ field: 'name', index: 1, codePoint: 0 }]);
    expect(nul.address).toBe(parseBasicFour(BASIC_FOUR_EF).address);
  });
  it('rejects a sex field of the wrong size or a non-printable code', () => {
    const wide = cat(0xff, 0x20, 0x81, 0x5d, BASIC_FOUR_EF.subarray(4, 92), 0xdf, 0x25, 0x02, 0x31, 0x32);
    expectCode(() => parseBasicFour(wide), 'record-bad-length');
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 95, 0x07)), 'record-bad-value');
    expect(parseBasicFour(patched(BASIC_FOUR_EF, 95, 0x39)).sex).toBe('not-applicable');
    expect(parseBasicFour(patched(BASIC_FOUR_EF, 95, 0x30)).sex).toBe('unknown');
    expect(parseBasicFour(patched(BASIC_FOUR_EF, 95, 0x33)).sex).toBe('other');
  });
  it('rejects truncation and oversize lengths as TLV errors', () => {
    expectCode(() => parseBasicFour(BASIC_FOUR_EF.subarray(0, 50)), 'tlv-overrun');
    expectCode(() => parseBasicFour(BASIC_FOUR_EF.subarray(0, 2)), 'tlv-truncated');
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 3, 0xff)), 'tlv-overrun'); // outer 255 > 124 available
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 83, 0x7f)), 'tlv-overrun'); // DF24 runs past FF20
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 2, 0x80)), 'tlv-indefinite-length');
    expectCode(() => parseBasicFour(patched(BASIC_FOUR_EF, 2, 0x85)), 'tlv-bad-length');
    expectCode(() => parseBasicFour(new Uint8Array(0)), 'record-empty');
  });
  it('rejects a DF24 that is not 8 bytes', () => {
    const f = cat(
      0xff, 0x20, 0x5b,
      0xdf, 0x21, 0x08, 0x00, 0x0e, 0x00, 0x20, 0x00, 0x50, 0x00, 0x5a,
      0xdf, 0x22, 0x0f, utf8(NAME), 0xdf, 0x23, 0x2d, utf8(ADDRESS), 0xdf, 0x24, 0x07, ascii('1980021'), 0xdf, 0x25, 0x01, 0x32,
    );
    expectCode(() => parseBasicFour(f), 'record-bad-length');
  });
});

describe('text AP EF 0003 — integrity record (spec §3.3)', () => {
  it('parses digests, signature and the exact signed range', () => {
    expect(INTEGRITY_EF.length).toBe(336);
    const r = parseIntegrityRecord(INTEGRITY_EF);
    expect(Array.from(r.myNumberDigest)).toEqual(fill(32, 0x11));
    expect(Array.from(r.basicFourDigest)).toEqual(fill(32, 0x22));
    expect(Array.from(r.signature)).toEqual(SIGNATURE);
    expect(r.signedBytes.length).toBe(70);
    expect(Array.from(r.signedBytes)).toEqual(Array.from(INTEGRITY_EF.subarray(5, 75)));
    expect(Array.from(r.signedBytes.subarray(0, 3))).toEqual([0xdf, 0x31, 0x20]);
    expect(Array.from(r.signedBytes.subarray(35, 38))).toEqual([0xdf, 0x32, 0x20]);
  });
  it('keeps non-minimal lengths inside the signed range', () => {
    const f = cat(
      0xff, 0x30, 0x82, 0x01, 0x4d,
      0xdf, 0x31, 0x81, 0x20, fill(32, 0x11),
      0xdf, 0x32, 0x81, 0x20, fill(32, 0x22),
      0xdf, 0x33, 0x82, 0x01, 0x00, SIGNATURE, fill(10, 0xff),
    );
    const r = parseIntegrityRecord(f);
    expect(r.signedBytes.length).toBe(72);
    expect(Array.from(r.signedBytes.subarray(0, 4))).toEqual([0xdf, 0x31, 0x81, 0x20]);
  });
  it('rejects bad digest/signature sizes, tags and truncation', () => {
    const shortDigest = cat(0xff, 0x30, 0x82, 0x01, 0x4a, 0xdf, 0x31, 0x1f, fill(31, 0x11), 0xdf, 0x32, 0x20, fill(32, 0x22), 0xdf, 0x33, 0x82, 0x01, 0x00, SIGNATURE);
    expectCode(() => parseIntegrityRecord(shortDigest), 'record-bad-length');
    const shortSig = cat(tlv([0xff, 0x30], cat(0xdf, 0x31, 0x20, fill(32, 0x11), 0xdf, 0x32, 0x20, fill(32, 0x22), tlv([0xdf, 0x33], fill(255, 1)))));
    expectCode(() => parseIntegrityRecord(shortSig), 'record-bad-length');
    expectCode(() => parseIntegrityRecord(patched(INTEGRITY_EF, 41, 0x34)), 'record-bad-structure');
    expectCode(() => parseIntegrityRecord(INTEGRITY_EF.subarray(0, 300)), 'tlv-overrun');
    expectCode(() => parseIntegrityRecord(patched(INTEGRITY_EF, 1, 0x31)), 'record-wrong-tag');
  });
});

describe('text AP EF 0005 / 0006 / 0007 (spec §3.5)', () => {
  it('parses the AP basic info', () => {
    expect(TEXT_BASIC_INFO_EF.length).toBe(256);
    const r = parseTextApBasicInfo(TEXT_BASIC_INFO_EF);
    expect(r.ap).toBe('text');
    expect(r.apInfo).toMatchObject({ specVersion: 1, extendedLengthInfo: 3, vendorId: 0x0e, vendorByte: 1 });
    expect(Array.from(r.keyId)).toEqual(TEXT_KEY_ID);
    expect(r.unknown?.length).toBe(128);
    expect(parseApBasicInfo(TEXT_BASIC_INFO_EF, 'text').ap).toBe('text');
  });
  it('tolerates a missing DF43 and unknown tags, rejects a missing DF42 or duplicates', () => {
    const minimal = cat(0xff, 0x40, 0x1a, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01, 0xdf, 0x42, 0x10, TEXT_KEY_ID.slice(0, 12), 0, 0, 0, 0);
    expect(minimal.length).toBe(29);
    expect(parseTextApBasicInfo(minimal).unknown).toBeUndefined();
    const withUnknown = cat(0xff, 0x40, 0x1e, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01, 0xdf, 0x49, 0x01, 0x00, 0xdf, 0x42, 0x10, TEXT_KEY_ID);
    expect(parseTextApBasicInfo(withUnknown).keyId.length).toBe(16);
    expectCode(() => parseTextApBasicInfo(cat(0xff, 0x40, 0x07, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01)), 'record-missing-field');
    const dup = cat(0xff, 0x40, 0x0e, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01);
    expectCode(() => parseTextApBasicInfo(dup), 'record-bad-structure');
    const badKeyId = cat(0xff, 0x40, 0x19, 0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01, 0xdf, 0x42, 0x0f, TEXT_KEY_ID.slice(0, 15));
    expectCode(() => parseTextApBasicInfo(badKeyId), 'record-bad-length');
  });
  it('parses the session-key EF', () => {
    expect(SESSION_KEY_EF.length).toBe(276);
    const r = parseSessionKey(SESSION_KEY_EF);
    expect(Array.from(r.publicKey.modulus)).toEqual(MODULUS);
    expect(Array.from(r.publicKey.exponent)).toEqual([1, 0, 1]);
    expect(r.publicKey.exponentValue).toBe(65537);
    expect(r.publicKey.modulusBits).toBe(2048);
    expectCode(() => parseSessionKey(patched(SESSION_KEY_EF, 0, 0xa2)), 'record-wrong-tag');
  });
  it('parses the signed public key and its signed range', () => {
    expect(SIGNED_PUBLIC_KEY_EF.length).toBe(536);
    const r = parseSignedPublicKey(SIGNED_PUBLIC_KEY_EF);
    expect(Array.from(r.signedBytes)).toEqual(Array.from(SIGNED_PUBLIC_KEY_EF.subarray(5, 275)));
    expect(Array.from(r.signedBytes.subarray(0, 5))).toEqual([0xdf, 0x51, 0x82, 0x01, 0x09]);
    expect(Array.from(r.signedBytes.subarray(5))).toEqual(RSA_KEY_DO);
    expect(Array.from(r.signature)).toEqual(SIGNATURE);
    expect(Array.from(r.publicKey.modulus)).toEqual(MODULUS);
    expectCode(() => parseSignedPublicKey(patched(SIGNED_PUBLIC_KEY_EF, 276, 0x53)), 'record-bad-structure');
  });
});
