/**
 * Authentication by the card number (在留カード等仕様書 Ver 1.5 §3.4.1, §3.5.2, §4.2.2–§4.2.4,
 * 別添1; 第二世代 the same with AES-128-CBC and AES-CMAC):
 *   Kenc = Kmac = SHA-1(card number, 12 ASCII bytes)[0..16]
 *   GET CHALLENGE → RND.ICC (8)
 *   E.IFD = E(Kenc, RND.IFD ‖ RND.ICC ‖ K.IFD), CBC, IV 0          (32 bytes)
 *   M.IFD = gen 1: Retail MAC(Kmac, E.IFD ‖ 80 00…); gen 2: AES-CMAC(Kmac, E.IFD)[0..8]
 *   MUTUAL AUTHENTICATE 00 82 00 00 28 E.IFD ‖ M.IFD 00 → E.ICC ‖ M.ICC
 *   check M.ICC, decrypt E.ICC = RND.ICC ‖ RND.IFD ‖ K.ICC, check both randoms
 *   KSenc = SHA-1((K.IFD ⊕ K.ICC) ‖ 00 00 00 01)[0..16]
 *   VERIFY under SM: 08 20 00 86 13 86 11 01 ‖ E(KSenc, number ‖ 80 00 00 00)
 * Gen 1 values are pinned by 別添2's worked example; gen 2 by the second-generation spec's 付録2
 * as quoted by eringoio/zairyu-card-reader (tests/residence-card/known-answers.test.ts).
 *
 * No retry counter exists (§4.2.2(2): "照合失敗許容回数は無制限"), so nothing here ever repeats a
 * step: one GET CHALLENGE, one MUTUAL AUTHENTICATE, one VERIFY. A refused number is a
 * CardNumberRejectedError for the caller to count.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes, wipe } from '../../bytes/byte-ops';
import type { CardChannel } from '../iso7816/card-channel';
import { AES_BLOCK, DES_BLOCK, aesCbcDecrypt, aesCbcEncrypt, aesCmac, equalBytesConstantTime, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../secure-messaging/block-ciphers';
import { padIso9797M2 } from '../secure-messaging/padding';
import { ResidenceCardSecureMessaging, type ResidenceGeneration } from '../secure-messaging/residence-sm';
import { SecureChannel } from '../secure-messaging/secure-channel';
import type { CheckedCardNumber } from './card-number';
import { CardNumberRejectedError, ResidenceCardError } from './residence-card-error';

/** n random bytes. Injectable so tests can replay 別添2 (RND.IFD, K.IFD). */
export type RandomSource = (n: number) => Uint8Array;

export const cryptoRandom: RandomSource = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** Kenc = Kmac = SHA-1(number)[0..16] (別添1). */
export function deriveCardNumberKey(cardNumber: Uint8Array): Uint8Array {
  const h = sha1(cardNumber);
  const k = h.slice(0, 16);
  wipe(h);
  return k;
}

/** KSenc = SHA-1((K.IFD ⊕ K.ICC) ‖ 00 00 00 01)[0..16] (別添1 Step 5). */
export function deriveSessionKey(kIfd: Uint8Array, kIcc: Uint8Array): Uint8Array {
  const x = new Uint8Array(20);
  for (let i = 0; i < 16; i++) x[i] = kIfd[i]! ^ kIcc[i]!;
  x[19] = 0x01;
  const h = sha1(x);
  const ks = h.slice(0, 16);
  wipe(x);
  wipe(h);
  return ks;
}

function encrypt(generation: ResidenceGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  return generation === 1 ? tdesCbcEncrypt(key, data) : aesCbcEncrypt(key, data);
}

function decrypt(generation: ResidenceGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  return generation === 1 ? tdesCbcDecrypt(key, data) : aesCbcDecrypt(key, data);
}

/** The 8-byte authentication MAC: Retail MAC over method-2-padded data (gen 1), AES-CMAC truncated (gen 2). */
export function authenticationMac(generation: ResidenceGeneration, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (generation === 1) return retailMac(key, padIso9797M2(data, DES_BLOCK));
  return aesCmac(key, data).slice(0, 8);
}

/** E.IFD ‖ M.IFD, the 40-byte MUTUAL AUTHENTICATE data. */
export function terminalAuthenticationData(generation: ResidenceGeneration, key: Uint8Array, rndIfd: Uint8Array, rndIcc: Uint8Array, kIfd: Uint8Array): Uint8Array {
  if (rndIfd.length !== 8 || rndIcc.length !== 8 || kIfd.length !== 16) throw new ResidenceCardError('rc-auth-failed', 'RND.IFD, RND.ICC and K.IFD must be 8, 8 and 16 bytes');
  const s = concatBytes(rndIfd, rndIcc, kIfd);
  const e = encrypt(generation, key, s);
  wipe(s);
  return concatBytes(e, authenticationMac(generation, key, e));
}

