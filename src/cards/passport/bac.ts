/**
 * Basic Access Control (9303-11 §4.3, key derivation §9.7.2, SSC §9.8.6.3): GET CHALLENGE,
 * EXTERNAL AUTHENTICATE with E_IFD ‖ M_IFD, check of E_IC ‖ M_IC, session keys from
 * K.IFD ⊕ K.IC. The eMRTD application must already be selected (§4.2 step 4).
 * Passports have no retry counter for BAC; a wrong MRZ is still never retried automatically.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes } from '../../bytes/byte-ops';
import { retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from '../secure-messaging/icao-des';
import { icaoKdf, KDF_ENC, KDF_MAC } from '../secure-messaging/icao-kdf';
import { padIso9797m2 } from '../secure-messaging/icao-padding';
import { IcaoSecureMessaging } from '../secure-messaging/icao-secure-messaging';
import type { MrzKey } from './mrz-key';
import type { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';
import type { RandomSource } from './random-source';

/** K_enc and K_mac of the document (9303-11 §9.7.2, Appendix D.2). Caller wipes them. */
export function documentBasicAccessKeys(mrz: MrzKey): { kEnc: Uint8Array; kMac: Uint8Array } {
  const hash = sha1(mrz.information);
  const seed = hash.slice(0, 16);
  hash.fill(0);
  const keys = { kEnc: icaoKdf(seed, KDF_ENC, '3des'), kMac: icaoKdf(seed, KDF_MAC, '3des') };
  seed.fill(0);
  return keys;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  let d = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export async function performBac(channel: PassportChannel, mrz: MrzKey, random: RandomSource): Promise<IcaoSecureMessaging> {
  const { kEnc, kMac } = documentBasicAccessKeys(mrz);
  const wipe: Uint8Array[] = [kEnc, kMac];
  try {
    const challenge = await channel.send({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 });
    if (challenge.sw !== 0x9000) {
      throw new PassportError('bac-not-available', `GET CHALLENGE answered ${hex(challenge.sw)}`, { sw: challenge.sw });
    }
    if (challenge.data.length !== 8) throw new PassportError('bac-bad-response', `GET CHALLENGE gave ${challenge.data.length} bytes, not 8`);
    const rndIc = challenge.data.slice();
    const rndIfd = random(8);
    const kIfd = random(16);
    wipe.push(rndIfd, kIfd);
    const s = concatBytes(rndIfd, rndIc, kIfd);
    wipe.push(s);
    const eIfd = tdesCbcEncrypt(kEnc, new Uint8Array(8), s);
    const mIfd = retailMac(kMac, padIso9797m2(eIfd, 8));
    const res = await channel.send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: concatBytes(eIfd, mIfd), le: 40 });
    if (res.sw === 0x6985 || res.sw === 0x6d00 || res.sw === 0x6a86 || res.sw === 0x6a88 || res.sw === 0x6e00) {
      throw new PassportError('bac-not-available', `EXTERNAL AUTHENTICATE answered ${hex(res.sw)}: this chip does not offer BAC`, { sw: res.sw });
    }
    if (res.sw !== 0x9000) {
      // 6300 (authentication failed) or 6982 are what chips answer to a wrong MRZ.
      throw new PassportError('bac-wrong-mrz', `EXTERNAL AUTHENTICATE answered ${hex(res.sw)}: the MRZ data does not match this chip`, { sw: res.sw });
    }
    if (res.data.length !== 40) throw new PassportError('bac-bad-response', `EXTERNAL AUTHENTICATE gave ${res.data.length} bytes, not 40`);
    const eIc = res.data.subarray(0, 32);
    const mIc = res.data.subarray(32, 40);
    if (!equal(retailMac(kMac, padIso9797m2(eIc, 8)), mIc)) throw new PassportError('bac-bad-response', 'the chip\'s MAC M_IC is wrong');
    const r = tdesCbcDecrypt(kEnc, new Uint8Array(8), eIc);
    wipe.push(r);
    if (!equal(r.subarray(0, 8), rndIc) || !equal(r.subarray(8, 16), rndIfd)) {
      throw new PassportError('bac-bad-response', 'the chip did not return our challenge');
    }
    const seed = new Uint8Array(16);
    for (let i = 0; i < 16; i++) seed[i] = kIfd[i]! ^ r[16 + i]!;
    const ksEnc = icaoKdf(seed, KDF_ENC, '3des');
    const ksMac = icaoKdf(seed, KDF_MAC, '3des');
    const ssc = concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8));
    wipe.push(seed, ksEnc, ksMac, ssc);
    return new IcaoSecureMessaging({ cipher: '3des', ksEnc, ksMac, ssc });
  } finally {
    for (const w of wipe) w.fill(0);
  }
}

function hex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
