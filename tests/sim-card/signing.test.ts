/**
 * COMPUTE DIGITAL SIGNATURE `80 2A`, GET CHALLENGE and INTERNAL AUTHENTICATE on the simulated
 * card (spec §2.9, §4.2). Every signature is checked with WebCrypto (or a BigInt RSA public
 * operation written here) against a public key taken from bytes read over APDUs: the JPKI
 * certificates, the text AP EF 0007 DF51 and the 券面 EF 0002 DF24 — never the simulator's keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/sim/card/card-model';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import {
  ascii,
  build,
  cat,
  certificateRsaKey,
  certificateVerifyKey,
  child,
  h,
  hex,
  ok,
  parseTlv,
  pkcs1Type1Block,
  profileJson,
  rsaKeyDo,
  rsaPublic,
  SELECT,
  sha256,
  SHA256_DI_PREFIX,
  sw,
  tx,
  verifyApdu,
  verifySha256,
} from './helpers';

const P = profileJson('default');
const CODE_B = '55021720352285';

let model: CardModel;
beforeAll(async () => {
  model = (await build('default')).model;
});

const MESSAGE = ascii('Kazasu: sign this message, please.');

/** Case-4 `80 2A P1 P2 Lc data 00` (short). */
function sign(p1: number, p2: number, data: Uint8Array): Uint8Array {
  return cat([0x80, 0x2a, p1, p2, data.length], data, [0x00]);
}

/** The DER certificate in JPKI EF `sfi` (read over APDUs; length from its 30 82 header, spec §4.1). */
async function readCertificate(card: SimulatedCard, sfi: number): Promise<Uint8Array> {
  const file = await ok(card, Uint8Array.of(0x00, 0xb0, 0x80 | sfi, 0x00, 0x00, 0x00, 0x00));
  return file.slice(0, ((file[2]! << 8) | file[3]!) + 4);
}

