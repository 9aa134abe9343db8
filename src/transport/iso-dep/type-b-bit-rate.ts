/**
 * ISO/IEC 14443 Type B bit rates: what the card offers in its ATQB, what we ask for in ATTRIB.
 *
 * ATQB Protocol Info byte 1, Bit_Rate_capability (ISO/IEC 14443-3, Type B ATQB):
 *   b8       1: the same bit rate both ways is compulsory
 *   b7 b6 b5 PICC → PCD 847 / 424 / 212 kbit/s supported
 *   b4       0 (1 is RFU: then only 106 kbit/s is assumed here)
 *   b3 b2 b1 PCD → PICC 847 / 424 / 212 kbit/s supported
 * 106 kbit/s is always supported. `B3` = 212 and 424 both ways, `00` = 106 only (reference
 * updates-2026-12.md §4; the same decoding, with 0xB3 as "106, 212 and 424 kbit/s in both
 * directions", in Identive's CLOUD 47x0 F reference manual §6.3, "card to reader baud rate").
 *
 * ATTRIB Param 2 (ISO/IEC 14443-3, Type B ATTRIB): b8 b7 PICC → PCD, b6 b5 PCD → PICC, each
 * 00 = 106, 01 = 212, 10 = 424, 11 = 847 kbit/s (1 etu = 128/fc, 64/fc, 32/fc, 16/fc); b4–b1
 * FSDI (the same field layout in librfid's `iso14443b_attrib_hdr`). ATTRIB and its answer travel
 * at the rate the card was found at (106 kbit/s); the new rates apply from the next frame on, so
 * the reader switches after the Answer to ATTRIB — the order soltia48/felica-rs follows on the
 * RC-S300 (ATTRIB, answer, then "set communication speed"). The exact clause of ISO/IEC 14443-3
 * could not be read here: that order is as recalled, and a card that does not answer at the new
 * rate makes the host fall back to 106 kbit/s (type-b-card-link.ts). Param 2 bytes for FSDI 8:
 * 08 (106), 58 (212), A8 (424).
 */
import { TransportError } from '../card-transport';

export type TypeBBitRate = 106 | 212 | 424 | 848;

export const TYPE_B_BIT_RATES: readonly TypeBBitRate[] = [106, 212, 424, 848];

/** The bit rates a card accepts from the reader (PCD → PICC) and can send (PICC → PCD). */
export interface BitRateCapability {
  readonly pcdToPicc: readonly TypeBBitRate[];
  readonly piccToPcd: readonly TypeBBitRate[];
  /** b8: both directions must use the same rate. */
  readonly sameRateBothWays: boolean;
}

const HIGHER: readonly { readonly rate: TypeBBitRate; readonly bit: number }[] = [
  { rate: 212, bit: 0 },
  { rate: 424, bit: 1 },
  { rate: 848, bit: 2 },
];

export function decodeBitRateCapability(byte: number): BitRateCapability {
  if ((byte & 0x08) !== 0) return { pcdToPicc: [106], piccToPcd: [106], sameRateBothWays: true };
  const pick = (shift: number): TypeBBitRate[] => [106, ...HIGHER.filter((h) => (byte >> (shift + h.bit)) & 1).map((h) => h.rate)];
  return { pcdToPicc: pick(0), piccToPcd: pick(4), sameRateBothWays: (byte & 0x80) !== 0 };
}

/**
 * The highest rate the card offers in both directions that the reader also allows (and that is
 * not above `ceiling`). Both directions always use the one rate, which satisfies b8 either way.
 */
export function chooseBitRate(capabilityByte: number, readerRates: readonly TypeBBitRate[], ceiling: TypeBBitRate = 848): TypeBBitRate {
  const card = decodeBitRateCapability(capabilityByte);
  let best: TypeBBitRate = 106;
  for (const rate of TYPE_B_BIT_RATES) {
    if (rate > ceiling || !readerRates.includes(rate)) continue;
    if (card.pcdToPicc.includes(rate) && card.piccToPcd.includes(rate)) best = rate;
  }
  return best;
}

/** The 2-bit divisor code of a rate: 106 → 0, 212 → 1, 424 → 2, 848 → 3. */
export function bitRateCode(rate: TypeBBitRate): number {
  return TYPE_B_BIT_RATES.indexOf(rate);
}

/** ATTRIB Param 2: `rate` both ways, and FSDI. */
export function attribParam2(rate: TypeBBitRate, fsdi: number): number {
  if (!Number.isInteger(fsdi) || fsdi < 0 || fsdi > 8) throw new TransportError('protocol', `FSDI ${fsdi} out of range`);
  const code = bitRateCode(rate);
  return (code << 6) | (code << 4) | fsdi;
}

/** The rate ATTRIB Param 2 asks for in one direction (b8 b7: PICC → PCD, b6 b5: PCD → PICC). */
export function rateOfParam2(param2: number, direction: 'piccToPcd' | 'pcdToPicc'): TypeBBitRate {
  return TYPE_B_BIT_RATES[(param2 >> (direction === 'piccToPcd' ? 6 : 4)) & 0x03]!;
}
