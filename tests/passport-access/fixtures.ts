/**
 * Placeholder LDS content for the access-control tests (until the LDS helper's generated
 * passports land): valid BER-TLV framing with filler bytes, DG14/DG15 from the chip's keys.
 */
import { concatBytes } from '../../src/bytes/byte-ops';
import type { AaKey } from '../../src/sim/passport/chip/chip-active-auth';
import { dg14For, dg15For, type ChipAuthenticationKey, type PaceOffer } from '../../src/sim/passport/chip/chip-security-infos';
import { PassportChip, type PassportChipConfig } from '../../src/sim/passport/chip/passport-chip';

function berLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  if (n < 0x10000) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  return Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
}

/** A TLV object of `total` bytes in all (tag + length + value), value filled with a pattern. */
export function placeholderFile(tag: number, total: number, seed = tag): Uint8Array {
  let valueLength = total - 2;
  while (1 + berLength(valueLength).length + valueLength > total) valueLength--;
  const value = new Uint8Array(valueLength);
  for (let i = 0; i < valueLength; i++) value[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return concatBytes(Uint8Array.of(tag), berLength(valueLength), value);
}

export const SPECIMEN_MRZ = { documentNumber: 'TK1234567', birthDate: '850312', expiryDate: '330115' } as const;

export interface LdsOptions {
  readonly dg2Size?: number;
  readonly ca?: readonly ChipAuthenticationKey[];
  readonly aa?: AaKey;
  readonly pace?: readonly PaceOffer[];
}

export function placeholderLds(o: LdsOptions = {}): Map<number, Uint8Array> {
  const files = new Map<number, Uint8Array>([
    [0x011e, Uint8Array.from([0x60, 0x16, 0x5f, 0x01, 0x04, 0x30, 0x31, 0x30, 0x37, 0x5f, 0x36, 0x06, 0x30, 0x34, 0x30, 0x30, 0x30, 0x30, 0x5c, 0x04, 0x61, 0x75, 0x6e, 0x6f])],
    [0x0101, placeholderFile(0x61, 93)],
    [0x0102, placeholderFile(0x75, o.dg2Size ?? 20_000)],
    [0x010b, placeholderFile(0x6b, 120)],
    [0x010c, placeholderFile(0x6c, 80)],
    [0x011d, placeholderFile(0x77, 1900)],
  ]);
  if (o.ca || o.pace || o.aa) files.set(0x010e, dg14For({ ...(o.ca ? { ca: o.ca } : {}), ...(o.pace ? { pace: o.pace } : {}), ...(o.aa ? { aa: o.aa } : {}) }));
  if (o.aa) files.set(0x010f, dg15For(o.aa));
  return files;
}

export function chipWith(config: Partial<PassportChipConfig> & { lds?: LdsOptions }): PassportChip {
  const { lds, ...rest } = config;
  return new PassportChip({ mrz: SPECIMEN_MRZ, files: placeholderLds({ ...lds, ...(rest.pace ? { pace: rest.pace } : {}) }), ...rest });
}

export const PACE_OID = {
  dhGm: (c: number) => `0.4.0.127.0.7.2.2.4.1.${c}`,
  ecdhGm: (c: number) => `0.4.0.127.0.7.2.2.4.2.${c}`,
  dhIm: (c: number) => `0.4.0.127.0.7.2.2.4.3.${c}`,
  ecdhIm: (c: number) => `0.4.0.127.0.7.2.2.4.4.${c}`,
  ecdhCam: (c: number) => `0.4.0.127.0.7.2.2.4.6.${c}`,
};
export const CA_OID = {
  dh: (c: number) => `0.4.0.127.0.7.2.2.3.1.${c}`,
  ecdh: (c: number) => `0.4.0.127.0.7.2.2.3.2.${c}`,
};
