/**
 * Active Authentication (9303-11 §6.1): the chip signs the terminal's 8-byte challenge with the
 * private key whose public half is DG15. Pure verification of what INTERNAL AUTHENTICATE returned.
 *
 * RSA — ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery (9303-11
 * §6.1.2): the public operation gives F = 6A ‖ M1 ‖ H ‖ T (when F does not end in nibble C the
 * verifier uses n − F, the 9796-2 alternative); T = BC means SHA-1 (implicit), T = xx CC names
 * the hash by its ISO/IEC 10118-3 identifier: 33 SHA-1, 34 SHA-256, 35 SHA-512, 36 SHA-384,
 * 38 SHA-224. Then H must equal hash(M1 ‖ challenge).
 * ECDSA — a plain r‖s signature (TR-03111 §5.2.1) over the challenge with the hash named by
 * DG14's ActiveAuthenticationInfo (ecdsa-plain-SHA*). Without that info 9303-11 gives no hash,
 * so each of SHA-1/224/256/384/512 is tried (UNCONFIRMED which older chips use; trying several
 * does not help a forger, who still needs the private key) and the detail says which matched.
 *
 * The key is only as good as DG15: unless DG15's hash matched a verified SOD, a pass here proves
 * nothing about the document, so the check says so.
 */
import type { Dg14 } from '../../cards/passport/lds/dg14-dg15';
import type { EcPublicKeyInfo, RsaPublicKeyInfo } from '../../cards/passport/lds/public-key';
import { constantTimeEqual } from '../crypto/constant-time';
import { bigIntToBytes, bytesToBigInt } from '../crypto/bigint-bytes';
import { splitPlainSignature, verifyEcdsa } from './crypto/ecdsa';
import { digest, HASH_LENGTH, type HashName } from './crypto/hashes';
import { rsaKeyProblem, rsaPublic } from './crypto/rsa';
import { decodeDerEcdsaSignature, ECDSA_PLAIN } from './crypto/signature';
import { ppCheck, type PassportCheck } from './passport-checks';

/** ISO/IEC 10118-3 hash-function identifiers used in 9796-2 trailers. */
const TRAILER_HASH: Readonly<Record<number, HashName>> = { 0x33: 'SHA-1', 0x34: 'SHA-256', 0x35: 'SHA-512', 0x36: 'SHA-384', 0x38: 'SHA-224' };

export type AaOutcome =
  | { readonly valid: true; readonly hash: HashName; readonly detail: string }
  | { readonly valid: false; readonly detail: string; readonly unsupported?: boolean };

/** ISO/IEC 9796-2 scheme 1 recovery and check of an RSA AA response. */
export async function verifyRsaActiveAuthentication(key: Pick<RsaPublicKeyInfo, 'modulus' | 'exponent'>, challenge: Uint8Array, response: Uint8Array): Promise<AaOutcome> {
  const problem = rsaKeyProblem(key);
  if (problem) return { valid: false, detail: problem, unsupported: true };
  let f = rsaPublic(key, response);
  if (!f) return { valid: false, detail: 'the response is not a signature of the DG15 key size' };
  if ((f[f.length - 1]! & 0x0f) !== 0x0c) {
    // 9796-2 §B: the signer may have returned min(s, n − s); then F' = n − F.
    let n = key.modulus;
    while (n.length > 1 && n[0] === 0) n = n.subarray(1);
    const alt = bigIntToBytes(bytesToBigInt(n) - bytesToBigInt(f), f.length);
    if (!alt || (alt[alt.length - 1]! & 0x0f) !== 0x0c) return { valid: false, detail: 'the recovered message has no ISO/IEC 9796-2 trailer' };
    f = alt;
  }
  let hash: HashName;
  let t: number;
  if (f[f.length - 1] === 0xbc) {
    hash = 'SHA-1';
    t = 1;
  } else if (f[f.length - 1] === 0xcc) {
    const h = TRAILER_HASH[f[f.length - 2]!];
    if (!h) return { valid: false, detail: `trailer names hash identifier 0x${f[f.length - 2]!.toString(16)}, which is not supported` };
    hash = h;
    t = 2;
  } else {
    return { valid: false, detail: 'the recovered message has no ISO/IEC 9796-2 trailer' };
  }
  // 6A: '01' start bits, '1' = partial recovery, then the padding-end nibble A (9796-2 §8.1).
  if (f[0] !== 0x6a) return { valid: false, detail: `header 0x${f[0]!.toString(16)} is not 0x6A (scheme 1, partial recovery)` };
  const hLen = HASH_LENGTH[hash];
  const m1End = f.length - t - hLen;
  if (m1End <= 1) return { valid: false, detail: 'the key is too short for this hash' };
  const m1 = f.subarray(1, m1End);
  const h = f.subarray(m1End, f.length - t);
  const m = new Uint8Array(m1.length + challenge.length);
  m.set(m1, 0);
  m.set(challenge, m1.length);
  if (!constantTimeEqual(await digest(hash, m), h)) return { valid: false, detail: `the ${hash} in the recovered message does not cover this challenge` };
  return { valid: true, hash, detail: `RSA-${bitLen(key.modulus)} ISO/IEC 9796-2 scheme 1 with ${hash}` };
}

