/**
 * Dynamic Authentication Data (tag 7C) of GENERAL AUTHENTICATE (9303-11 §4.4.4.2, §4.4.5
 * Table 4): context-specific primitive objects 80–8A inside one 7C. Parsed strictly: one 7C
 * object filling the answer, each inner tag at most once, only the tags the step allows.
 */
import { KazasuError } from '../../errors/kazasu-error';
import { tlv } from '../secure-messaging/icao-sm-objects';

export class GaDataError extends KazasuError {
  readonly code = 'ga-data-malformed' as const;
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

function readHeader(data: Uint8Array, at: number): { tag: number; start: number; length: number } {
  if (at + 2 > data.length) throw new GaDataError('object header cut short', at);
  const tag = data[at]!;
  if ((tag & 0x1f) === 0x1f) throw new GaDataError('multi-byte tags do not occur here', at);
  const l0 = data[at + 1]!;
  let start = at + 2;
  let length: number;
  if (l0 < 0x80) length = l0;
  else if (l0 === 0x81 || l0 === 0x82) {
    const n = l0 - 0x80;
    if (start + n > data.length) throw new GaDataError('length cut short', at + 1);
    length = n === 1 ? data[start]! : (data[start]! << 8) | data[start + 1]!;
    if ((n === 1 && length < 0x80) || (n === 2 && length < 0x100)) throw new GaDataError('length field is not in its shortest form', at + 1);
    start += n;
  } else throw new GaDataError(`unsupported length byte 0x${l0.toString(16)}`, at + 1);
  if (start + length > data.length) throw new GaDataError(`object 0x${tag.toString(16)} announces ${length} bytes, ${data.length - start} follow`, at);
  return { tag, start, length };
}

/** Parses `7C L { tag L value }*` and returns the inner objects by tag. */
export function parseGaData(data: Uint8Array, allowed: readonly number[]): Map<number, Uint8Array> {
  const outer = readHeader(data, 0);
  if (outer.tag !== 0x7c) throw new GaDataError('answer is not Dynamic Authentication Data (7C)', 0);
  if (outer.start + outer.length !== data.length) throw new GaDataError('bytes after the 7C object', outer.start + outer.length);
  const out = new Map<number, Uint8Array>();
  let at = outer.start;
  while (at < data.length) {
    const h = readHeader(data, at);
    if (!allowed.includes(h.tag)) throw new GaDataError(`object 0x${h.tag.toString(16)} is not expected in this step`, at);
    if (out.has(h.tag)) throw new GaDataError(`object 0x${h.tag.toString(16)} appears twice`, at);
    out.set(h.tag, data.slice(h.start, h.start + h.length));
    at = h.start + h.length;
  }
  return out;
}

export function buildGaData(objects: ReadonlyArray<readonly [number, Uint8Array]>): Uint8Array {
  const inner = objects.map(([t, v]) => tlv(t, v));
  let n = 0;
  for (const i of inner) n += i.length;
  const body = new Uint8Array(n);
  let o = 0;
  for (const i of inner) {
    body.set(i, o);
    o += i.length;
  }
  return tlv(0x7c, body);
}
