/**
 * ISO/IEC 14443 Type B frame sizes and waiting times, as the host needs them.
 * Facts: nfcpy `src/nfc/tag/tt4.py` (Type4BTag, IsoDepInitiator); reference
 * browser-readers.md §2.3–§2.4.
 */

/** Carrier frequency fc (ISO/IEC 14443-2), in Hz. */
export const CARRIER_HZ = 13_560_000;

/** FSC / FSD by FSCI / FSDI 0..8 (ATQB Max_Frame_Size, ATTRIB Param 2). Frame = PCB + INF + CRC_B. */
export const FRAME_SIZES: readonly number[] = [16, 24, 32, 40, 48, 64, 96, 128, 256];

/** Largest frame size index we accept; FSCI values above 8 are treated as 8 (as nfcpy does). */
export const MAX_FRAME_SIZE_INDEX = 8;

/** Frame size for an FSCI / FSDI (values above 8 fall back to 256, as nfcpy does for RFU values). */
export function frameSizeFromIndex(index: number): number {
  const i = Math.max(0, Math.min(MAX_FRAME_SIZE_INDEX, Math.trunc(index)));
  return FRAME_SIZES[i]!;
}

/** FWI 15 is RFU; nfcpy then assumes FWI 4. */
export const RFU_FWI_FALLBACK = 4;

/** FWT = (256 × 16 / fc) × 2^FWI, in milliseconds. FWI 15 (RFU) is read as 4. */
export function fwtMsFromFwi(fwi: number): number {
  const f = Math.trunc(fwi);
  const used = f >= 0 && f <= 14 ? f : RFU_FWI_FALLBACK;
  return ((4096 / CARRIER_HZ) * 2 ** used) * 1000;
}

/** FWTmax = FWT at FWI 14 (≈ 4949 ms): a waiting-time extension never waits longer. */
export const FWT_MAX_MS = fwtMsFromFwi(14);

/** ΔFWT = 49152 / fc (≈ 3.6 ms), the PCD's extra margin on every wait (nfcpy delta_fwt). */
export const DELTA_FWT_MS = (49152 / CARRIER_HZ) * 1000;

/** Valid WTXM values are 1..59 (ISO/IEC 14443-4 S(WTX) INF, bits 6..1). */
export const WTXM_MIN = 1;
export const WTXM_MAX = 59;

/** The temporary waiting time after answering S(WTX): WTXM × FWT, never above FWTmax. */
export function wtxWaitMs(fwtMs: number, wtxm: number): number {
  return Math.min(fwtMs * wtxm, FWT_MAX_MS);
}
