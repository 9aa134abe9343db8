/** 券面AP record checks (spec §3.6–§3.8) on records read from simulated cards, and forgeries. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAgeRecord, parseCardFaceRecord, parseMyNumberImage } from '../../src/cards/mynumber/records';
import type { TransparentEf } from '../../src/sim/card/card-model';
import type { BuiltCard } from '../../src/sim/mynumber/build-card';
import { cardKeyFor, simKey } from '../../src/sim/pki/sim-keys';
import { checkCardKeyConsistency, verifyAgeRecord, verifyCardFace, verifyMyNumberImage } from '../../src/verify/card/face-records-check';
import { buildNamed, flipInField, indexOfBytes, nodeRawPublic, nodeSha256, nodeSign, nodeSignRawBlock, offsetIn, readAllRecords, replaceField, replaceText, type CardRecords } from './helpers';

let built: BuiltCard;
let A: CardRecords; // 'default'
let B: CardRecords; // 'under-15'
const AP_FACE = simKey('cv-ap-face');
const apKey = { modulus: AP_FACE.modulus, exponent: AP_FACE.exponent };
/** SEQUENCE { sha256 AlgorithmIdentifier, OCTET STRING (0x60) } header, written out from spec §3.7. */
const PREFIX_X3 = Buffer.from('3071300d0609608648016503040201050004' + '60', 'hex');