function bitLen(b: Uint8Array): number {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

/** ECDSA AA: plain r‖s (DER tolerated) over the challenge. */
export async function verifyEcdsaActiveAuthentication(key: EcPublicKeyInfo, challenge: Uint8Array, response: Uint8Array, signatureAlgorithm?: string): Promise<AaOutcome> {
  let declared: HashName | undefined;
  if (signatureAlgorithm !== undefined) {
    declared = ECDSA_PLAIN[signatureAlgorithm];
    if (!declared) return { valid: false, detail: `DG14 names AA signature algorithm ${signatureAlgorithm}, which is not an ecdsa-plain algorithm this verifier supports`, unsupported: true };
  }
  let rs = splitPlainSignature(response, key.domain);
  let encoding = 'plain r‖s';
  if (!rs) {
    rs = decodeDerEcdsaSignature(response);
    encoding = 'DER (9303-11 prescribes plain r‖s)';
  }
  if (!rs) return { valid: false, detail: `a ${response.length}-byte response is neither a plain r‖s nor a DER ECDSA signature for this curve` };
  const hashes: HashName[] = declared ? [declared] : ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];
  for (const hash of hashes) {
    const r = await verifyEcdsa(key, hash, challenge, rs.r, rs.s);
    if (r === 'bad-key') return { valid: false, detail: 'the DG15 EC key is not a point on its curve', unsupported: true };
    if (r === 'valid') return { valid: true, hash, detail: `ECDSA ${key.curve ?? 'explicit curve'} with ${hash}${declared ? '' : ' (hash not declared in DG14; found by trying)'}, ${encoding}` };
  }
  return { valid: false, detail: `ECDSA ${key.curve ?? 'explicit curve'} signature over the challenge does not verify${declared ? ` with ${declared}` : ' with any SHA-1/2 hash'}` };
}

export interface ActiveAuthInput {
  /** DG15's key (parseDg15). */
  readonly publicKey: RsaPublicKeyInfo | EcPublicKeyInfo;
  /** DG14 when read (its ActiveAuthenticationInfo names the ECDSA hash). */
  readonly dg14?: Dg14;
  /** The 8 random bytes the terminal sent (never reused). */
  readonly challenge: Uint8Array;
  /** The data field of the INTERNAL AUTHENTICATE response. */
  readonly response: Uint8Array;
  /** DG15 (and DG14, when used) matched a verified SOD. */
  readonly keyVerifiedByPassiveAuth: boolean;
  readonly now: Date;
}

/** `pp.active-auth`. */
export async function checkActiveAuthentication(input: ActiveAuthInput): Promise<PassportCheck> {
  const id = 'pp.active-auth' as const;
  const { now } = input;
  if (input.challenge.length !== 8) return ppCheck(id, 'fail', 'pp-aa-signature-invalid', `the challenge must be 8 bytes (9303-11 §6.1), was ${input.challenge.length}`, now);
  const key = input.publicKey;
  const outcome =
    key.kind === 'rsa'
      ? await verifyRsaActiveAuthentication(key, input.challenge, input.response)
      : await verifyEcdsaActiveAuthentication(key, input.challenge, input.response, input.dg14?.activeAuthenticationInfo?.signatureAlgorithm);
  if (!outcome.valid) return ppCheck(id, 'fail', outcome.unsupported ? 'pp-aa-key-unsupported' : 'pp-aa-signature-invalid', outcome.detail, now);
  if (!input.keyVerifiedByPassiveAuth) return ppCheck(id, 'fail', 'pp-aa-key-unverified', `${outcome.detail}, but DG15 did not verify against the SOD, so the key proves nothing`, now);
  return ppCheck(id, 'pass', 'ok', outcome.detail, now);
}
