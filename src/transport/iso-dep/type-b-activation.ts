/**
 * ISO/IEC 14443-3 Type B activation, host side, independent of the reader: the SENSB_REQ bytes,
 * SENSB_RES (ATQB) parsing, and ATTRIB. Facts: reference browser-readers.md §2.3; nfcpy
 * `src/nfc/clf/rcs380.py sense_ttb` and `src/nfc/tag/tt4.py Type4BTag`;
 * aruneko/WebUSB-MyNumberCard `src/Type4B.ts` (same bytes against real My Number Cards).
 */
import { copyBytes } from '../../bytes/byte-ops';
import { TransportError } from '../card-transport';
import { frameSizeFromIndex, fwtMsFromFwi } from './iso-dep-timing';
import { attribParam2, type TypeBBitRate } from './type-b-bit-rate';

/** SENSB_REQ: APf 05, AFI 00 (all families), PARAM 10 (extended SENSB_RES supported, 1 slot). */
export const SENSB_REQ: Uint8Array = Uint8Array.of(0x05, 0x00, 0x10);

/** Timeout nfcpy and aruneko use for SENSB_REQ and ATTRIB, in ms. */
export const ACTIVATION_TIMEOUT_MS = 30;

/** What the host learns from SENSB_RES. Every field comes from the card: untrusted, range-checked. */
export interface TypeBTarget {
  /** Pseudo-Unique PICC Identifier (SENSB_RES bytes 1..4). */
  readonly pupi: Uint8Array;
  readonly applicationData: Uint8Array;
  /** Protocol Info byte 1: bit rates the card supports. */
  readonly bitRateCapability: number;
  /** FSCI as sent (high nibble of byte 10) and the FSC used (RFU values read as 8). */
  readonly fsci: number;
  readonly fsc: number;
  /** Protocol_Type (low nibble of byte 10); bit 1 = ISO/IEC 14443-4 compliant. */
  readonly protocolType: number;
  /** FWI as sent (high nibble of byte 11) and the FWT it gives (FWI 15 read as 4). */
  readonly fwi: number;
  readonly fwtMs: number;
}

/** Parse SENSB_RES: at least 12 bytes, first byte 50 (nfcpy sense_ttb); 13 with extended ATQB. */
export function parseSensbRes(res: Uint8Array): TypeBTarget {
  if (res.length < 12 || res.length > 13) {
    throw new TransportError('protocol', `SENSB_RES of ${res.length} bytes (expected 12 or 13)`);
  }
  if (res[0] !== 0x50) throw new TransportError('protocol', `SENSB_RES starts with ${res[0]!.toString(16)}, not 50`);
  const fsci = res[10]! >> 4;
  const fwi = res[11]! >> 4;
  return {
    pupi: copyBytes(res.subarray(1, 5)),
    applicationData: copyBytes(res.subarray(5, 9)),
    bitRateCapability: res[9]!,
    fsci,
    fsc: frameSizeFromIndex(fsci),
    protocolType: res[10]! & 0x0f,
    fwi,
    fwtMs: fwtMsFromFwi(fwi),
  };
}

/** True when the card says it speaks ISO/IEC 14443-4 (Protocol_Type bit 1). */
export function isIsoDepCapable(target: TypeBTarget): boolean {
  return (target.protocolType & 0x01) === 0x01;
}

/**
 * ATTRIB `1D | PUPI | Param1 | Param2 | Param3 | Param4`:
 * Param1 00 = default TR0/TR1, SOF/EOF required; Param2 = `rate` both ways | FSDI
 * (type-b-bit-rate.ts); Param3 01 = ISO/IEC 14443-4 compliant; Param4 00 = CID 0. At 106 kbit/s
 * with FSDI 8 this is exactly the reference's `1D PUPI 00 08 01 00`. (soltia48/felica-rs echoes
 * Param3 from Protocol_Type instead; for a card reporting type 1 both give 01.)
 */
export function buildAttrib(target: TypeBTarget, fsdi: number, rate: TypeBBitRate = 106): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = 0x1d;
  out.set(target.pupi, 1);
  out[5] = 0x00;
  out[6] = attribParam2(rate, fsdi);
  out[7] = 0x01;
  out[8] = 0x00;
  return out;
}

/** The ATTRIB answer's first byte is MBLI (b8-b5) | CID (b4-b1); we asked for CID 0. */
export function parseAttribResponse(res: Uint8Array): { readonly mbli: number; readonly cid: number } {
  if (res.length < 1) throw new TransportError('protocol', 'empty ATTRIB answer');
  const mbli = res[0]! >> 4;
  const cid = res[0]! & 0x0f;
  if (cid !== 0) throw new TransportError('protocol', `ATTRIB answer with CID ${cid}, expected 0`);
  return { mbli, cid };
}
