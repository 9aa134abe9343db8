import { concatBytes, u16be } from '../../bytes/byte-ops';
import { ALWAYS, anyOf, type DedicatedFile, type ElementaryFile } from '../card/card-model';
import { cvKeyId, encodeRsaPublicKeyDo, mintCvCertificate, SIM_CV_CA_KEY_IDS } from '../pki/cv-certificate';
import { digestInfoSha256x3 } from '../pki/digest-info';
import { rsaPkcs1v15SignRaw } from '../pki/rsa-raw';
import { simKey, type SimKeyPair } from '../pki/sim-keys';
import { textBytes, cardTlv, compactDate, withFiller } from './card-tlv';
import { signSha256 } from './card-signing';
import type { CardProfile } from './card-profile';
import { AID_BYTES, pinEf, sha256 } from './sim-common';
import type { RetryPlan } from './text-ap-files';

/** 券面事項確認AP file ids (spec §2.6). */
const EF = { age: 0x01, face: 0x02, info: 0x03, cv: 0x04, myNumberImage: 0x05, unknown6: 0x06 };
const KEY = { birthDate: 0x11, codeB: 0x12, codeA: 0x13 };

export interface FaceImages {
  readonly namePng: Uint8Array;
  readonly addressPng: Uint8Array;
  readonly photoJp2: Uint8Array;
  readonly securityCodePng: Uint8Array;
  readonly myNumberPng: Uint8Array;
}

export interface FaceApKeys {
  readonly apKey: SimKeyPair; // certified by the CV CA; signs EF 0001, 0002, 0005
  readonly cardKey: SimKeyPair; // answers 80 2A 00 00 (internal authentication)
}

/** EF 0001 age record (spec §3.6): FF 10 82 02 1E { DF11 birth; DF12 card key; DF13 signature }. */
export async function encodeAgeRecord(profile: CardProfile, keys: FaceApKeys): Promise<Uint8Array> {
  const signed = concatBytes(
    cardTlv(0xdf11, textBytes(compactDate(profile.person.birthDate))),
    cardTlv(0xdf12, encodeRsaPublicKeyDo(keys.cardKey.modulus, keys.cardKey.exponent)),
  );
  const signature = await signSha256(keys.apKey, signed);
  return cardTlv(0xff10, concatBytes(signed, cardTlv(0xdf13, signature)));
}

/**
 * EF 0002 card face (spec §3.7). The signature covers three groups hashed separately:
 * G1 = DF22‖DF23‖DF24, G2 = DF25‖DF26, G3 = DF27, signed as a DigestInfo whose OCTET STRING holds
 * the three 32-byte digests (length 0x60). Expiry (DF29) and the security-code image (DF2A)
 * follow the signature and are not covered.
 */
export async function encodeCardFace(profile: CardProfile, keys: FaceApKeys, images: FaceImages): Promise<{ file: Uint8Array; groups: Uint8Array[] }> {
  const p = profile.person;
  // The nine items in file order; the signature groups are built from the very same TLVs.
  const birth = cardTlv(0xdf22, textBytes(compactDate(p.birthDate)));
  const sex = cardTlv(0xdf23, textBytes(p.sex));
  const cardKey = cardTlv(0xdf24, encodeRsaPublicKeyDo(keys.cardKey.modulus, keys.cardKey.exponent));
  const name = cardTlv(0xdf25, images.namePng);
  const address = cardTlv(0xdf26, images.addressPng);
  const photo = cardTlv(0xdf27, images.photoJp2);
  const g1 = concatBytes(birth, sex, cardKey);
  const g2 = concatBytes(name, address);
  const g3 = photo;
  const digests = concatBytes(await sha256(g1), await sha256(g2), await sha256(g3));
  const signature = rsaPkcs1v15SignRaw(keys.apKey, digestInfoSha256x3(digests));
  const items = [
    birth,
    sex,
    cardKey,
    name,
    address,
    photo,
    cardTlv(0xdf28, signature),
    cardTlv(0xdf29, textBytes(compactDate(profile.card.expiryDate))),
    cardTlv(0xdf2a, images.securityCodePng),
  ];
  // The nine offsets point at DF22…DF2A from the start of the file.
  const body = concatBytes(...items);
  const tableLength = 2 + 1 + 18;
  const header = cardTlv(0xff20, new Uint8Array(tableLength + body.length)).length - (tableLength + body.length);
  let at = header + tableLength;
  const offsets = items.map((item) => {
    const o = u16be(at);
    at += item.length;
    return o;
  });
  const object = cardTlv(0xff20, concatBytes(cardTlv(0xdf21, concatBytes(...offsets)), body));
  return { file: object, groups: [g1, g2, g3] };
}

