/**
 * The 券面AP card-face signature (spec §3.7): PKCS#1 v1.5 around
 *   DigestInfo { sha256, OCTET STRING (0x60) SHA256(G1) ‖ SHA256(G2) ‖ SHA256(G3) }
 * with G1 = DF22‖DF23‖DF24 (birth date, sex, card key), G2 = DF25‖DF26 (name and address
 * images), G3 = DF27 (photo). WebCrypto cannot verify a 96-byte "digest", so the block is
 * recovered with the raw public operation and checked byte by byte.
 */
import type { CardFaceRecord } from '../../cards/mynumber/records';
import { constantTimeEqual } from '../crypto/constant-time';
import { parsePkcs1v15Block, rsaPublicRecover, type RsaKeyMaterial } from '../crypto/rsa-public-key';
import { sha256 } from '../crypto/sha256';
import type { ReasonCode } from '../check-catalogue';
import { check } from '../report';
import { detachedKey } from './key-copy';
import type { SignedRecordResult } from './signed-record';

/** `30 71 30 0D 06 09 <sha256 OID> 05 00 04 60` (spec §3.7). */
export const CARD_FACE_DIGEST_INFO_PREFIX = Uint8Array.of(
  0x30, 0x71, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x60,
);
const DIGEST_LENGTH = 32;
const PAYLOAD_LENGTH = CARD_FACE_DIGEST_INFO_PREFIX.length + 3 * DIGEST_LENGTH;

/** Per group: what changed if its digest differs, and the reason code that names it. */
const GROUPS: readonly { readonly code: ReasonCode; readonly what: string }[] = [
  { code: 'face-data-digest-mismatch', what: 'birth date, sex or card key' },
  { code: 'image-digest-mismatch', what: 'name or address image' },
  { code: 'photo-digest-mismatch', what: 'face photo' },
];

const ID = 'face.card-face-signature';

/** The 96 signed digest bytes, or undefined when the signature is not this key's block. */
function signedDigests(signature: Uint8Array, apKey: RsaKeyMaterial): Uint8Array | undefined {
  const em = rsaPublicRecover(apKey, signature);
  if (!em) return undefined;
  try {
    const payload = parsePkcs1v15Block(em);
    if (!payload || payload.length !== PAYLOAD_LENGTH) return undefined;
    if (!constantTimeEqual(payload.subarray(0, CARD_FACE_DIGEST_INFO_PREFIX.length), CARD_FACE_DIGEST_INFO_PREFIX)) return undefined;
    return payload.slice(CARD_FACE_DIGEST_INFO_PREFIX.length);
  } finally {
    em.fill(0);
  }
}

export async function verifyCardFace(cardFace: CardFaceRecord, apKey: RsaKeyMaterial): Promise<SignedRecordResult> {
  const signed = signedDigests(cardFace.signature, apKey);
  if (!signed) {
    return { check: check(ID, 'fail', 'record-signature-invalid', 'card-face signature is not a three-digest PKCS#1 v1.5 block under the AP key') };
  }
  const { g1, g2, g3 } = cardFace.groups;
  const actual = await Promise.all([sha256(g1), sha256(g2), sha256(g3)]);
  try {
    const bad = GROUPS.filter((_, i) => !constantTimeEqual(actual[i]!, signed.subarray(i * DIGEST_LENGTH, (i + 1) * DIGEST_LENGTH)));
    const first = bad[0];
    if (first) {
      return { check: check(ID, 'fail', first.code, `signed digest differs for: ${bad.map((g) => g.what).join('; ')}`) };
    }
  } finally {
    signed.fill(0);
    for (const d of actual) d.fill(0);
  }
  // DF29 (expiry) and DF2A (security-code image) follow the signature and are not covered.
  return { check: check(ID, 'pass', 'ok', 'photo, name/address images, birth date, sex and card key signed by the AP key'), cardKey: detachedKey(cardFace.cardPublicKey) };
}
