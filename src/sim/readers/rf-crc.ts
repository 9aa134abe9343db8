/**
 * The CRCs an emulated card sends after its frames when the emulated reader is told not to check
 * and strip them: CRC_A (ISO/IEC 14443-3 Annex B: CRC-16/CCITT reflected, preset 6363, not
 * inverted; Annex B examples `00 00` → `A0 1E`, `12 34` → `26 CF`) and CRC_B (preset FFFF,
 * inverted; `00 00 00` → `CC C6`). Written on the card's side, independently of the host's
 * src/transport/iso-dep/crc-a.ts.
 */
function crc16(bytes: Uint8Array, preset: number, invert: boolean): Uint8Array {
  let reg = preset;
  for (const b of bytes) {
    let x = (b ^ reg) & 0xff;
    x = (x ^ (x << 4)) & 0xff;
    reg = ((reg >> 8) ^ (x << 8) ^ (x << 3) ^ (x >> 4)) & 0xffff;
  }
  if (invert) reg = ~reg & 0xffff;
  return Uint8Array.of(reg & 0xff, reg >> 8);
}

export function piccCrcA(bytes: Uint8Array): Uint8Array {
  return crc16(bytes, 0x6363, false);
}

export function piccCrcB(bytes: Uint8Array): Uint8Array {
  return crc16(bytes, 0xffff, true);
}

export function withCrc(frame: Uint8Array, crc: (b: Uint8Array) => Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  out.set(crc(frame), frame.length);
  return out;
}
