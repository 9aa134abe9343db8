/**
 * Hand-built EF images for the record tests, written byte by byte from the spec layouts
 * (spec §3.1–§3.8, §2.4, §2.7). No project encoder is used: headers and lengths are literal,
 * and the tests assert the sizes and offsets worked out in the comments.
 */

export type Part = number | ArrayLike<number>;

/** Concatenate literal bytes and byte lists. */
export function cat(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else for (let i = 0; i < p.length; i++) out.push(p[i]!);
  }
  return Uint8Array.from(out);
}

export function fill(n: number, b: number): number[] {
  return new Array<number>(n).fill(b);
}

export function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

export function utf8(s: string): number[] {
  return Array.from(new TextEncoder().encode(s));
}

/**
 * Test-local TLV writer for malformed variants only: tag bytes as given, then the length in
 * the requested form (short, 81 xx, 82 xx xx). Independent of the project's encoder.
 */
export function tlv(tag: number[], value: ArrayLike<number>, form: 'short' | '81' | '82' = value.length < 0x80 ? 'short' : '82'): Uint8Array {
  const n = value.length;
  const len = form === 'short' ? [n] : form === '81' ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return cat(tag, len, value);
}

/** A 256-byte "modulus": top byte C3, odd last byte. */
export const MODULUS = [0xc3, ...fill(254, 0x5a), 0x0b];
/** `90 03 01 00 01  91 82 01 00 <256>` = 5 + 4 + 256 = 265 bytes (spec §3.4). */
export const RSA_KEY_DO = [0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00, ...MODULUS];
export const SIGNATURE = [0x5c, ...fill(254, 0x3c), 0x5d];

export const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const JP2_MAGIC = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

// ---------------------------------------------------------------- text AP EF 0001 (§3.1)
/** `FF 10 0C` + "123456789018" (valid check digit) + `FF FF` = 17 bytes. */
export const MY_NUMBER_EF = cat(0xff, 0x10, 0x0c, ascii('123456789018'), 0xff, 0xff);

// ---------------------------------------------------------------- text AP EF 0002 (§3.2)
export const NAME = '番号\u3000花子'; // 5 chars × 3 bytes = 15 = 0x0F
export const ADDRESS = '東京都千代田区永田町１－２－３'; // 15 chars × 3 bytes = 45 = 0x2D
/**
 * FF 20 81 5C (non-minimal 81 form)            offsets 0..3
 *   DF21 08 000F 0021 0051 005C                 at 4   (11 bytes)
 *   DF22 0F <name 15>                           at 15  (18 bytes)
 *   DF23 2D <address 45>                        at 33  (48 bytes)
 *   DF24 08 "19800217"                          at 81  (11 bytes)
 *   DF25 01 "2"                                 at 92  (4 bytes)  → end 96, value 92 = 0x5C
 * + 32 × FF filler = 128 bytes.
 */
export const BASIC_FOUR_EF = cat(
  0xff, 0x20, 0x81, 0x5c,
  0xdf, 0x21, 0x08, 0x00, 0x0f, 0x00, 0x21, 0x00, 0x51, 0x00, 0x5c,
  0xdf, 0x22, 0x0f, utf8(NAME),
  0xdf, 0x23, 0x2d, utf8(ADDRESS),
  0xdf, 0x24, 0x08, ascii('19800217'),
  0xdf, 0x25, 0x01, 0x32,
  fill(32, 0xff),
);
/**
 * Same content with an 82-form outer length and an 82 00 2D length on DF23:
 * FF 20 82 00 5E; DF21 at 5; DF22 at 16 (0x10); DF23 at 34 (0x22, 50 bytes);
 * DF24 at 84 (0x54); DF25 at 95 (0x5F); end 99; value 94 = 0x5E. No filler.
 */
export const BASIC_FOUR_EF_NONMINIMAL = cat(
  0xff, 0x20, 0x82, 0x00, 0x5e,
  0xdf, 0x21, 0x08, 0x00, 0x10, 0x00, 0x22, 0x00, 0x54, 0x00, 0x5f,
  0xdf, 0x22, 0x0f, utf8(NAME),
  0xdf, 0x23, 0x82, 0x00, 0x2d, utf8(ADDRESS),
  0xdf, 0x24, 0x08, ascii('19800217'),
  0xdf, 0x25, 0x01, 0x31,
);

