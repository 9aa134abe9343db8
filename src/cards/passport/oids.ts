/**
 * Object identifiers of 9303-11 §9.2 (bsi-de = 0.4.0.127.0.7) and what each says about the
 * protocol: key agreement, mapping, cipher (Tables 2, 3, 5, 6).
 */
import type { IcaoCipher } from '../secure-messaging/icao-kdf';

export const BSI_DE = '0.4.0.127.0.7';
export const ID_PACE = `${BSI_DE}.2.2.4`;
export const ID_CA = `${BSI_DE}.2.2.3`;
export const ID_PK_DH = `${BSI_DE}.2.2.1.1`;
export const ID_PK_ECDH = `${BSI_DE}.2.2.1.2`;
export const ID_TA = `${BSI_DE}.2.2.2`;
export const STANDARDIZED_DOMAIN_PARAMETERS = `${BSI_DE}.1.2`;
export const ID_AA = '2.23.136.1.1.5';
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const ID_DH_PUBLIC_NUMBER = '1.2.840.10046.2.1';
export const ID_PRIME_FIELD = '1.2.840.10045.1.1';

export type PaceMapping = 'gm' | 'im' | 'cam';
export type KeyAgreement = 'dh' | 'ecdh';

export interface PaceAlgorithm {
  readonly oid: string;
  readonly agreement: KeyAgreement;
  readonly mapping: PaceMapping;
  readonly cipher: IcaoCipher;
}

const CIPHERS: Record<string, IcaoCipher> = { '1': '3des', '2': 'aes-128', '3': 'aes-192', '4': 'aes-256' };

/** id-PACE-{DH,ECDH}-{GM,IM,CAM}-{3DES,AES-…}, or undefined for anything else. */
export function paceAlgorithm(oid: string): PaceAlgorithm | undefined {
  if (!oid.startsWith(`${ID_PACE}.`)) return undefined;
  const rest = oid.slice(ID_PACE.length + 1).split('.');
  if (rest.length !== 2) return undefined;
  const cipher = CIPHERS[rest[1]!];
  if (!cipher) return undefined;
  const kinds: Record<string, [KeyAgreement, PaceMapping]> = { '1': ['dh', 'gm'], '2': ['ecdh', 'gm'], '3': ['dh', 'im'], '4': ['ecdh', 'im'], '6': ['ecdh', 'cam'] };
  const k = kinds[rest[0]!];
  if (!k) return undefined;
  if (k[1] === 'cam' && cipher === '3des') return undefined; // Table 3: CAM is AES only
  return { oid, agreement: k[0], mapping: k[1], cipher };
}

export interface CaAlgorithm {
  readonly oid: string;
  readonly agreement: KeyAgreement;
  readonly cipher: IcaoCipher;
}

/** id-CA-{DH,ECDH}-{3DES,AES-…} (Tables 5, 6). */
export function caAlgorithm(oid: string): CaAlgorithm | undefined {
  if (!oid.startsWith(`${ID_CA}.`)) return undefined;
  const rest = oid.slice(ID_CA.length + 1).split('.');
  if (rest.length !== 2) return undefined;
  const cipher = CIPHERS[rest[1]!];
  const agreement = rest[0] === '1' ? 'dh' : rest[0] === '2' ? 'ecdh' : undefined;
  if (!cipher || !agreement) return undefined;
  return { oid, agreement, cipher };
}

/** OID as DER content bytes (no tag/length), e.g. for MSE:Set AT DO'80'. */
export function encodeOidValue(oid: string): Uint8Array {
  const arcs = oid.split('.').map((a) => BigInt(a));
  const out: number[] = [];
  const push = (v: bigint) => {
    const tmp: number[] = [Number(v & 0x7fn)];
    let x = v >> 7n;
    while (x > 0n) {
      tmp.unshift(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    out.push(...tmp);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from(out);
}
