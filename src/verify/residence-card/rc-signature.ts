/**
 * The residence card's check code (チェックコード).
 *
 * Generation 1 (在留カード等仕様書 Ver 1.5 §3.4.3.1, 図3-4): RSA-2048; decrypting the 256-byte
 * check code with the certificate's public key gives "b0000000000000001111…11100000000 (1792
 * bits) ‖ hash (256 bits)" — PKCS#1 v1.5 type-1 padding around the BARE SHA-256 of
 * D0 value (7000 bytes) ‖ D1 value (3000 bytes). Two implementations (dadachi/readmynumber-plus,
 * a PHP service) instead expect the standard EMSA-PKCS1-v1_5 form with the SHA-256 DigestInfo
 * (1640 bits of padding). No real card has settled it (updates-2026-12.md §1.3, OPEN), so both
 * forms are named and the accepted set is configuration:
 *   'bare-sha256'        — exactly what the spec's figure draws
 *   'digest-info-sha256' — 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20 ‖ hash
 * Default: both (either proves the MOJ key signed this hash; neither can be forged without it),
 * and the check's detail names the form the card used, so the first real card decides.
 *
 * Generation 2 (第二世代 spec via eringoio, UNCONFIRMED against the PDF): ECDSA P-384 with SHA-256
 * over printed-entry values (53 bytes, 00-padded) ‖ face (D1, 3000) ‖ name image (D0, 2500).
 * DC holds r ‖ s (96 bytes) per the summary ("max 96"), though it calls the format ASN.1; a DER
 * Ecdsa-Sig-Value is accepted too (configurable).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../bytes/byte-ops';
import { constantTimeEqual } from '../crypto/constant-time';
import { parsePkcs1v15Block, rsaPublicRecover } from '../crypto/rsa-public-key';
import { base64UrlToBytes } from '../../bytes/base64';
import { ecdsaDerToRaw } from './rc-certificate';
import type { RcReasonCode } from './residence-card-checks';

export type Gen1Padding = 'bare-sha256' | 'digest-info-sha256';
export type Gen2SignatureEncoding = 'raw' | 'der';

export const SHA256_DIGEST_INFO_PREFIX = Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20);

export interface SignatureOutcome {
  readonly status: 'pass' | 'fail';
  readonly code: RcReasonCode;
  readonly detail: string;
  /** Gen 1: the padding form the card's check code used (when the RSA block was well formed). */
  readonly variant?: Gen1Padding | Gen2SignatureEncoding;
}

/** Generation 1 signed data: the two values, each at its fixed length (§3.4.3.1 ②). */
export function gen1SignedData(frontImage: Uint8Array, face: Uint8Array): Uint8Array {
  return concatBytes(frontImage, face);
}

export async function verifyGen1CheckCode(key: CryptoKey, checkCode: Uint8Array, signedData: Uint8Array, accepted: readonly Gen1Padding[]): Promise<SignatureOutcome> {
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  const em = rsaPublicRecover({ modulus: base64UrlToBytes(jwk.n!), exponent: base64UrlToBytes(jwk.e!) }, checkCode);
  const payload = em ? parsePkcs1v15Block(em) : undefined;
  if (!payload) return { status: 'fail', code: 'rc-signature-invalid', detail: 'the check code does not open to a PKCS#1 v1.5 type-1 block under the certificate key' };
  const hash = sha256(signedData);
  let variant: Gen1Padding | undefined;
  let matches = false;
  if (payload.length === 32) {
    variant = 'bare-sha256';
    matches = constantTimeEqual(payload, hash);
  } else if (payload.length === SHA256_DIGEST_INFO_PREFIX.length + 32 && constantTimeEqual(payload.subarray(0, SHA256_DIGEST_INFO_PREFIX.length), SHA256_DIGEST_INFO_PREFIX)) {
    variant = 'digest-info-sha256';
    matches = constantTimeEqual(payload.subarray(SHA256_DIGEST_INFO_PREFIX.length), hash);
  }
  if (!variant) return { status: 'fail', code: 'rc-signature-invalid', detail: `the check code carries ${payload.length} bytes, neither a bare SHA-256 hash nor a SHA-256 DigestInfo` };
  if (!matches) return { status: 'fail', code: 'rc-signature-invalid', detail: `the signed hash (${variant}) does not match the front image and photo read from the chip`, variant };
  if (!accepted.includes(variant)) return { status: 'fail', code: 'rc-signature-padding-refused', detail: `the card uses ${variant}; this kiosk accepts ${accepted.join(', ') || 'none'}`, variant };
  return { status: 'pass', code: 'ok', detail: `RSA-2048 check code verified (${variant})`, variant };
}

/** Generation 2 signed data: entries (53) ‖ face (3000) ‖ name image (2500). */
export function gen2SignedData(entryValues53: Uint8Array, face: Uint8Array, nameImage: Uint8Array): Uint8Array {
  return concatBytes(entryValues53, face, nameImage);
}

export async function verifyGen2CheckCode(key: CryptoKey, checkCode: Uint8Array, signedData: Uint8Array, accepted: readonly Gen2SignatureEncoding[]): Promise<SignatureOutcome> {
  let raw: Uint8Array | undefined;
  let variant: Gen2SignatureEncoding | undefined;
  if (checkCode.length === 96 && accepted.includes('raw')) {
    raw = checkCode;
    variant = 'raw';
  } else if (accepted.includes('der')) {
    raw = ecdsaDerToRaw(checkCode, 48);
    variant = 'der';
  }
  if (!raw || !variant) return { status: 'fail', code: 'rc-signature-malformed', detail: `a check code of ${checkCode.length} bytes is not an accepted ECDSA P-384 encoding (${accepted.join(', ')})` };
  let ok = false;
  try {
    ok = await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw.slice(), signedData.slice());
  } catch {
    ok = false;
  }
  return ok
    ? { status: 'pass', code: 'ok', detail: `ECDSA P-384 / SHA-256 check code verified (${variant})`, variant }
    : { status: 'fail', code: 'rc-signature-invalid', detail: 'the ECDSA signature does not match the entries, photo and name image read from the chip', variant };
}