// ---------------------------------------------------------------- text AP EF 0003 (§3.3)
/** FF 30 82 01 4B { DF31 20 <32×11> ; DF32 20 <32×22> ; DF33 82 01 00 <256> } = 336 bytes. */
export const INTEGRITY_EF = cat(
  0xff, 0x30, 0x82, 0x01, 0x4b,
  0xdf, 0x31, 0x20, fill(32, 0x11),
  0xdf, 0x32, 0x20, fill(32, 0x22),
  0xdf, 0x33, 0x82, 0x01, 0x00, SIGNATURE,
);

// ---------------------------------------------------------------- CV certificate (§3.4)
export const ISSUER_KEY_ID = [...ascii('5000033'), 0x08, 0x05, ...ascii('001'), 0x00, 0x00, 0x00, 0x00];
export const SUBJECT_KEY_ID = [...ascii('1322121'), 0x08, 0x05, ...ascii('000'), 0x00, 0x00, 0x00, 0x00];
/** 7F21 82 0233 { 5F4E 82 0129 <16 ‖ 16 ‖ 265> ; 5F37 82 0100 <256> } = 568 bytes. */
export const CV_CERT_EF = cat(
  0x7f, 0x21, 0x82, 0x02, 0x33,
  0x5f, 0x4e, 0x82, 0x01, 0x29, ISSUER_KEY_ID, SUBJECT_KEY_ID, RSA_KEY_DO,
  0x5f, 0x37, 0x82, 0x01, 0x00, SIGNATURE,
);

// ---------------------------------------------------------------- text AP EF 0005/0006/0007 (§3.5)
export const TEXT_KEY_ID = [...ascii('1000034'), 0x08, 0x05, ...ascii('001'), 0x00, 0x00, 0x00, 0x00];
/**
 * FF 40 82 00 9E { DF41 04 01 03 0E 01 (7) ; DF42 10 <16> (19) ; DF43 81 80 <32×AA + 96×FF> (132) }
 * value 158 = 0x9E, total 163, + 93 × FF = 256 bytes.
 */
export const TEXT_BASIC_INFO_EF = cat(
  0xff, 0x40, 0x82, 0x00, 0x9e,
  0xdf, 0x41, 0x04, 0x01, 0x03, 0x0e, 0x01,
  0xdf, 0x42, 0x10, TEXT_KEY_ID,
  0xdf, 0x43, 0x81, 0x80, fill(32, 0xaa), fill(96, 0xff),
  fill(93, 0xff),
);
/** A1 82 01 09 <265-byte key DO> + 7 × FF = 276 bytes. */
export const SESSION_KEY_EF = cat(0xa1, 0x82, 0x01, 0x09, RSA_KEY_DO, fill(7, 0xff));
/** FF 50 82 02 13 { DF51 82 01 09 <265> ; DF52 82 01 00 <256> } = 536 bytes. */
export const SIGNED_PUBLIC_KEY_EF = cat(
  0xff, 0x50, 0x82, 0x02, 0x13,
  0xdf, 0x51, 0x82, 0x01, 0x09, RSA_KEY_DO,
  0xdf, 0x52, 0x82, 0x01, 0x00, SIGNATURE,
);

// ---------------------------------------------------------------- 券面AP EF 0001 (§3.6)
/** FF 10 82 02 1E { DF11 08 "19800217" ; DF12 82 01 09 <265> ; DF13 82 01 00 <256> } = 547 bytes. */
export const AGE_RECORD_EF = cat(
  0xff, 0x10, 0x82, 0x02, 0x1e,
  0xdf, 0x11, 0x08, ascii('19800217'),
  0xdf, 0x12, 0x82, 0x01, 0x09, RSA_KEY_DO,
  0xdf, 0x13, 0x82, 0x01, 0x00, SIGNATURE,
);

// ---------------------------------------------------------------- 券面AP EF 0002 (§3.7)
export const NAME_PNG = [...PNG_MAGIC, ...ascii('NAME')]; // 12
export const ADDRESS_PNG = [...PNG_MAGIC, ...ascii('ADDRESS!')]; // 16
export const PHOTO_JP2 = [...JP2_MAGIC, ...fill(288, 0x33)]; // 300 = 0x012C
export const CODE_PNG = [...PNG_MAGIC, ...ascii('CODE')]; // 12
/**
 * FF 20 82 03 A4                                    0..4
 *   DF21 12 <9 offsets>                              at 5    (21)
 *   DF22 08 "19800217"                               at 26   = 0x01A (11)
 *   DF23 01 "1"                                      at 37   = 0x025 (4)
 *   DF24 82 01 09 <key 265>                          at 41   = 0x029 (270)
 *   DF25 0C <name PNG 12>                            at 311  = 0x137 (15)
 *   DF26 10 <address PNG 16>                         at 326  = 0x146 (19)
 *   DF27 82 01 2C <photo 300>                        at 345  = 0x159 (305)
 *   DF28 82 01 00 <signature 256>                    at 650  = 0x28A (261)
 *   DF29 08 "20350217"                               at 911  = 0x38F (11)
 *   DF2A 0C <code PNG 12>                            at 922  = 0x39A (15) → end 937
 * value 932 = 0x03A4; + 63 × FF = 1000 bytes.
 */