describe('JPKI signing 80 2A (spec §4.2)', () => {
  it('TEX sequence: SELECT 0018, VERIFY, SELECT 0017, 80 2A 00 80 <DigestInfo>: verifies with the auth certificate key', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    const cert = await readCertificate(card, 0x0a);
    await ok(card, '00 A4 02 0C 02 00 18');
    await ok(card, verifyApdu(0x80, P.credentials.authPin));
    await ok(card, '00 A4 02 0C 02 00 17');
    const di = cat(SHA256_DI_PREFIX, await sha256(MESSAGE));
    expect(di.length).toBe(0x33);
    const r = await tx(card, sign(0x00, 0x80, di));
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBe(256);
    const key = await certificateVerifyKey(cert);
    expect(await verifySha256(key, r.data, MESSAGE)).toBe(true);
    expect(await verifySha256(key, r.data, ascii('another message'))).toBe(false);
  });

  it('P1 02 (card wraps a 32-byte hash) and P1 03 (card hashes and wraps) give the same valid signature, P2 97 by SFI', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    const key = await certificateVerifyKey(await readCertificate(card, 0x0a));
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    const s2 = await ok(card, sign(0x02, 0x97, await sha256(MESSAGE)));
    const s3 = await ok(card, sign(0x03, 0x97, MESSAGE));
    const s0 = await ok(card, sign(0x00, 0x97, cat(SHA256_DI_PREFIX, await sha256(MESSAGE))));
    expect(await verifySha256(key, s2, MESSAGE)).toBe(true);
    expect(await verifySha256(key, s3, MESSAGE)).toBe(true);
    // PKCS#1 v1.5 is deterministic: all three schemes sign the same block.
    expect(hex(s2)).toBe(hex(s0));
    expect(hex(s3)).toBe(hex(s0));
  });

  it('P1 01 signs the bare SHA-256 hash (no DigestInfo): checked with the raw RSA public operation', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    const pub = await certificateRsaKey(await readCertificate(card, 0x0a));
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    const s1 = await ok(card, sign(0x01, 0x97, MESSAGE));
    expect(rsaPublic(pub, s1)).toEqual(pkcs1Type1Block(256, await sha256(MESSAGE)));
  });

  it('the sign key (P2 9A) after the sign password verifies with the 署名用 certificate read over APDUs', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x9b, P.credentials.signPassword));
    const signCert = await readCertificate(card, 0x01);
    const authCert = await readCertificate(card, 0x0a);
    const s = await ok(card, sign(0x00, 0x9a, cat(SHA256_DI_PREFIX, await sha256(MESSAGE))));
    expect(await verifySha256(await certificateVerifyKey(signCert), s, MESSAGE)).toBe(true);
    // It is a different key from the auth key.
    expect(await verifySha256(await certificateVerifyKey(authCert), s, MESSAGE)).toBe(false);
    // P2 80 with EF 001A selected is the same key.
    await ok(card, '00 A4 02 0C 02 00 1A');
    expect(hex(await ok(card, sign(0x02, 0x80, await sha256(MESSAGE))))).toBe(hex(s));
  });

  it('refuses before VERIFY with 6982', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    expect(await sw(card, sign(0x02, 0x97, new Uint8Array(32)))).toBe(0x6982);
    expect(await sw(card, sign(0x02, 0x9a, new Uint8Array(32)))).toBe(0x6982);
  });

  it('an unknown P1 answers 6A86', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, sign(0x06, 0x97, new Uint8Array(32)))).toBe(0x6a86);
    expect(await sw(card, sign(0x7f, 0x97, new Uint8Array(32)))).toBe(0x6a86);
    expect(await sw(card, sign(0xff, 0x97, new Uint8Array(32)))).toBe(0x6a86);
  });

  it('P1 02 with data other than 32 bytes answers 6700', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, sign(0x02, 0x97, new Uint8Array(31)))).toBe(0x6700);
    expect(await sw(card, sign(0x02, 0x97, new Uint8Array(33)))).toBe(0x6700);
    expect(await sw(card, sign(0x02, 0x97, new Uint8Array(64)))).toBe(0x6700);
    expect(await sw(card, sign(0x02, 0x97, new Uint8Array(32)))).toBe(0x9000);
  });

  it('P1 00 with more than the key can pad (246 bytes) is refused; 245 bytes is signed', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, sign(0x00, 0x97, new Uint8Array(246).fill(0x30)))).not.toBe(0x9000);
    expect(await sw(card, sign(0x00, 0x97, new Uint8Array(245).fill(0x30)))).toBe(0x9000);
  });

  it('a key EF that is not a private key cannot sign', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.jpki);
    await ok(card, verifyApdu(0x98, P.credentials.authPin));
    expect(await sw(card, sign(0x02, 0x98, new Uint8Array(32)))).not.toBe(0x9000);
    expect(await sw(card, sign(0x02, 0x86, new Uint8Array(32)))).not.toBe(0x9000);
  });
});

