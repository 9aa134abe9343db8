/**
 * The data objects of an ICAO secure-messaging answer (9303-11 §9.8.4): [DO'85' or DO'87']
 * [DO'99'] DO'8E', in this order and nothing else. Parsed strictly, because every byte is
 * untrusted and the MAC is computed over the exact bytes of the objects before DO'8E'.
 */
import { IcaoSmError } from './icao-sm-error';

export interface IcaoSmResponseObjects {
  /** DO'87' (even INS: padding indicator ‖ cryptogram) or DO'85' (odd INS: cryptogram). */
  readonly cryptogram?: { readonly tag: 0x85 | 0x87; readonly value: Uint8Array };
  /** DO'99' value: SW1 SW2 as the chip meant it. */
  readonly status?: Uint8Array;
  /** DO'8E' value (8 bytes). */
  readonly mac: Uint8Array;
  /** The bytes the MAC covers: every object before DO'8E', exactly as received. */
  readonly macInput: Uint8Array;
}

/** Reads one tag + BER length at `at`; returns [tag, valueStart, valueLength]. */
function header(data: Uint8Array, at: number): [number, number, number] {
  if (at + 2 > data.length) throw new IcaoSmError('sm-malformed-response', 'data object header cut short', at);
  const tag = data[at]!;
  const l0 = data[at + 1]!;
  let pos = at + 2;
  let len: number;
  if (l0 < 0x80) len = l0;
  else if (l0 === 0x81 || l0 === 0x82) {
    const n = l0 & 0x7f;
    if (pos + n > data.length) throw new IcaoSmError('sm-malformed-response', 'length field cut short', at + 1);
    len = n === 1 ? data[pos]! : (data[pos]! << 8) | data[pos + 1]!;
    // Only the shortest length form: otherwise two byte strings would carry one MAC (fuzzing found
    // 8E 81 08 … verifying like 8E 08 …).
    if ((n === 1 && len < 0x80) || (n === 2 && len < 0x100)) {
      throw new IcaoSmError('sm-malformed-response', 'length field is not in its shortest form', at + 1);
    }
    pos += n;
  } else {
    // Indefinite (80) and lengths of 3+ bytes never occur in an APDU answer (≤ 65536 bytes).
    throw new IcaoSmError('sm-malformed-response', `unsupported length byte 0x${l0.toString(16)}`, at + 1);
  }
  if (pos + len > data.length) throw new IcaoSmError('sm-malformed-response', `data object 0x${tag.toString(16)} announces ${len} bytes, ${data.length - pos} follow`, at);
  return [tag, pos, len];
}

export function parseIcaoSmResponse(data: Uint8Array): IcaoSmResponseObjects {
  let at = 0;
  let cryptogram: IcaoSmResponseObjects['cryptogram'];
  let status: Uint8Array | undefined;
  let stage = 0; // 0: before 85/87, 1: before 99, 2: before 8E
  while (at < data.length) {
    const [tag, start, len] = header(data, at);
    if ((tag === 0x85 || tag === 0x87) && stage === 0) {
      cryptogram = { tag, value: data.slice(start, start + len) };
      stage = 1;
    } else if (tag === 0x99 && stage <= 1) {
      if (len !== 2) throw new IcaoSmError('sm-malformed-response', `DO'99' must hold 2 bytes, holds ${len}`, at);
      status = data.slice(start, start + len);
      stage = 2;
    } else if (tag === 0x8e) {
      if (len !== 8) throw new IcaoSmError('sm-malformed-response', `DO'8E' must hold 8 bytes, holds ${len}`, at);
      if (start + len !== data.length) throw new IcaoSmError('sm-malformed-response', 'bytes after DO\'8E\'', start + len);
      const out: IcaoSmResponseObjects = { mac: data.slice(start, start + len), macInput: data.slice(0, at), ...(status ? { status } : {}), ...(cryptogram ? { cryptogram } : {}) };
      return out;
    } else {
      throw new IcaoSmError('sm-malformed-response', `unexpected data object 0x${tag.toString(16)} here`, at);
    }
    at = start + len;
  }
  throw new IcaoSmError('sm-malformed-response', 'no DO\'8E\' (MAC) in the answer', data.length);
}

/** BER length field for a value of `n` bytes (n < 65536). */
export function berLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n <= 0xff) return Uint8Array.of(0x81, n);
  return Uint8Array.of(0x82, n >> 8, n & 0xff);
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  const l = berLength(value.length);
  const out = new Uint8Array(1 + l.length + value.length);
  out[0] = tag;
  out.set(l, 1);
  out.set(value, 1 + l.length);
  return out;
}
