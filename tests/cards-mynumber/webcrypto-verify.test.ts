/**
 * The signed 券面 data verifies with WebCrypto (and a BigInt RSA public operation written here),
 * using ONLY bytes the card library read over APDUs — the one exception being the CV CA public
 * keys, which are not on the card (spec §3.4) and come from the simulator key fixture.
 *
 * Recipe (spec §3.9): CV certificate under the CA key → records under the CV certificate key →
 * digests against the data files → challenge signatures under the card keys in the records.
 * Every TLV is split here by the test's own walker (tests/sim-card/helpers.ts), from the layouts
 * in spec §3.3–§3.8.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MyNumberLegalBasis } from '../../src/cards/mynumber/legal-basis';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { simKey } from '../../src/sim/pki/sim-keys';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import {
  b64url,
  build,
  cat,
  child,
  children,
  h,
  parseTlv,
  pkcs1Type1Block,
  profileJson,
  rsaKeyDo,
  rsaPublic,
  sha256,
  verifySha256,
  type RsaPub,
} from '../sim-card/helpers';

const P = profileJson('default');
const BASIS: MyNumberLegalBasis = { kind: 'my-number-act', purpose: '税・社会保障手続（源泉徴収票）' };

/** Raw bytes of every file, as the library read them over APDUs. */
let files: {
  textMyNumber: Uint8Array;
  textBasicFour: Uint8Array;
  textIntegrity: Uint8Array;
  textCv: Uint8Array;
  textSignedKey: Uint8Array;
  faceAge: Uint8Array;
  faceCard: Uint8Array;
  faceCv: Uint8Array;
  faceMyNumberImage: Uint8Array;
};
/** Internal-authentication answers, with their challenges from GET CHALLENGE. */
let textAuth: { challenge: Uint8Array; signature: Uint8Array };
let faceAuth: { challenge: Uint8Array; signature: Uint8Array };

async function caPublicKey(id: 'cv-ca-text' | 'cv-ca-face'): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', simKey(id).publicJwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
}

/** 7F21 { 5F4E body ; 5F37 signature } and the RSA key after the two 16-byte key ids (spec §3.4). */
function splitCv(file: Uint8Array): { body: Uint8Array; signature: Uint8Array; key: RsaPub; issuerKeyId: Uint8Array } {
  const outer = parseTlv(file);
  expect(outer.tag).toBe(0x7f21);
  const [body, sig] = children(outer.value);
  expect(body!.tag).toBe(0x5f4e);
  expect(sig!.tag).toBe(0x5f37);
  expect(body!.length).toBe(297);
  return { body: body!.value, signature: sig!.value, key: rsaKeyDo(body!.value.subarray(32)), issuerKeyId: body!.value.subarray(0, 16) };
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const c = bytes.slice();
  c[at] = c[at]! ^ 0x01;
  return c;
}

beforeAll(async () => {
  const { model } = await build('default');
  const t = new SimulatedTransport(simulatedCardFor(model));
  await t.connect();
  const mnc = new MyNumberCard(t);

  // Internal authentication first, with no credential at all (spec §2.9).
  await mnc.text.readCvCertificate();
  let challenge = await mnc.getChallenge(16);
  textAuth = { challenge, signature: await mnc.text.internalAuthenticate(challenge) };
  await mnc.face.readCvCertificate();
  challenge = await mnc.getChallenge(16);
  faceAuth = { challenge, signature: await mnc.face.internalAuthenticate(challenge) };

  await mnc.text.verify('pin', P.credentials.textPin);
  const textMyNumber = (await mnc.text.readMyNumber(BASIS)).physical;
  const textBasicFour = (await mnc.text.readBasicFour()).raw;
  const textIntegrity = (await mnc.text.readIntegrityRecord()).raw;
  const textCv = (await mnc.text.readCvCertificate()).raw;
  const textSignedKey = (await mnc.text.readSignedPublicKey()).raw;
  await mnc.face.verify('codeA', P.person.myNumber, { legalBasis: BASIS });
  const faceCard = (await mnc.face.readCardFace()).raw;
  const faceMyNumberImage = (await mnc.face.readMyNumberImage(BASIS)).raw;
  await mnc.face.verify('birthDate', '550217');
  const faceAge = (await mnc.face.readAgeRecord()).raw;
  const faceCv = (await mnc.face.readCvCertificate()).raw;
  files = { textMyNumber, textBasicFour, textIntegrity, textCv, textSignedKey, faceAge, faceCard, faceCv, faceMyNumberImage };
  mnc.close();
});

