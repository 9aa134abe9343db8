import { concatBytes, copyBytes } from '../../bytes/byte-ops';

/** DER DigestInfo prefix for SHA-256 (spec §4.2). */
export const SHA256_DIGEST_INFO_PREFIX = Uint8Array.of(
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
);

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copyBytes(data)));
}

/** DigestInfo(SHA-256(message)): what `80 2A 00 xx` signs with P1 = 00 (spec §4.2, §2.9). */
export async function sha256DigestInfo(message: Uint8Array): Promise<Uint8Array> {
  return concatBytes(SHA256_DIGEST_INFO_PREFIX, await sha256(message));
}
