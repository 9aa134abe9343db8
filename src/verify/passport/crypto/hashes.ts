/**
 * Hash algorithms eMRTDs use (9303-12 §4.4: SHA-1, SHA-224, SHA-256, SHA-384, SHA-512), by OID.
 * WebCrypto digests everything but SHA-224, which it lacks; @noble/hashes does that one.
 */
import { sha224 } from '@noble/hashes/sha2.js';
import { copyBytes } from '../../../bytes/byte-ops';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export const HASH_LENGTH: Readonly<Record<HashName, number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** The hash an AlgorithmIdentifier names; parameters must be absent or NULL (RFC 5754 §2). */
export function hashOfAlgorithm(alg: { oid: string; params?: Uint8Array }): HashName | undefined {
  const name = HASH_BY_OID[alg.oid];
  if (!name) return undefined;
  if (alg.params && !(alg.params.length === 2 && alg.params[0] === 0x05 && alg.params[1] === 0x00)) return undefined;
  return name;
}

export async function digest(name: HashName, data: Uint8Array): Promise<Uint8Array> {
  if (name === 'SHA-224') return sha224(data);
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, data.buffer instanceof ArrayBuffer ? (data as Uint8Array<ArrayBuffer>) : copyBytes(data)));
}
