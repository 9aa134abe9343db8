import { concatBytes, u16be } from '../../bytes/byte-ops';
import { ALWAYS, anyOf, type DedicatedFile, type ElementaryFile } from '../card/card-model';
import { cvKeyId, encodeRsaPublicKeyDo, mintCvCertificate, SIM_CV_CA_KEY_IDS } from '../pki/cv-certificate';
import { simKey, type SimKeyPair } from '../pki/sim-keys';
import { textBytes, cardTlv, compactDate, withFiller } from './card-tlv';
import { signSha256 } from './card-signing';
import type { CardProfile } from './card-profile';
import { cardName } from './person-text';
import { AID_BYTES, pinEf, sha256, type TriesSpec } from './sim-common';

/** 券面事項入力補助AP file ids (spec §2.5). */
const EF = { myNumber: 0x01, basicFour: 0x02, integrity: 0x03, cv: 0x04, info: 0x05, sm: 0x06, signedKey: 0x07, unknown8: 0x08 };
const KEY = { pin: 0x11, blocked: 0x12, codeA: 0x14, codeB: 0x15 };

/**
 * Physical EF sizes. EF 0001 (17), EF 0003 (336), EF 0004 (568) and EF 0005 (256 read by MYNA)
 * are from the spec (§3.1, §3.3–3.5); the size of EF 0002 is UNCONFIRMED, so the simulator
 * gives it room for a 200-character address with FF filler.
 */
const SIZE = { myNumber: 17, basicFour: 0x300, integrity: 336, cv: 568, info: 256, sm: 269, signedKey: 536, unknown8: 16 };

export interface TextApKeys {
  readonly apKey: SimKeyPair; // certified by the CV CA; signs EF 0003 and EF 0007
  readonly cardKey: SimKeyPair; // signs challenges (EF 0007 DF51)
  readonly smKey: SimKeyPair; // EF 0006
}

/** The basic-4 file EF 0002 (spec §3.2): FF 20 { DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex }. */
export function encodeBasicFour(profile: CardProfile): { file: Uint8Array; digestSource: Uint8Array } {
  const p = profile.person;
  const fields = [
    cardTlv(0xdf22, textBytes(cardName(p))),
    cardTlv(0xdf23, textBytes(p.address)),
    cardTlv(0xdf24, textBytes(compactDate(p.birthDate))),
    cardTlv(0xdf25, textBytes(p.sex)),
  ];
  const body = concatBytes(...fields);
  // Offsets count from the start of the file; they depend on the outer header length, which in
  // turn depends on the body size, so compute the header first with a dummy table.
  const tableTlvLength = 2 + 1 + 8;
  const outerHeader = cardTlv(0xff20, new Uint8Array(tableTlvLength + body.length)).length - (tableTlvLength + body.length);
  let at = outerHeader + tableTlvLength;
  const offsets: Uint8Array[] = [];
  for (const f of fields) {
    offsets.push(u16be(at));
    at += f.length;
  }
  const table = cardTlv(0xdf21, concatBytes(...offsets));
  const object = cardTlv(0xff20, concatBytes(table, body));
  return { file: withFiller(object, SIZE.basicFour), digestSource: body };
}

export function encodeMyNumberFile(myNumber: string): Uint8Array {
  // FF 10 0C + 12 digits + FF FF: 17 bytes, and the EF 0003 digest covers the filler (spec §3.1).
  return withFiller(cardTlv(0xff10, textBytes(myNumber)), SIZE.myNumber);
}

export async function encodeIntegrityRecord(myNumberFile: Uint8Array, basicFourSource: Uint8Array, apKey: SimKeyPair): Promise<Uint8Array> {
  const signed = concatBytes(cardTlv(0xdf31, await sha256(myNumberFile)), cardTlv(0xdf32, await sha256(basicFourSource)));
  const signature = await signSha256(apKey, signed);
  return withFiller(cardTlv(0xff30, concatBytes(signed, cardTlv(0xdf33, signature))), SIZE.integrity);
}

export async function encodeSignedPublicKey(cardKey: SimKeyPair, apKey: SimKeyPair): Promise<Uint8Array> {
  const keyTlv = cardTlv(0xdf51, encodeRsaPublicKeyDo(cardKey.modulus, cardKey.exponent));
  const signature = await signSha256(apKey, keyTlv);
  return withFiller(cardTlv(0xff50, concatBytes(keyTlv, cardTlv(0xdf52, signature))), SIZE.signedKey);
}

