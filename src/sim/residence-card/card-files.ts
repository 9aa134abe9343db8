/**
 * The files of a simulated residence card: plain data a SimulatedResidenceCard serves, and the
 * data-object encoding the spec uses (§3.2.3.1: 1-byte tag — gen 2 also DF D1 — and a length of
 * 00–7F, 81 xx or 82 xx xx), with each file padded with 00 to its capacity (§3.3.4).
 */
import type { RcGeneration, RcKind } from './rc-profile';

export type RcDf = 'mf' | 'df1' | 'df2' | 'df3';

export interface RcSimFile {
  readonly df: RcDf;
  /** Short EF identifier (READ BINARY P1 = 0x80 | sfi). */
  readonly sfi: number;
  /** Exactly what READ BINARY returns: the objects and their 00 padding. */
  readonly content: Uint8Array;
  /** Readable only after the card-number authentication. */
  readonly auth: boolean;
  /** Readable only with secure messaging. */
  readonly sm: boolean;
}

export interface RcSimModel {
  readonly generation: RcGeneration;
  readonly kind: RcKind;
  readonly seed: string;
  /** The 簡易認証コード the card checks: its Kenc/Kmac and its VERIFY reference. */
  readonly cardNumber: string;
  readonly files: readonly RcSimFile[];
  /** Behaviour that is not data, for forgeries (see residence-sim-card.ts). */
  readonly behaviour?: RcSimBehaviour;
}

export interface RcSimBehaviour {
  /** Flip one bit of the cryptogram in the SM answer for this file: the middle or the last block. */
  readonly corruptSmAnswer?: { readonly df: RcDf; readonly sfi: number; readonly where: 'middle' | 'last-block' };
  /** Answer MUTUAL AUTHENTICATE with a wrong M.ICC (a chip that does not hold the key it claims). */
  readonly wrongCardMac?: boolean;
}

export const DF_AIDS: Readonly<Record<Exclude<RcDf, 'mf'>, Uint8Array>> = {
  df1: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  df2: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  df3: Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
};

/** tag ‖ length ‖ value with the spec's length forms. */
export function dataObject(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  const len = n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  const out = new Uint8Array(tagBytes.length + len.length + n);
  out.set([...tagBytes, ...len], 0);
  out.set(value, tagBytes.length + len.length);
  return out;
}

/** `value` followed by 00 up to `length` bytes (fixed-length fields, §3.3.4.3–4). */
export function padTo(value: Uint8Array, length: number): Uint8Array {
  if (value.length > length) throw new RangeError(`value of ${value.length} bytes does not fit ${length}`);
  const out = new Uint8Array(length);
  out.set(value);
  return out;
}

export function ascii(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Capacities of 表3-1 / 3-2 (gen 1) and the second-generation tables (eringoio summary). */
export function fileCapacity(generation: RcGeneration, kind: RcKind, df: RcDf, sfi: number): number {
  const g1: Record<string, number> = { 'mf/11': 6, 'mf/10': 3, 'df1/5': 7004, 'df1/6': 3004, 'df2/1': 342, 'df2/2': 122, 'df2/3': 122, 'df2/4': 3, 'df3/2': 1464 };
  const g2: Record<string, number> = { 'mf/11': 6, 'mf/10': 4, 'df1/1': 14, 'df1/3': kind === 'residence-card' ? 73 : 46, 'df1/4': 5508, 'df1/6': 2505, 'df2/1': 22, 'df2/2': 3, 'df2/3': 207, 'df3/2': 704 };
  const c = (generation === 1 ? g1 : g2)[`${df}/${sfi}`];
  if (c === undefined) throw new RangeError(`no file ${df}/${sfi}`);
  return c;
}