describe('text AP (券面事項入力補助AP)', () => {
  it('the CV certificate (EF 0004) verifies under the text CV CA key, and not under the 券面 CA key', async () => {
    const cv = splitCv(files.textCv);
    expect(await verifySha256(await caPublicKey('cv-ca-text'), cv.signature, cv.body)).toBe(true);
    expect(await verifySha256(await caPublicKey('cv-ca-face'), cv.signature, cv.body)).toBe(false);
    expect(await verifySha256(await caPublicKey('cv-ca-text'), cv.signature, flip(cv.body, 100))).toBe(false);
  });

  it('EF 0003 signature over DF31‖DF32 (70 bytes) verifies with the CV certificate key', async () => {
    const cv = splitCv(files.textCv);
    const outer = parseTlv(files.textIntegrity);
    expect(outer.tag).toBe(0xff30);
    const [d31, d32, d33] = children(outer.value);
    expect([d31!.tag, d32!.tag, d33!.tag]).toEqual([0xdf31, 0xdf32, 0xdf33]);
    const signed = cat(d31!.raw, d32!.raw);
    expect(signed.length).toBe(70);
    expect(await verifySha256(cv.key, d33!.value, signed)).toBe(true);
    expect(await verifySha256(cv.key, d33!.value, flip(signed, 10))).toBe(false);
  });

  it('DF31 = SHA-256 of the 17 physical bytes of EF 0001 (filler included, not the trimmed 15)', async () => {
    expect(files.textMyNumber.length).toBe(17);
    const d31 = child(parseTlv(files.textIntegrity).value, 0xdf31).value;
    expect(d31).toEqual(await sha256(files.textMyNumber));
    expect(d31).not.toEqual(await sha256(files.textMyNumber.subarray(0, 15)));
  });

  it('DF32 = SHA-256 of EF 0002 from the start of DF22 through the end of DF25 (located via the DF21 table)', async () => {
    const file = files.textBasicFour;
    const outer = parseTlv(file);
    expect(outer.tag).toBe(0xff20);
    const table = parseTlv(file, outer.headerLength);
    expect(table.tag).toBe(0xdf21);
    expect(table.length).toBe(8);
    const firstOffset = (table.value[0]! << 8) | table.value[1]!;
    expect(Array.from(file.subarray(firstOffset, firstOffset + 2))).toEqual([0xdf, 0x22]);
    // The fourth offset points at DF25, which is the last item of the outer object.
    const df25 = parseTlv(file, (table.value[6]! << 8) | table.value[7]!);
    expect(df25.tag).toBe(0xdf25);
    expect(df25.end).toBe(outer.end);
    const source = file.subarray(firstOffset, outer.end);
    const d32 = child(parseTlv(files.textIntegrity).value, 0xdf32).value;
    expect(d32).toEqual(await sha256(source));
    // Neither the whole file nor the whole object match (spec §3.3).
    expect(d32).not.toEqual(await sha256(file.subarray(0, outer.end)));
  });

  it('EF 0007: DF52 over the DF51 TLV verifies with the CV certificate key', async () => {
    const cv = splitCv(files.textCv);
    const outer = parseTlv(files.textSignedKey);
    expect(outer.tag).toBe(0xff50);
    const [k, s] = children(outer.value);
    expect([k!.tag, s!.tag]).toEqual([0xdf51, 0xdf52]);
    expect(await verifySha256(cv.key, s!.value, k!.raw)).toBe(true);
    expect(await verifySha256(cv.key, s!.value, flip(k!.raw, 20))).toBe(false);
  });

  it('internal authentication (80 2A 00 00) verifies under the EF 0007 DF51 card key', async () => {
    const key = rsaKeyDo(child(parseTlv(files.textSignedKey).value, 0xdf51).value);
    expect(textAuth.challenge.length).toBe(16);
    expect(await verifySha256(key, textAuth.signature, textAuth.challenge)).toBe(true);
    expect(await verifySha256(key, textAuth.signature, faceAuth.challenge)).toBe(false);
  });
});