describe('券面 APs: 80 2A 00 00 internal authentication (spec §2.9, §3.9)', () => {
  it('text AP: works with no credential and verifies under EF 0007 DF51', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    const challenge = h('01 23 45 67 89 AB CD EF 10 32 54 76 98 BA DC FE');
    const signature = await ok(card, sign(0x00, 0x00, cat(SHA256_DI_PREFIX, await sha256(challenge))));
    expect(signature.length).toBe(256);
    // Now read the key (EF 0007 needs a credential).
    await ok(card, verifyApdu(0x95, CODE_B));
    const ef7 = await ok(card, '00 B0 87 00 00 00 00');
    const outer = parseTlv(ef7);
    expect(outer.tag).toBe(0xff50);
    const key = rsaKeyDo(child(outer.value, 0xdf51).value);
    expect(await verifySha256(key, signature, challenge)).toBe(true);
    expect(await verifySha256(key, signature, h('00 23 45 67 89 AB CD EF 10 32 54 76 98 BA DC FE'))).toBe(false);
  });

  it('券面AP: works with no credential and verifies under EF 0002 DF24', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    const challenge = h('FE DC BA 98 76 54 32 10 EF CD AB 89 67 45 23 01');
    const signature = await ok(card, sign(0x00, 0x00, cat(SHA256_DI_PREFIX, await sha256(challenge))));
    await ok(card, verifyApdu(0x92, CODE_B));
    const ef2 = await ok(card, '00 B0 82 00 00 00 00');
    const key = rsaKeyDo(child(parseTlv(ef2).value, 0xdf24).value);
    expect(await verifySha256(key, signature, challenge)).toBe(true);
  });

  it('the text and 券面 card keys differ (a signature from one AP does not verify under the other)', async () => {
    const card = simulatedCardFor(model);
    const challenge = h('AA BB CC DD EE FF 00 11 22 33 44 55 66 77 88 99');
    const di = cat(SHA256_DI_PREFIX, await sha256(challenge));
    await ok(card, SELECT.text);
    const fromText = await ok(card, sign(0x00, 0x00, di));
    await ok(card, SELECT.face);
    const fromFace = await ok(card, sign(0x00, 0x00, di));
    await ok(card, verifyApdu(0x92, CODE_B));
    const faceKey = rsaKeyDo(child(parseTlv(await ok(card, '00 B0 82 00 00 00 00')).value, 0xdf24).value);
    expect(await verifySha256(faceKey, fromFace, challenge)).toBe(true);
    expect(await verifySha256(faceKey, fromText, challenge)).toBe(false);
  });

  it('the 券面 APs accept only P1 00 (no JPKI hashing schemes)', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    expect(await sw(card, sign(0x02, 0x00, new Uint8Array(32)))).toBe(0x6a86);
    expect(await sw(card, sign(0x03, 0x00, MESSAGE))).toBe(0x6a86);
  });

  it('80 2A 00 00 with no DF selected is refused', async () => {
    const card = simulatedCardFor(model);
    expect(await sw(card, sign(0x00, 0x00, cat(SHA256_DI_PREFIX, new Uint8Array(32))))).not.toBe(0x9000);
  });
});

describe('GET CHALLENGE 00 84 (spec §2.9)', () => {
  it('short Le gives exactly Le bytes; Le 00 gives 256', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.text);
    expect((await ok(card, '00 84 00 00 08')).length).toBe(8);
    expect((await ok(card, '00 84 00 00 10')).length).toBe(16);
    expect((await ok(card, '00 84 00 00 00')).length).toBe(256);
  });

  it('successive challenges differ', async () => {
    const card = simulatedCardFor(model);
    const a = await ok(card, '00 84 00 00 10');
    const b = await ok(card, '00 84 00 00 10');
    expect(hex(a)).not.toBe(hex(b));
  });

  it('extended Le answers 6985', async () => {
    const card = simulatedCardFor(model);
    expect(await sw(card, '00 84 00 00 00 00 10')).toBe(0x6985);
    expect(await sw(card, '00 84 00 00 00 00 00')).toBe(0x6985);
  });
});

describe('INTERNAL AUTHENTICATE 00 88 (spec §2.7, §2.9)', () => {
  const CHALLENGE = '00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF';

  it('DF …0100 EF 0019 answers without a PIN with a 256-byte signature', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    const r = await tx(card, `00 88 00 99 10 ${CHALLENGE} 00`);
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBe(256);
    // Deterministic for the same challenge, different for another (RSA PKCS#1 v1.5).
    expect(hex(await ok(card, `00 88 00 99 10 ${CHALLENGE} 00`))).toBe(hex(r.data));
    expect(hex(await ok(card, `00 88 00 99 10 ${CHALLENGE.replace(/^00/, '01')} 00`))).not.toBe(hex(r.data));
  });

  it('the 券面 APs refuse INTERNAL AUTHENTICATE with 6985', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.face);
    expect(await sw(card, `00 88 00 80 10 ${CHALLENGE} 00`)).toBe(0x6985);
    expect(await sw(card, `00 88 00 99 10 ${CHALLENGE} 00`)).toBe(0x6985);
    await ok(card, SELECT.text);
    expect(await sw(card, `00 88 00 80 10 ${CHALLENGE} 00`)).toBe(0x6985);
  });

  it('in DF …0100 only EF 0019 answers', async () => {
    const card = simulatedCardFor(model);
    await ok(card, SELECT.common);
    expect(await sw(card, `00 88 00 9C 10 ${CHALLENGE} 00`)).not.toBe(0x9000);
  });
});
