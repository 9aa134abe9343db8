import { TransportError } from '../../transport/card-transport';
/**
 * Step 3 of the recipe (spec §3.9): card presence. A fresh host challenge is signed by the AP's
 * card key (`80 2A 00 00`, which signs DigestInfo(SHA-256(challenge)), spec §2.9) — i.e. plain
 * RSASSA-PKCS1-v1_5/SHA-256 over the challenge — and checked against the card key taken from a
 * VERIFIED record (EF 0007 for the text AP, the card face / age record for the 券面AP).
 */
import { toHex } from '../../bytes/hex';
import { rsaKeyProblem, verifyPkcs1Sha256, type RsaKeyMaterial } from '../crypto/rsa-public-key';
import { check, type Check } from '../report';

export type ChipAuthenticationCheckId = 'text.chip-authentication' | 'face.chip-authentication';

/** 32 random bytes from the platform CSPRNG: a new challenge for every attempt. */
export const CHALLENGE_LENGTH = 32;

export function newChallenge(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(CHALLENGE_LENGTH));
}

export interface ChipAnswer {
  readonly challenge: Uint8Array;
  /** The card's answer, as returned. */
  readonly signature: Uint8Array;
  /** From a verified record only. */
  readonly cardKey: RsaKeyMaterial;
  /**
   * Answers already seen in this session (hex). An answer that comes back a second time was
   * recorded and replayed: with fresh challenges a genuine chip never repeats itself.
   */
  readonly seenAnswers?: Set<string>;
}

export async function verifyChipAuthentication(id: ChipAuthenticationCheckId, answer: ChipAnswer): Promise<Check> {
  const { challenge, signature, cardKey, seenAnswers } = answer;
  const fingerprint = toHex(signature);
  if (seenAnswers?.has(fingerprint)) return check(id, 'fail', 'chip-auth-replayed', 'the chip returned an answer already seen in this session');
  seenAnswers?.add(fingerprint);
  const problem = rsaKeyProblem(cardKey);
  if (problem) return check(id, 'fail', 'chip-auth-signature-invalid', `card key refused: ${problem}`);
  if (!(await verifyPkcs1Sha256(cardKey, challenge, signature))) {
    return check(id, 'fail', 'chip-auth-signature-invalid', 'the answer does not verify under the signed card key');
  }
  return check(id, 'pass', 'ok', `the chip signed a fresh ${challenge.length}-byte challenge with the signed card key`);
}

/** What chip authentication needs of an AP: TextAp and FaceAp both fit. */
export interface ChallengeSigner {
  internalAuthenticate(challenge: Uint8Array): Promise<Uint8Array>;
}

/**
 * Fresh challenge → card → verify. A card that answers with an error status is 'read-failed';
 * a card that left the reader (a TransportError) is thrown, like everywhere else in a flow, so
 * a report is never built from a session that lost its card.
 */
export async function authenticateChip(
  ap: ChallengeSigner,
  id: ChipAuthenticationCheckId,
  cardKey: RsaKeyMaterial,
  seen: Set<string> = new Set(),
): Promise<Check> {
  const challenge = newChallenge();
  let signature: Uint8Array;
  try {
    signature = await ap.internalAuthenticate(challenge);
  } catch (e) {
    if (e instanceof TransportError) throw e;
    const code = typeof (e as { code?: unknown })?.code === 'string' ? ` (${(e as { code: string }).code})` : '';
    return check(id, 'fail', 'read-failed', `the card did not answer the challenge${code}`);
  }
  return verifyChipAuthentication(id, { challenge, signature, cardKey, seenAnswers: seen });
}