/** EF 0005 (spec §3.5): FF 40 82 00 9F { DF41 04 version/vendor; DF42 10 key id; DF43 82 00 80 … }. */
export function encodeTextBasicInfo(): Uint8Array {
  const unknown = new Uint8Array(128).fill(0xff);
  unknown.set(textBytes('KAZASU-SIMULATOR-TEXT-AP-DF43-V1'));
  const body = concatBytes(
    cardTlv(0xdf41, Uint8Array.of(0x01, 0x03, 0x0e, 0x01)),
    cardTlv(0xdf42, cvKeyId('9000034', '001')),
    // Written with the non-minimal 82 00 80 form, as MYNA's test vector FF 40 82 00 9F implies.
    concatBytes(Uint8Array.of(0xdf, 0x43, 0x82, 0x00, 0x80), unknown),
  );
  const object = concatBytes(Uint8Array.of(0xff, 0x40, 0x82, 0x00, body.length), body);
  return withFiller(object, SIZE.info);
}

export function textSubjectKeyId(profile: CardProfile): Uint8Array {
  // Per-municipality AP key id, e.g. "9131013/000": 9 + municipality code + AP digit (3 = text).
  return cvKeyId(`9${profile.card.municipalityCode}3`, '000');
}

export async function buildTextAp(profile: CardProfile, keys: TextApKeys, retries: RetryPlan): Promise<DedicatedFile> {
  const myNumberFile = encodeMyNumberFile(profile.person.myNumber);
  const basic = encodeBasicFour(profile);
  const cv = await mintCvCertificate({
    issuerKeyId: SIM_CV_CA_KEY_IDS.text,
    subjectKeyId: textSubjectKeyId(profile),
    subjectModulus: keys.apKey.modulus,
    subjectExponent: keys.apKey.exponent,
    signerKey: simKey('cv-ca-text'),
  });
  const smKeyFile = withFiller(cardTlv(0xa1, encodeRsaPublicKeyDo(keys.smKey.modulus, keys.smKey.exponent)), SIZE.sm);
  const anyCredential = anyOf(KEY.pin, KEY.codeA, KEY.codeB);
  const files: ElementaryFile[] = [
    { kind: 'transparent', fid: EF.myNumber, content: myNumberFile, read: anyOf(KEY.pin, KEY.codeA) },
    { kind: 'transparent', fid: EF.basicFour, content: basic.file, read: anyOf(KEY.pin, KEY.codeB) },
    { kind: 'transparent', fid: EF.integrity, content: await encodeIntegrityRecord(myNumberFile, basic.digestSource, keys.apKey), read: anyCredential },
    { kind: 'transparent', fid: EF.cv, content: cv, read: ALWAYS },
    { kind: 'transparent', fid: EF.info, content: encodeTextBasicInfo(), read: ALWAYS },
    { kind: 'transparent', fid: EF.sm, content: smKeyFile, read: anyCredential },
    { kind: 'transparent', fid: EF.signedKey, content: await encodeSignedPublicKey(keys.cardKey, keys.apKey), read: anyCredential },
    { kind: 'transparent', fid: EF.unknown8, content: new Uint8Array(SIZE.unknown8).fill(0xff), read: ALWAYS },
    pinEf(KEY.pin, profile.credentials.textPin, retries.textPin),
    { kind: 'pin', fid: KEY.blocked, secret: new Uint8Array(0), maxTries: 3, alwaysBlocked: true },
    pinEf(KEY.codeA, profile.person.myNumber, retries.codeA),
    pinEf(KEY.codeB, retries.codeBValue, retries.codeB),
  ];
  return { name: 'text', aid: AID_BYTES.text, files, defaultSigningKey: keys.cardKey.id, signatureSchemes: 'digest-info-only' };
}

/** Max and initial tries of each key, plus the 照合番号B value derived from the profile. */
export interface RetryPlan {
  readonly textPin: TriesSpec;
  readonly authPin: TriesSpec;
  readonly signPassword: TriesSpec;
  readonly jukiPin: TriesSpec;
  readonly codeA: TriesSpec;
  readonly codeB: TriesSpec;
  readonly birthDateKey: TriesSpec;
  readonly codeBValue: string;
  readonly birthDateKeyValue: string;
}

export type { TriesSpec } from './sim-common';
