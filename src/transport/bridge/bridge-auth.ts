/**
 * The bridge handshake MAC: HMAC-SHA256 keyed with the per-install pairing token over the
 * server's fresh nonce and the page's origin (bridge-protocol.ts authMessage). A captured
 * handshake cannot be replayed (the next connection gets another nonce) and the token itself
 * never crosses the socket. WebCrypto only, so the page and Node compute it the same way.
 */
import { base64ToBytes, base64UrlToBytes, bytesToBase64 } from '../../bytes/base64';
import { authMessage } from './bridge-protocol';

/** A pairing token: 32 random bytes, base64url without padding (43 characters). */
export const PAIRING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isPairingToken(token: string): boolean {
  return PAIRING_TOKEN_PATTERN.test(token);
}

async function hmacKey(token: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', base64UrlToBytes(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export async function computeAuthMac(token: string, nonce: string, origin: string): Promise<string> {
  const key = await hmacKey(token);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(authMessage(nonce, origin)));
  return bytesToBase64(new Uint8Array(mac));
}

/** Constant-time check (WebCrypto verify) of a client's MAC. */
export async function checkAuthMac(token: string, nonce: string, origin: string, mac: string): Promise<boolean> {
  const key = await hmacKey(token);
  let macBytes: Uint8Array<ArrayBuffer>;
  try {
    macBytes = base64ToBytes(mac);
  } catch {
    return false;
  }
  if (macBytes.length !== 32) return false;
  return crypto.subtle.verify('HMAC', key, macBytes, new TextEncoder().encode(authMessage(nonce, origin)));
}
