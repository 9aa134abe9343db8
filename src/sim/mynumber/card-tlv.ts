import { encodeBerTlv } from '../../apdu/ber-tlv';

/**
 * TLV encoding as the card writes it: values of 128 bytes or more always take the 3-byte
 * `82 hi lo` length form, even when `81 xx` would do — the card's own files show
 * `DF 33 82 01 00`, `FF 10 82 02 1E` and the non-minimal `FF 40 82 00 9F` (spec §3).
 */
export function cardTlv(tag: number, value: Uint8Array): Uint8Array {
  return encodeBerTlv(tag, value, value.length >= 0x80 ? { minLengthBytes: 2 } : undefined);
}

/** Pad `content` with FF filler to the EF's physical size (spec §3, §9). */
export function withFiller(content: Uint8Array, physicalSize: number): Uint8Array {
  const size = Math.max(content.length, physicalSize);
  const out = new Uint8Array(size).fill(0xff);
  out.set(content);
  return out;
}

/** UTF-8 bytes of a card text field (ASCII digits and dates are a subset). */
export function textBytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function compactDate(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}
