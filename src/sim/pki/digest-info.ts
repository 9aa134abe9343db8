/** DER DigestInfo wrappers that the card signs with PKCS#1 v1.5 (spec §4.2, §3.7). */
import { concatBytes, copyBytes } from '../../bytes/byte-ops';
import { fromHex } from '../../bytes/hex';
import { SimPkiError } from './errors';

/** SEQUENCE { AlgorithmIdentifier sha256 NULL, OCTET STRING (32) } header (spec §4.2). */
export const DIGEST_INFO_SHA256_PREFIX = fromHex('30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20');

/** Same AlgorithmIdentifier, OCTET STRING of 0x60 = 3 × 32 bytes (券面AP EF 0002, spec §3.7). */
export const DIGEST_INFO_SHA256X3_PREFIX = fromHex('30 71 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 60');

/** DigestInfo for one SHA-256 hash (51 bytes). */
export function digestInfoSha256(hash: Uint8Array): Uint8Array<ArrayBuffer> {
  if (hash.length !== 32) {
    throw new SimPkiError('sim-rsa-bad-input', `SHA-256 hash must be 32 bytes, got ${hash.length}`);
  }
  return copyBytes(concatBytes(DIGEST_INFO_SHA256_PREFIX, hash));
}

/** DigestInfo for SHA256(G1) ‖ SHA256(G2) ‖ SHA256(G3) (115 bytes, spec §3.7). */
export function digestInfoSha256x3(concat96: Uint8Array): Uint8Array<ArrayBuffer> {
  if (concat96.length !== 96) {
    throw new SimPkiError('sim-rsa-bad-input', `need 3 × 32 hash bytes, got ${concat96.length}`);
  }
  return copyBytes(concatBytes(DIGEST_INFO_SHA256X3_PREFIX, concat96));
}
