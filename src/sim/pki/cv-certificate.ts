/**
 * Card-verifiable (CV) certificates as on text AP EF 0004, 券面AP EF 0004 and MF 00F8 (spec §3.4):
 *
 *   7F 21 82 02 33                                  568 bytes in all
 *     5F 4E 82 01 29  issuerKeyId(16) ‖ subjectKeyId(16) ‖ 90 03 <e> 91 82 01 00 <n>   (297 B)
 *     5F 37 82 01 00  RSASSA-PKCS1-v1_5 / SHA-256 over the 297-byte body by the issuer key
 *
 * Simulator key ids must start with "9": production uses "5" and J-LIS test cards "6"
 * (shared/trust/README.md), so a simulated card can never verify under a real hierarchy.
 */
import { asciiBytes, concatBytes, copyBytes } from '../../bytes/byte-ops';
import { SimPkiError } from './errors';
import { tlv } from './cv-tlv';
import { importPrivateKey, type SimKeyPair } from './sim-keys';

export const CV_KEY_ID_LENGTH = 16;
export const CV_BODY_LENGTH = 297;
export const CV_CERTIFICATE_LENGTH = 568;

/** First digit every simulator CV key id must carry. */
export const SIM_CV_KEY_ID_RANGE = '9';

/**
 * 16-byte CV key id: 7 ASCII digits ‖ 08 05 ‖ 3 ASCII digits ‖ 00 00 00 lastByte (spec §3.4),
 * printed "prefix7/suffix3". The MF chain key uses lastByte 0xA8.
 * Only simulator-range ids (prefix starting with "9") are accepted.
 */
export function cvKeyId(prefix7: string, suffix3: string, lastByte = 0): Uint8Array<ArrayBuffer> {
  if (!/^[0-9]{7}$/.test(prefix7) || !/^[0-9]{3}$/.test(suffix3)) {
    throw new SimPkiError('sim-cv-bad-key-id', `CV key id must be 7 + 3 digits, got ${prefix7}/${suffix3}`);
  }
  if (!prefix7.startsWith(SIM_CV_KEY_ID_RANGE)) {
    throw new SimPkiError(
      'sim-cv-bad-key-id',
      `simulator CV key ids start with "9" (5 = production, 6 = J-LIS test), got ${prefix7}`,
    );
  }
  if (!Number.isInteger(lastByte) || lastByte < 0 || lastByte > 0xff) {
    throw new SimPkiError('sim-cv-bad-key-id', `lastByte must be 0–255, got ${lastByte}`);
  }
  return copyBytes(
    concatBytes(asciiBytes(prefix7), Uint8Array.of(0x08, 0x05), asciiBytes(suffix3), Uint8Array.of(0, 0, 0, lastByte)),
  );
}

/** Simulator CV CA key ids (trust README: 9000033 text, 9000023 face, 9000020 MF). */
export const SIM_CV_CA_KEY_IDS = {
  text: cvKeyId('9000033', '001'), // signs with simKey('cv-ca-text')
  face: cvKeyId('9000023', '001'), // simKey('cv-ca-face')
  mf: cvKeyId('9000020', '001', 0xa8), // simKey('cv-ca-mf'); MF ids end in A8 (spec §3.4)
  rogue: cvKeyId('9000099', '001'), // simKey('cv-ca-rogue'): a CA no verifier knows
} as const;

function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** RSA public key data object `90 <e> 91 <n>`; 265 bytes for RSA-2048, e = 65537 (spec §3.4). */
export function encodeRsaPublicKeyDo(modulus: Uint8Array, exponent: Uint8Array): Uint8Array<ArrayBuffer> {
  return copyBytes(concatBytes(tlv([0x90], stripLeadingZeros(exponent)), tlv([0x91], stripLeadingZeros(modulus))));
}

function checkSimKeyId(name: string, id: Uint8Array): void {
  if (id.length !== CV_KEY_ID_LENGTH || id[0] !== 0x39 /* '9' */ || id[7] !== 0x08 || id[8] !== 0x05) {
    throw new SimPkiError('sim-cv-bad-key-id', `${name} is not a 16-byte simulator CV key id`);
  }
}

export interface MintCvCertificateParams {
  /** 証明者鍵ID: the CA key that signs (e.g. SIM_CV_CA_KEY_IDS.text). */
  issuerKeyId: Uint8Array;
  /** 被証明者鍵ID: the certified (per-municipality AP) key, e.g. cvKeyId('9132211', '000'). */
  subjectKeyId: Uint8Array;
  subjectModulus: Uint8Array;
  subjectExponent: Uint8Array;
  /** The CA private key named by issuerKeyId (or a wrong one, for forgery tests). */
  signerKey: SimKeyPair;
}

/** Mint a 568-byte CV certificate (spec §3.4). Deterministic (PKCS#1 v1.5). */
export async function mintCvCertificate(p: MintCvCertificateParams): Promise<Uint8Array<ArrayBuffer>> {
  checkSimKeyId('issuerKeyId', p.issuerKeyId);
  checkSimKeyId('subjectKeyId', p.subjectKeyId);
  const keyDo = encodeRsaPublicKeyDo(p.subjectModulus, p.subjectExponent);
  const body = concatBytes(p.issuerKeyId, p.subjectKeyId, keyDo);
  if (body.length !== CV_BODY_LENGTH) {
    throw new SimPkiError('sim-cv-bad-key', 'CV certificates carry RSA-2048 keys with e = 65537 (3-byte exponent)');
  }
  const signingKey = await importPrivateKey(p.signerKey);
  const signature = new Uint8Array(
    await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', signingKey, copyBytes(body)),
  );
  const cert = tlv([0x7f, 0x21], concatBytes(tlv([0x5f, 0x4e], body), tlv([0x5f, 0x37], signature)));
  if (cert.length !== CV_CERTIFICATE_LENGTH || signature.length !== 256) {
    throw new SimPkiError('sim-cv-bad-key', 'CV signer key must be RSA-2048');
  }
  return copyBytes(cert);
}
