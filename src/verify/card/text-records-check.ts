/**
 * Step 2 of the recipe (spec §3.9) for the 券面事項入力補助AP: the integrity record EF 0003
 * (spec §3.3) signed by the AP key, the digests it holds against EF 0001/0002, and the signed
 * card key EF 0007 (spec §3.5) that chip authentication then relies on.
 */
import {
  codePointLabel,
  MY_NUMBER_FILE_LENGTH,
  type BasicFour,
  type IntegrityRecord,
  type MyNumberFile,
  type RsaPublicKey,
  type SignedPublicKey,
} from '../../cards/mynumber/records';
import { constantTimeEqual } from '../crypto/constant-time';
import { rsaKeyProblem, verifyPkcs1Sha256, type RsaKeyMaterial } from '../crypto/rsa-public-key';
import { sha256 } from '../crypto/sha256';
import { check, type Check } from '../report';
import { digestVerdict } from './digest-verdict';
import { detachedKey } from './key-copy';

export interface TextRecordsInput {
  readonly integrity: IntegrityRecord;
  /** EF 0002 when it was read (照合番号B or PIN). */
  readonly basicFour?: BasicFour;
  /** EF 0001 — only in a 番号法 flow; without it nothing about the My Number is computed. */
  readonly myNumberFile?: MyNumberFile;
  /** EF 0007 when it was read. */
  readonly signedKey?: SignedPublicKey;
  /** The key certified by this AP's CV certificate (verifyCvCertificate). */
  readonly apKey: RsaKeyMaterial;
}

export interface TextRecordsResult {
  /** text.integrity-signature, text.basic-four-digest, text.my-number-digest, text.signed-key. */
  readonly checks: Check[];
  /** A copy of the card's challenge key from a verified EF 0007, for text.chip-authentication. */
  readonly cardKey?: RsaPublicKey;
}

async function basicFourCheck(basicFour: BasicFour | undefined, integrity: IntegrityRecord, signatureOk: boolean): Promise<Check> {
  if (!basicFour) return check('text.basic-four-digest', 'skipped', 'not-read', 'EF 0002 was not read');
  // DF32 covers DF22 through the end of DF25, not the offset table (spec §3.3).
  const digest = await sha256(basicFour.digestSource);
  let verdict: Check;
  try {
    const matches = constantTimeEqual(digest, integrity.basicFourDigest);
    verdict = digestVerdict('text.basic-four-digest', matches, signatureOk, 'digest-mismatch', 'name, address, birth date and sex');
  } finally {
    digest.fill(0);
  }
  // A rewritten record is reported as tampering first; a signed record with characters that
  // change or hide what is shown still fails, with its own reason (the text was withheld by the
  // parser, so it is never shown either way). The detail names the field and code point only.
  if (verdict.status !== 'pass' || basicFour.withheld.length === 0) return verdict;
  const found = basicFour.withheld.map((w) => `${w.field} (${codePointLabel(w.codePoint)} at character ${w.index})`).join(', ');
  return check('text.basic-four-digest', 'fail', 'text-unsafe-characters', `withheld: ${found}`);
}

async function myNumberCheck(file: MyNumberFile | undefined, integrity: IntegrityRecord, signatureOk: boolean): Promise<Check> {
  if (!file) return check('text.my-number-digest', 'skipped', 'not-read', 'the My Number was not read for this purpose');
  // DF31 covers all 17 physical bytes, filler included (spec §3.1, §3.3).
  if (file.physical.length !== MY_NUMBER_FILE_LENGTH) {
    return check('text.my-number-digest', 'fail', 'record-malformed', `EF 0001 must be ${MY_NUMBER_FILE_LENGTH} bytes`);
  }
  // SHA-256 of a 12-digit number is as sensitive as the number (it can be brute-forced): wipe it.
  const digest = await sha256(file.physical);
  try {
    const matches = constantTimeEqual(digest, integrity.myNumberDigest);
    return digestVerdict('text.my-number-digest', matches, signatureOk, 'digest-mismatch', 'the My Number file');
  } finally {
    digest.fill(0);
  }
}

export async function signedKeyCheck(signedKey: SignedPublicKey | undefined, apKey: RsaKeyMaterial): Promise<{ check: Check; cardKey?: RsaPublicKey }> {
  if (!signedKey) return { check: check('text.signed-key', 'skipped', 'not-read', 'EF 0007 was not read') };
  // DF52 signs the DF51 TLV with the EF 0004 key (spec §3.5).
  if (!(await verifyPkcs1Sha256(apKey, signedKey.signedBytes, signedKey.signature))) {
    return { check: check('text.signed-key', 'fail', 'record-signature-invalid', 'EF 0007 signature does not verify under the AP key') };
  }
  const problem = rsaKeyProblem(signedKey.publicKey);
  if (problem) return { check: check('text.signed-key', 'fail', 'record-malformed', `card key refused: ${problem}`) };
  return { check: check('text.signed-key', 'pass', 'ok', 'card key signed by the AP key'), cardKey: detachedKey(signedKey.publicKey) };
}

export async function verifyTextRecords(input: TextRecordsInput): Promise<TextRecordsResult> {
  const { integrity, apKey } = input;
  // The signature covers the DF31 and DF32 TLVs exactly as read (spec §3.3).
  const signatureOk = await verifyPkcs1Sha256(apKey, integrity.signedBytes, integrity.signature);
  const integrityCheck = signatureOk
    ? check('text.integrity-signature', 'pass', 'ok', 'EF 0003 signed by the AP key')
    : check('text.integrity-signature', 'fail', 'record-signature-invalid', 'EF 0003 signature does not verify under the AP key');
  const basic = await basicFourCheck(input.basicFour, integrity, signatureOk);
  const myNumber = await myNumberCheck(input.myNumberFile, integrity, signatureOk);
  const key = await signedKeyCheck(input.signedKey, apKey);
  return { checks: [integrityCheck, basic, myNumber, key.check], ...(key.cardKey ? { cardKey: key.cardKey } : {}) };
}
