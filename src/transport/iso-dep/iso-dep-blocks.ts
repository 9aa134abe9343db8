/**
 * ISO/IEC 14443-4 block formats, host (PCD) side. NAD is never sent, so the card must not use it.
 * CID: blocks are built and parsed without it; a session whose card announced CID support (Type A
 * ATS TC(1) b2) may put one in with `addCid` / `removeCid` (PCB b4 set, the CID byte after PCB,
 * ISO/IEC 14443-4 §7.1.1.2: the card answers with the CID byte, power level in b8 b7). PCB values as in reference browser-readers.md §2.4 and nfcpy
 * `src/nfc/tag/tt4.py` IsoDepInitiator:
 *
 *   I-block   0 0 0 c 0 0 1 n   02|n, chaining 12|n
 *   R-block   1 0 1 k 0 0 1 n   R(ACK) A2|n, R(NAK) B2|n
 *   S-block   1 1 t t 0 0 1 0   S(DESELECT) C2, S(WTX) F2 + INF (power level b8-b7, WTXM b6-b1)
 */
import { WTXM_MAX, WTXM_MIN } from './iso-dep-timing';

export const PCB_I = 0x02;
export const PCB_I_CHAINING = 0x10;
export const PCB_R_ACK = 0xa2;
export const PCB_R_NAK = 0xb2;
export const PCB_S_DESELECT = 0xc2;
export const PCB_S_WTX = 0xf2;
/** CID-following and NAD-following bits (b4, b3). */
const PCB_CID = 0x08;
const PCB_NAD = 0x04;

export function iBlock(blockNumber: number, chaining: boolean, inf: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + inf.length);
  out[0] = PCB_I | (chaining ? PCB_I_CHAINING : 0) | (blockNumber & 1);
  out.set(inf, 1);
  return out;
}

export function rAck(blockNumber: number): Uint8Array {
  return Uint8Array.of(PCB_R_ACK | (blockNumber & 1));
}

export function rNak(blockNumber: number): Uint8Array {
  return Uint8Array.of(PCB_R_NAK | (blockNumber & 1));
}

/** S(WTX) response: the same WTXM back, power level bits cleared. */
export function wtxResponse(wtxm: number): Uint8Array {
  return Uint8Array.of(PCB_S_WTX, wtxm & 0x3f);
}

export const S_DESELECT: Uint8Array = Uint8Array.of(PCB_S_DESELECT);

/** `block` with CID `cid` (0..14) inserted after its PCB. */
export function addCid(block: Uint8Array, cid: number): Uint8Array {
  const out = new Uint8Array(block.length + 1);
  out[0] = block[0]! | PCB_CID;
  out[1] = cid & 0x0f;
  out.set(block.subarray(1), 2);
  return out;
}

/**
 * A frame from a card that was sent blocks with CID `cid`: the CID byte checked and taken out
 * (its b8 b7 power level ignored), PCB b4 cleared. A frame without the CID, or with another,
 * comes back as an empty frame, which parseCardBlock classifies as invalid.
 */
export function removeCid(frame: Uint8Array, cid: number): Uint8Array {
  if (frame.length < 2 || (frame[0]! & PCB_CID) === 0 || (frame[1]! & 0x0f) !== (cid & 0x0f)) return new Uint8Array(0);
  const out = new Uint8Array(frame.length - 1);
  out[0] = frame[0]! & ~PCB_CID;
  out.set(frame.subarray(2), 1);
  return out;
}

/** A block from the card, classified. `invalid` blocks are answered like lost ones (rule 4). */
export type CardBlock =
  | { readonly kind: 'i'; readonly blockNumber: number; readonly chaining: boolean; readonly inf: Uint8Array }
  | { readonly kind: 'r-ack'; readonly blockNumber: number }
  | { readonly kind: 'r-nak'; readonly blockNumber: number }
  | { readonly kind: 'wtx'; readonly wtxm: number }
  | { readonly kind: 'deselect' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Classify a frame received from the card. `maxFrameLength` is FSD minus the two CRC_B bytes
 * the reader already removed.
 */
export function parseCardBlock(frame: Uint8Array, maxFrameLength: number): CardBlock {
  if (frame.length === 0) return { kind: 'invalid', reason: 'empty frame' };
  if (frame.length > maxFrameLength) return { kind: 'invalid', reason: `frame of ${frame.length} bytes exceeds FSD` };
  const pcb = frame[0]!;
  if ((pcb & 0xe2) === 0x02) {
    if (pcb & (PCB_CID | PCB_NAD)) return { kind: 'invalid', reason: 'I-block with CID or NAD' };
    if (pcb & 0x20) return { kind: 'invalid', reason: 'I-block with b6 set' };
    return { kind: 'i', blockNumber: pcb & 1, chaining: (pcb & PCB_I_CHAINING) !== 0, inf: frame.subarray(1) };
  }
  if ((pcb & 0xe6) === 0xa2) {
    if (pcb & PCB_CID) return { kind: 'invalid', reason: 'R-block with CID' };
    if (frame.length !== 1) return { kind: 'invalid', reason: 'R-block with INF' };
    return (pcb & 0x10) === 0 ? { kind: 'r-ack', blockNumber: pcb & 1 } : { kind: 'r-nak', blockNumber: pcb & 1 };
  }
  if ((pcb & 0xc7) === 0xc2) {
    if (pcb & PCB_CID) return { kind: 'invalid', reason: 'S-block with CID' };
    if (pcb === PCB_S_WTX) {
      if (frame.length !== 2) return { kind: 'invalid', reason: 'S(WTX) without exactly one INF byte' };
      const wtxm = frame[1]! & 0x3f;
      if (wtxm < WTXM_MIN || wtxm > WTXM_MAX) return { kind: 'invalid', reason: `S(WTX) with WTXM ${wtxm}` };
      return { kind: 'wtx', wtxm };
    }
    if (pcb === PCB_S_DESELECT && frame.length === 1) return { kind: 'deselect' };
    return { kind: 'invalid', reason: `unknown S-block ${pcb.toString(16)}` };
  }
  return { kind: 'invalid', reason: `unknown PCB ${pcb.toString(16)}` };
}