describe('券面AP (券面事項確認AP)', () => {
  it('the CV certificate (EF 0004) verifies under the 券面 CV CA key, and not under the text CA key', async () => {
    const cv = splitCv(files.faceCv);
    expect(await verifySha256(await caPublicKey('cv-ca-face'), cv.signature, cv.body)).toBe(true);
    expect(await verifySha256(await caPublicKey('cv-ca-text'), cv.signature, cv.body)).toBe(false);
  });

  it('EF 0002: the three-group DigestInfo signature, checked with a raw BigInt RSA public operation', async () => {
    const cv = splitCv(files.faceCv);
    const outer = parseTlv(files.faceCard);
    expect(outer.tag).toBe(0xff20);
    const items = children(outer.value);
    expect(items.map((i) => i.tag.toString(16))).toEqual(['df21', 'df22', 'df23', 'df24', 'df25', 'df26', 'df27', 'df28', 'df29', 'df2a']);
    const [, df22, df23, df24, df25, df26, df27, df28] = items;
    const g1 = cat(df22!.raw, df23!.raw, df24!.raw);
    const g2 = cat(df25!.raw, df26!.raw);
    const g3 = df27!.raw;
    // DigestInfo { sha256, OCTET STRING (0x60) SHA256(G1)‖SHA256(G2)‖SHA256(G3) } (spec §3.7).
    const digestInfo = cat(h('30 71 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 60'), await sha256(g1), await sha256(g2), await sha256(g3));
    expect(digestInfo.length).toBe(0x73);
    expect(df28!.length).toBe(256);
    const em = rsaPublic(cv.key, df28!.value);
    expect(em).toEqual(pkcs1Type1Block(256, digestInfo));
    // A changed photo byte breaks it.
    const g3bad = flip(g3, 40);
    const bad = cat(digestInfo.subarray(0, 19 + 64), await sha256(g3bad));
    expect(em).not.toEqual(pkcs1Type1Block(256, bad));
  });

  it('EF 0002 offsets (DF21, 9 × u16) point at DF22…DF2A', () => {
    const file = files.faceCard;
    const outer = parseTlv(file);
    const table = parseTlv(file, outer.headerLength);
    expect(table.tag).toBe(0xdf21);
    expect(table.length).toBe(18);
    const tags = [0xdf22, 0xdf23, 0xdf24, 0xdf25, 0xdf26, 0xdf27, 0xdf28, 0xdf29, 0xdf2a];
    for (let i = 0; i < 9; i++) {
      const at = (table.value[2 * i]! << 8) | table.value[2 * i + 1]!;
      expect(parseTlv(file, at).tag).toBe(tags[i]);
    }
  });

  it('EF 0001 (age record): DF13 over DF11‖DF12 verifies with the CV key; its card key equals EF 0002 DF24', async () => {
    const cv = splitCv(files.faceCv);
    const outer = parseTlv(files.faceAge);
    const [d11, d12, d13] = children(outer.value);
    expect([d11!.tag, d12!.tag, d13!.tag]).toEqual([0xdf11, 0xdf12, 0xdf13]);
    expect(new TextDecoder().decode(d11!.value)).toBe(P.person.birthDate.replace(/-/g, ''));
    expect(await verifySha256(cv.key, d13!.value, cat(d11!.raw, d12!.raw))).toBe(true);
    expect(await verifySha256(cv.key, d13!.value, cat(flip(d11!.raw, 5), d12!.raw))).toBe(false);
    const df24 = child(parseTlv(files.faceCard).value, 0xdf24).value;
    expect(d12!.value).toEqual(df24);
  });

  it('EF 0005 (My Number image): DF43 over DF41‖DF42 verifies with the CV key', async () => {
    const cv = splitCv(files.faceCv);
    const [d41, d42, d43] = children(parseTlv(files.faceMyNumberImage).value);
    expect([d41!.tag, d42!.tag, d43!.tag]).toEqual([0xdf41, 0xdf42, 0xdf43]);
    expect(await verifySha256(cv.key, d43!.value, cat(d41!.raw, d42!.raw))).toBe(true);
  });

  it('internal authentication (80 2A 00 00) verifies under the EF 0002 DF24 card key, not the text card key', async () => {
    const faceKey = rsaKeyDo(child(parseTlv(files.faceCard).value, 0xdf24).value);
    const textKey = rsaKeyDo(child(parseTlv(files.textSignedKey).value, 0xdf51).value);
    expect(await verifySha256(faceKey, faceAuth.signature, faceAuth.challenge)).toBe(true);
    expect(await verifySha256(textKey, faceAuth.signature, faceAuth.challenge)).toBe(false);
    expect(b64url(faceKey.n)).not.toBe(b64url(textKey.n));
  });
});