beforeAll(async () => {
  built = await buildNamed('default');
  A = await readAllRecords(built);
  B = await readAllRecords(await buildNamed('under-15'));
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('genuine records', () => {
  it('card face, age record and My Number image verify and carry one card key', async () => {
    const face = await verifyCardFace(A.cardFace, apKey);
    const age = await verifyAgeRecord(A.age, apKey);
    const img = await verifyMyNumberImage(A.myNumberImage, apKey);
    for (const [r, id] of [
      [face, 'face.card-face-signature'],
      [age, 'face.age-record-signature'],
      [img, 'face.my-number-image-signature'],
    ] as const) {
      expect(r.check).toMatchObject({ id, status: 'pass', code: 'ok' });
      expect(same(r.cardKey!.modulus, cardKeyFor('kazasu-default', 'face-card').modulus)).toBe(true);
    }
    expect(checkCardKeyConsistency([face.cardKey!, age.cardKey!, img.cardKey!])).toMatchObject({ id: 'face.card-key-consistency', status: 'pass', code: 'ok' });
  });

  it('the returned card key is a copy: wiping the My Number image record leaves it intact', async () => {
    const img = parseMyNumberImage(A.myNumberImage.raw);
    const r = await verifyMyNumberImage(img, apKey);
    img.raw.fill(0);
    expect(r.cardKey!.modulus.buffer).not.toBe(img.raw.buffer);
    expect(same(r.cardKey!.modulus, cardKeyFor('kazasu-default', 'face-card').modulus)).toBe(true);
  });

  it('the signature holds DigestInfo(0x60) of SHA-256 over the three groups (node:crypto, offsets from DF21)', () => {
    const raw = A.cardFace.raw;
    const table = indexOfBytes(raw, Uint8Array.of(0xdf, 0x21, 0x12)) + 3;
    const off = (i: number) => (raw[table + 2 * i]! << 8) | raw[table + 2 * i + 1]!;
    // DF22 DF23 DF24 | DF25 DF26 | DF27 | DF28 …
    const g1 = raw.subarray(off(0), off(3));
    const g2 = raw.subarray(off(3), off(5));
    const g3 = raw.subarray(off(5), off(6));
    const em = Buffer.from(nodeRawPublic(AP_FACE, A.cardFace.signature));
    const payload = em.subarray(em.length - 115);
    expect(payload.subarray(0, 19).equals(PREFIX_X3)).toBe(true);
    expect(payload.subarray(19).equals(Buffer.concat([nodeSha256(g1), nodeSha256(g2), nodeSha256(g3)]))).toBe(true);
  });
});

describe('card face forgeries', () => {
  const face = () => A.cardFace;

  it.each([
    ['photo byte', 'photo-digest-mismatch', () => flipInField(face().raw, face().photo, 200)],
    ['name image byte', 'image-digest-mismatch', () => flipInField(face().raw, face().nameImage, 60)],
    ['address image byte', 'image-digest-mismatch', () => flipInField(face().raw, face().addressImage, 60)],
    ['birth date', 'face-data-digest-mismatch', () => replaceText(face().raw, '19800217', '19810217')],
    ['sex', 'face-data-digest-mismatch', () => flipSex(face().raw)],
    ['card key (another card\'s key substituted)', 'face-data-digest-mismatch', () => replaceField(face().raw, face().cardPublicKey.modulus, cardKeyFor('other', 'face-card').modulus)],
    ['signature byte', 'record-signature-invalid', () => flipInField(face().raw, face().signature, 128)],
  ] as const)('tampered %s → %s', async (_what, code, forge) => {
    const forged = parseCardFaceRecord(forge());
    const r = await verifyCardFace(forged, apKey);
    expect(r.check).toMatchObject({ id: 'face.card-face-signature', status: 'fail', code });
    expect(r.cardKey).toBeUndefined();
  });

  it('a photo byte changed on the (simulated) chip itself, then read normally → photo-digest-mismatch', async () => {
    const model = structuredClone(built.model);
    const ef = model.dfs.find((d) => d.name === 'face')!.files.find((f) => f.fid === 0x02) as TransparentEf;
    const jp2 = indexOfBytes(ef.content, Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20));
    expect(jp2).toBeGreaterThan(0);
    ef.content[jp2 + 300]! ^= 0x08;
    const forged = await readAllRecords(built, model);
    expect((await verifyCardFace(forged.cardFace, apKey)).check.code).toBe('photo-digest-mismatch');
    // The original model was not touched.
    expect((await verifyCardFace(A.cardFace, apKey)).check.status).toBe('pass');
  });

  it('tampered birth date parses as the forger wanted (so the check is what catches it)', () => {
    expect(parseCardFaceRecord(replaceText(face().raw, '19800217', '19810217')).birthDate).toBe('1981-02-17');
  });

  it('photo, name image and birth date all tampered → the first group\'s code, all three named', async () => {
    const raw = replaceText(face().raw, '19800217', '19810217');
    raw[offsetIn(face().raw, face().photo) + 10]! ^= 1;
    raw[offsetIn(face().raw, face().nameImage) + 70]! ^= 1;
    const r = await verifyCardFace(parseCardFaceRecord(raw), apKey);
    expect(r.check.code).toBe('face-data-digest-mismatch');
    expect(r.check.detail).toMatch(/birth date.*image.*photo/);
  });

  it('expiry and security-code image are outside the signature (spec §3.7): changing them still verifies', async () => {
    const forged = parseCardFaceRecord(replaceText(face().raw, '20350217', '20450217'));
    expect(forged.expiryDate).toBe('2045-02-17');
    expect((await verifyCardFace(forged, apKey)).check.status).toBe('pass');
  });

  it('signed by another key, with the right three-digest DigestInfo → record-signature-invalid', async () => {
    const em = Buffer.from(nodeRawPublic(AP_FACE, face().signature));
    const payload = em.subarray(em.length - 115); // the genuine DigestInfo
    const other = cardKeyFor('other', 'text-ap');
    const forged = parseCardFaceRecord(replaceField(face().raw, face().signature, nodeSignRawBlock(other, payload)));
    expect((await verifyCardFace(forged, apKey)).check.code).toBe('record-signature-invalid');
    // Under the key that made it, the same record verifies (the forgery is well formed).
    expect((await verifyCardFace(forged, { modulus: other.modulus, exponent: other.exponent })).check.status).toBe('pass');
  });

  it('a valid ordinary SHA-256 signature by the AP key is not a card-face signature → record-signature-invalid', async () => {
    const forged = parseCardFaceRecord(replaceField(face().raw, face().signature, nodeSign(AP_FACE, face().groups.g1)));
    expect((await verifyCardFace(forged, apKey)).check.code).toBe('record-signature-invalid');
  });

  it('checked with the text AP key → record-signature-invalid', async () => {
    const text = simKey('cv-ap-text');
    expect((await verifyCardFace(face(), { modulus: text.modulus, exponent: text.exponent })).check.code).toBe('record-signature-invalid');
  });
});

function flipSex(raw: Uint8Array): Uint8Array {
  const out = raw.slice();
  const at = indexOfBytes(out, Uint8Array.of(0xdf, 0x23, 0x01));
  out[at + 3] = out[at + 3] === 0x32 ? 0x31 : 0x32;
  return out;
}

describe('age record and My Number image', () => {
  it('tampered age-record birth date → record-signature-invalid', async () => {
    const forged = parseAgeRecord(replaceText(A.age.raw, '19800217', '19810217'));
    expect(forged.birthDate).toBe('1981-02-17');
    const r = await verifyAgeRecord(forged, apKey);
    expect(r.check).toMatchObject({ id: 'face.age-record-signature', status: 'fail', code: 'record-signature-invalid' });
    expect(r.cardKey).toBeUndefined();
  });

  it('tampered My Number image → record-signature-invalid', async () => {
    const forged = parseMyNumberImage(flipInField(A.myNumberImage.raw, A.myNumberImage.image, 40));
    expect((await verifyMyNumberImage(forged, apKey)).check).toMatchObject({ id: 'face.my-number-image-signature', status: 'fail', code: 'record-signature-invalid' });
  });

  it('an age record from another card verifies on its own, but its card key differs → card-key-mismatch', async () => {
    // Precondition, derived from the simulator's key pool independently of the verifier.
    expect(same(cardKeyFor('kazasu-default', 'face-card').modulus, cardKeyFor('kazasu-under15', 'face-card').modulus)).toBe(false);
    const face = await verifyCardFace(A.cardFace, apKey);
    const age = await verifyAgeRecord(B.age, apKey);
    expect(age.check.status).toBe('pass');
    expect(checkCardKeyConsistency([face.cardKey!, age.cardKey!])).toMatchObject({ status: 'fail', code: 'card-key-mismatch' });
  });

  it('no verified record → consistency skipped', () => {
    expect(checkCardKeyConsistency([])).toMatchObject({ status: 'skipped', code: 'not-read' });
  });
});