export const CARD_FACE_EF = cat(
  0xff, 0x20, 0x82, 0x03, 0xa4,
  0xdf, 0x21, 0x12,
  0x00, 0x1a, 0x00, 0x25, 0x00, 0x29, 0x01, 0x37, 0x01, 0x46, 0x01, 0x59, 0x02, 0x8a, 0x03, 0x8f, 0x03, 0x9a,
  0xdf, 0x22, 0x08, ascii('19800217'),
  0xdf, 0x23, 0x01, 0x31,
  0xdf, 0x24, 0x82, 0x01, 0x09, RSA_KEY_DO,
  0xdf, 0x25, 0x0c, NAME_PNG,
  0xdf, 0x26, 0x10, ADDRESS_PNG,
  0xdf, 0x27, 0x82, 0x01, 0x2c, PHOTO_JP2,
  0xdf, 0x28, 0x82, 0x01, 0x00, SIGNATURE,
  0xdf, 0x29, 0x08, ascii('20350217'),
  0xdf, 0x2a, 0x0c, CODE_PNG,
  fill(63, 0xff),
);

// ---------------------------------------------------------------- 券面AP EF 0003 / 0005 (§3.8)
export const FACE_KEY_ID = [...ascii('6000024'), 0x08, 0x05, ...ascii('001'), 0x00, 0x00, 0x00, 0x00];
export const FACE_EXTRA_KEY_ID = [...ascii('5900025'), 0x08, 0x05, ...ascii('001'), 0x00, 0x00, 0x00, 0x00];
/**
 * FF 30 82 01 3B { DF31 04 06 03 0E 01 (7) ; DF32 10 <16> (19) ; DF33 01 02 (4) ;
 *                  DF34 05 "13221" (8) ; DF35 82 01 10 <16 + 256 × 77> (277) } = value 315, total 320.
 */
export const FACE_BASIC_INFO_EF = cat(
  0xff, 0x30, 0x82, 0x01, 0x3b,
  0xdf, 0x31, 0x04, 0x06, 0x03, 0x0e, 0x01,
  0xdf, 0x32, 0x10, FACE_KEY_ID,
  0xdf, 0x33, 0x01, 0x02,
  0xdf, 0x34, 0x05, ascii('13221'),
  0xdf, 0x35, 0x82, 0x01, 0x10, FACE_EXTRA_KEY_ID, fill(256, 0x77),
);
export const MY_NUMBER_PNG = [...PNG_MAGIC, ...ascii('MYNUMBER')]; // 16
/** FF 40 82 02 26 { DF41 10 <16> (19) ; DF42 82 01 09 <265> (270) ; DF43 82 01 00 <256> (261) } = value 550, 555 bytes. */
export const MY_NUMBER_IMAGE_EF = cat(
  0xff, 0x40, 0x82, 0x02, 0x26,
  0xdf, 0x41, 0x10, MY_NUMBER_PNG,
  0xdf, 0x42, 0x82, 0x01, 0x09, RSA_KEY_DO,
  0xdf, 0x43, 0x82, 0x01, 0x00, SIGNATURE,
);

// ---------------------------------------------------------------- JPKI EF 0006 / 0008 (§2.4)
export function tokenInfo(label: string): Uint8Array {
  const padded = ascii(label.padEnd(32, ' '));
  return cat(padded, ascii('JPKI'.padEnd(32, ' ')), ascii('MYNA'.padEnd(16, ' ')), fill(16, 0x20), fill(64, 0x00));
}

// ---------------------------------------------------------------- DF …0100 EF 0001 record 1 (§2.7)
export const COMMON_CARD_INFO_RECORD = cat(0x01, 0x1c, ascii('400000012719843'), ascii('13221'), ascii('20350217'));
