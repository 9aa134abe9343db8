/**
 * Secure-messaging data objects (ISO/IEC 7816-4 §10.2), scheme-neutral: the cryptogram objects
 * 85/87 (odd/even INS; 87 and 86 carry a leading padding-content indicator byte), the Le objects
 * 96/97, the status object 99 and the checksum 8E. The residence card answers with DO 86 =
 * 01 ‖ cryptogram and takes Le in DO 96 (在留カード等仕様書 §4.2.5(i)); ICAO SM uses 87/97/99/8E.
 * Every answer is untrusted: parsing fails with SecureMessagingError, never a TypeError.
 */
import { concatBytes, u16be } from '../../bytes/byte-ops';
import { encodeBerTlv, parseBerTlv, type BerTlv } from '../../apdu/ber-tlv';
import { TlvError } from '../../apdu/tlv-error';
import { SecureMessagingError } from './sm-error';

export const SM_TAG = {
  /** Cryptogram, plain value not BER-TLV encoded, no padding indicator (odd INS in ICAO). */
  cryptogramOdd: 0x85,
  /** Cryptogram with a leading padding-content indicator byte (residence card). */
  cryptogramIndicated: 0x86,
  /** Cryptogram with a padding-content indicator byte (ICAO, even INS). */
  cryptogramEven: 0x87,
  /** Le (residence card: 2 bytes). */
  le96: 0x96,
  /** Le (ICAO). */
  le97: 0x97,
  /** Processing status SW1 SW2. */
  status: 0x99,
  /** Cryptographic checksum (MAC). */
  checksum: 0x8e,
} as const;

/** Padding-content indicator 01: "padded as ISO/IEC 9797-1 method 2" (ISO/IEC 7816-4 Table 52). */
export const PADDING_INDICATOR_ISO = 0x01;

/** A cryptogram data object: `tag` ‖ L ‖ [01] ‖ cryptogram. */
export function encodeCryptogramDo(tag: number, cryptogram: Uint8Array, withIndicator: boolean): Uint8Array {
  const value = withIndicator ? concatBytes(Uint8Array.of(PADDING_INDICATOR_ISO), cryptogram) : cryptogram;
  return encodeBerTlv(tag, value);
}

/**
 * An Le data object: `tag` 01|02 Le. `le` 1..65536; 65536 (or 256 in one byte) is written as 00s,
 * the residence card's "read the whole file" (§4.2.5: 96 02 00 00).
 */
export function encodeLeDo(tag: number, le: number, width: 1 | 2): Uint8Array {
  const max = width === 1 ? 256 : 65536;
  if (!Number.isInteger(le) || le < 1 || le > max) throw new SecureMessagingError('sm-unsupported-command', `Le ${le} does not fit a ${width}-byte Le object`);
  const v = le === max ? new Uint8Array(width) : width === 1 ? Uint8Array.of(le) : u16be(le);
  return encodeBerTlv(tag, v);
}

/**
 * The data objects of a protected answer, in order. Each tag may occur once; only `allowed`
 * tags are accepted; nothing may follow the last object.
 */
export function parseSmDataObjects(data: Uint8Array, allowed: readonly number[]): BerTlv[] {
  const out: BerTlv[] = [];
  let pos = 0;
  while (pos < data.length) {
    let tlv: BerTlv;
    try {
      tlv = parseBerTlv(data, pos, 0);
    } catch (e) {
      if (e instanceof TlvError) throw new SecureMessagingError('sm-malformed-do', `SM data object: ${e.code}`, e.offset >= 0 ? e.offset : pos);
      throw e;
    }
    if (!allowed.includes(tlv.tag)) throw new SecureMessagingError('sm-malformed-do', `unexpected SM data object tag ${tlv.tag.toString(16).toUpperCase()}`, pos);
    if (out.some((o) => o.tag === tlv.tag)) throw new SecureMessagingError('sm-malformed-do', `SM data object ${tlv.tag.toString(16).toUpperCase()} repeated`, pos);
    out.push(tlv);
    pos += tlv.raw.length;
  }
  return out;
}

/**
 * The cryptogram inside DO 86/87: the value minus its padding-content indicator, which must be
 * 01 (ISO padding). Returns a view. `blockSize` checks the cryptogram is whole blocks.
 */
export function indicatedCryptogram(tlv: BerTlv, blockSize: number): Uint8Array {
  if (tlv.length < 1) throw new SecureMessagingError('sm-malformed-do', 'cryptogram object has no padding indicator', tlv.offset);
  const indicator = tlv.value[0]!;
  if (indicator !== PADDING_INDICATOR_ISO) {
    throw new SecureMessagingError('sm-malformed-do', `padding indicator ${indicator.toString(16).padStart(2, '0')} is not 01`, tlv.offset + tlv.headerLength);
  }
  const c = tlv.value.subarray(1);
  if (c.length === 0 || c.length % blockSize !== 0) {
    throw new SecureMessagingError('sm-bad-cryptogram-length', `cryptogram of ${c.length} bytes is not whole ${blockSize}-byte blocks`, tlv.offset + tlv.headerLength + 1);
  }
  return c;
}