/**
 * Check the card's E.ICC ‖ M.ICC and return K.ICC. A wrong MAC or a challenge that is not ours
 * is a card that does not know the key it claims — a faulty or forged chip, not a wrong number
 * (a wrong number makes the card itself refuse with 63 00).
 */
export function openCardAuthenticationData(generation: ResidenceGeneration, key: Uint8Array, answer: Uint8Array, rndIfd: Uint8Array, rndIcc: Uint8Array): Uint8Array {
  if (answer.length !== 40) throw new ResidenceCardError('rc-auth-card-response-invalid', `MUTUAL AUTHENTICATE answered ${answer.length} bytes, not 40`);
  const e = answer.subarray(0, 32);
  const m = answer.subarray(32, 40);
  if (!equalBytesConstantTime(authenticationMac(generation, key, e), m)) {
    throw new ResidenceCardError('rc-auth-card-response-invalid', "the card's authentication MAC (M.ICC) does not match");
  }
  const p = decrypt(generation, key, e);
  try {
    if (!equalBytesConstantTime(p.subarray(0, 8), rndIcc) || !equalBytesConstantTime(p.subarray(8, 16), rndIfd)) {
      throw new ResidenceCardError('rc-auth-card-response-invalid', 'the card did not echo RND.ICC ‖ RND.IFD');
    }
    return p.slice(16, 32);
  } finally {
    wipe(p);
  }
}

/** The block size of a generation's cipher (gen 1 3DES: 8, gen 2 AES: 16). */
export function blockSizeOf(generation: ResidenceGeneration): number {
  return generation === 1 ? DES_BLOCK : AES_BLOCK;
}

/**
 * The whole authentication on `channel`: returns the open secure channel. `attempt` is the
 * number this attempt will have if it fails (for the error the caller counts). Throws
 * CardNumberRejectedError when the card refuses the number, ResidenceCardError otherwise.
 */
export async function authenticateWithCardNumber(
  channel: CardChannel,
  generation: ResidenceGeneration,
  cardNumber: CheckedCardNumber,
  random: RandomSource,
  attempt: number,
): Promise<SecureChannel> {
  const number = cardNumber.bytes();
  const key = deriveCardNumberKey(number);
  let rndIfd: Uint8Array | undefined;
  let kIfd: Uint8Array | undefined;
  let kIcc: Uint8Array | undefined;
  let ks: Uint8Array | undefined;
  try {
    const challenge = await channel.send({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 });
    if (challenge.sw !== 0x9000 || challenge.data.length !== 8) {
      throw new ResidenceCardError('rc-auth-failed', `GET CHALLENGE answered ${challenge.sw.toString(16).toUpperCase()} with ${challenge.data.length} bytes`);
    }
    const rndIcc = challenge.data.slice();
    rndIfd = random(8);
    kIfd = random(16);
    if (rndIfd.length !== 8 || kIfd.length !== 16) throw new ResidenceCardError('rc-auth-failed', 'the random source gave the wrong number of bytes');
    const data = terminalAuthenticationData(generation, key, rndIfd, rndIcc, kIfd);
    const answer = await channel.send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data, le: 256 });
    // 別添1 shows Le 00 after the 40 data bytes (§4.2.4: "Le 1 byte 00").
    if (answer.sw === 0x6300) throw new CardNumberRejectedError('mutual-authenticate', attempt);
    if (answer.sw !== 0x9000) throw new ResidenceCardError('rc-auth-failed', `MUTUAL AUTHENTICATE answered ${answer.sw.toString(16).toUpperCase()}`);
    kIcc = openCardAuthenticationData(generation, key, answer.data, rndIfd, rndIcc);
    ks = deriveSessionKey(kIfd, kIcc);
    const secure = new SecureChannel(channel, new ResidenceCardSecureMessaging(generation, ks));
    const verify = await secure.send({ cla: 0x00, ins: 0x20, p1: 0x00, p2: 0x86, data: number });
    if (verify.sw === 0x6300) {
      secure.close();
      throw new CardNumberRejectedError('verify', attempt);
    }
    if (verify.sw !== 0x9000) {
      secure.close();
      throw new ResidenceCardError('rc-auth-failed', `VERIFY answered ${verify.sw.toString(16).toUpperCase()}`);
    }
    return secure;
  } finally {
    wipe(number);
    wipe(key);
    wipe(rndIfd);
    wipe(kIfd);
    wipe(kIcc);
    wipe(ks);
  }
}
