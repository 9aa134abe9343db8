/**
 * CRC_A of ISO/IEC 14443-3 (Annex B): CRC-16/CCITT polynomial x^16 + x^12 + x^5 + 1, processed
 * LSB first (reflected 0x8408), initial value 6363, not inverted, sent least significant byte
 * first. Annex B's own examples pin it: `00 00` → `A0 1E`, `12 34` → `26 CF`.
 *
 * The readers normally add and check CRC_A themselves (RC-S380 InSetProtocol add_crc/check_crc,
 * RC-S300 transparent-exchange flags); the host uses this where a reader hands a frame back with
 * its CRC still on (an option for the RC-S300, whose Type A behaviour is UNCONFIRMED).
 */
import { TransportError } from '../card-transport';

export function crcA(bytes: Uint8Array): Uint8Array {
  let crc = 0x6363;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return Uint8Array.of(crc & 0xff, crc >>> 8);
}

/** `frame` ‖ CRC_A. */
export function appendCrcA(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  out.set(crcA(frame), frame.length);
  return out;
}

/** The frame without its two CRC_A bytes, after checking them (TransportError 'protocol' if wrong or missing). */
export function stripCrcA(frame: Uint8Array): Uint8Array {
  if (frame.length < 3) throw new TransportError('protocol', `frame of ${frame.length} bytes cannot carry CRC_A`);
  const body = frame.subarray(0, frame.length - 2);
  const crc = crcA(body);
  if (crc[0] !== frame[frame.length - 2] || crc[1] !== frame[frame.length - 1]) throw new TransportError('protocol', `CRC_A mismatch at offset ${frame.length - 2}`);
  return body.slice();
}