/** EF 0005 (spec §3.8): FF 40 { DF41 PNG of the My Number; DF42 card key; DF43 signature }. */
export async function encodeMyNumberImage(images: FaceImages, keys: FaceApKeys): Promise<Uint8Array> {
  const signed = concatBytes(cardTlv(0xdf41, images.myNumberPng), cardTlv(0xdf42, encodeRsaPublicKeyDo(keys.cardKey.modulus, keys.cardKey.exponent)));
  const signature = await signSha256(keys.apKey, signed);
  return cardTlv(0xff40, concatBytes(signed, cardTlv(0xdf43, signature)));
}

/** EF 0003 (spec §3.8), unsigned. */
export function encodeFaceBasicInfo(profile: CardProfile): Uint8Array {
  const opaque = new Uint8Array(16 + 256).fill(0xff);
  opaque.set(cvKeyId('9900025', '001'));
  return cardTlv(
    0xff30,
    concatBytes(
      cardTlv(0xdf31, Uint8Array.of(0x06, 0x03, 0x0e, 0x01)),
      cardTlv(0xdf32, cvKeyId('9000024', '001')),
      cardTlv(0xdf33, Uint8Array.of(0x01)),
      cardTlv(0xdf34, textBytes(profile.card.municipalityCode)),
      cardTlv(0xdf35, opaque),
    ),
  );
}

export function faceSubjectKeyId(profile: CardProfile): Uint8Array {
  return cvKeyId(`9${profile.card.municipalityCode}2`, '000');
}

export async function buildFaceAp(profile: CardProfile, keys: FaceApKeys, images: FaceImages, retries: RetryPlan): Promise<DedicatedFile> {
  const cv = await mintCvCertificate({
    issuerKeyId: SIM_CV_CA_KEY_IDS.face,
    subjectKeyId: faceSubjectKeyId(profile),
    subjectModulus: keys.apKey.modulus,
    subjectExponent: keys.apKey.exponent,
    signerKey: simKey('cv-ca-face'),
  });
  const face = await encodeCardFace(profile, keys, images);
  const aOrB = anyOf(KEY.codeA, KEY.codeB);
  // Physical sizes of EF 0002/0005 are UNCONFIRMED: the simulator rounds up to whole 256-byte
  // blocks and fills with FF, so readers must stop at the end of the TLV object.
  const files: ElementaryFile[] = [
    { kind: 'transparent', fid: EF.age, content: await encodeAgeRecord(profile, keys), read: anyOf(KEY.birthDate) },
    { kind: 'transparent', fid: EF.face, content: withFiller(face.file, roundUp(face.file.length + 1, 256)), read: aOrB },
    { kind: 'transparent', fid: EF.info, content: withFiller(encodeFaceBasicInfo(profile), 384), read: ALWAYS },
    { kind: 'transparent', fid: EF.cv, content: cv, read: ALWAYS },
    { kind: 'transparent', fid: EF.myNumberImage, content: withFiller(await encodeMyNumberImage(images, keys), 1024), read: anyOf(KEY.codeA) },
    { kind: 'transparent', fid: EF.unknown6, content: new Uint8Array(16).fill(0xff), read: aOrB },
    pinEf(KEY.birthDate, retries.birthDateKeyValue, retries.birthDateKey),
    pinEf(KEY.codeB, retries.codeBValue, retries.codeB),
    pinEf(KEY.codeA, profile.person.myNumber, retries.codeA),
  ];
  return { name: 'face', aid: AID_BYTES.face, files, defaultSigningKey: keys.cardKey.id, signatureSchemes: 'digest-info-only' };
}

function roundUp(n: number, block: number): number {
  return Math.ceil(n / block) * block;
}
