import { bytesToBase64Url } from '../../../bytes/base64';

/** Base64url without padding of a big-endian integer's magnitude (JWK, RFC 7518 §6.3.1). */
export function base64UrlFromBytes(b: Uint8Array): string {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return bytesToBase64Url(b.subarray(i));
}
