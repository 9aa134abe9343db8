/**
 * Test-local helpers for tests/verify-card. Expected values never come from the code under test:
 * signatures for forgeries are made with node:crypto from the simulator's published test keys,
 * the raw RSA operation is node:crypto's (RSA_NO_PADDING), and digests are node:crypto SHA-256.
 */
import { constants, createHash, createPrivateKey, createPublicKey, privateEncrypt, publicDecrypt, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { MyNumberLegalBasis } from '../../src/cards/mynumber/legal-basis';
import type {
  AgeRecord,
  BasicFour,
  CardFaceRecord,
  CvCertificate,
  IntegrityRecord,
  MyNumberFile,
  MyNumberImage,
  SignedPublicKey,
} from '../../src/cards/mynumber/records';
import { buildSimCard } from '../../src/node/sim-loader';
import type { CardModel } from '../../src/sim/card/card-model';
import { simulatedCardFor, type BuiltCard } from '../../src/sim/mynumber/build-card';
import { namedProfile } from '../../src/sim/mynumber/profiles';
import { birthDateKeyFor, codeBFor } from '../../src/sim/mynumber/sim-credentials';
import { SIM_CV_CA_KEY_IDS } from '../../src/sim/pki/cv-certificate';
import { simKey, type SimKeyPair } from '../../src/sim/pki/sim-keys';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { CvCaKey, TrustStore } from '../../src/verify/trust/trust-anchors';

export const LEGAL_BASIS: MyNumberLegalBasis = { kind: 'my-number-act', purpose: 'test: 番号法 business' };

export async function buildNamed(id: string): Promise<BuiltCard> {
  const profile = namedProfile(id);
  if (!profile) throw new Error(`no profile ${id}`);
  return buildSimCard(profile);
}

/** A fresh card session over the simulated reader. */
export async function openCard(model: CardModel): Promise<MyNumberCard> {
  const transport = new SimulatedTransport(simulatedCardFor(model));
  await transport.connect();
  return new MyNumberCard(transport);
}

export interface CardRecords {
  textCv: CvCertificate;
  integrity: IntegrityRecord;
  basicFour: BasicFour;
  myNumberFile: MyNumberFile;
  signedKey: SignedPublicKey;
  faceCv: CvCertificate;
  cardFace: CardFaceRecord;
  age: AgeRecord;
  myNumberImage: MyNumberImage;
}

/** Read every record the verifier checks, unlocking with the card's own 照合番号/keys. */
export async function readAllRecords(built: BuiltCard, model: CardModel = built.model): Promise<CardRecords> {
  const p = built.profile;
  const mnc = await openCard(model);
  try {
    await mnc.text.verify('codeB', codeBFor(p));
    const basicFour = await mnc.text.readBasicFour();
    const integrity = await mnc.text.readIntegrityRecord();
    const signedKey = await mnc.text.readSignedPublicKey();
    const textCv = await mnc.text.readCvCertificate();
    await mnc.text.verify('codeA', p.person.myNumber, { legalBasis: LEGAL_BASIS });
    const myNumberFile = await mnc.text.readMyNumber(LEGAL_BASIS);
    await mnc.face.verify('codeA', p.person.myNumber, { legalBasis: LEGAL_BASIS });
    const cardFace = await mnc.face.readCardFace();
    const myNumberImage = await mnc.face.readMyNumberImage(LEGAL_BASIS);
    const faceCv = await mnc.face.readCvCertificate();
    await mnc.face.verify('birthDate', birthDateKeyFor(p));
    const age = await mnc.face.readAgeRecord();
    return { textCv, integrity, basicFour, myNumberFile, signedKey, faceCv, cardFace, age, myNumberImage };
  } finally {
    mnc.close();
  }
}

// ------------------------------------------------------------------------- trust stores

function simCaKey(id: Uint8Array, name: string, key: SimKeyPair): CvCaKey {
  return { keyId: id, name, hierarchy: 'simulator', provenance: 'kazasu-simulator', modulus: key.modulus, exponent: key.exponent };
}

export function simulatorCvCaKeys(): CvCaKey[] {
  return [simCaKey(SIM_CV_CA_KEY_IDS.text, '9000033/001', simKey('cv-ca-text')), simCaKey(SIM_CV_CA_KEY_IDS.face, '9000023/001', simKey('cv-ca-face'))];
}

export function simulatorTrust(): TrustStore {
  return { mode: 'simulator', cvCaKeys: simulatorCvCaKeys(), x509Anchors: [] };
}

// The project's committed copy of the shared trust data (fingerprint-checked in tests/verify-trust).
export const CA_KEYS_JSON = new URL('../../src/verify/trust/data/card-face-ca-keys.json', import.meta.url);

export interface CaKeyJsonEntry {
  issuerKeyIdHex: string;
  name: string;
  hierarchy: string;
  role: string;
  modulusHex: string;
  exponentHex: string;
}

export function caKeyJson(): CaKeyJsonEntry[] {
  return JSON.parse(readFileSync(CA_KEYS_JSON, 'utf8')) as CaKeyJsonEntry[];
}

/** Production TrustStore built here from the shared JSON with Buffer hex decoding. */
export function productionTrust(): TrustStore {
  const cvCaKeys: CvCaKey[] = caKeyJson()
    .filter((e) => e.hierarchy === 'production')
    .map((e) => ({
      keyId: new Uint8Array(Buffer.from(e.issuerKeyIdHex, 'hex')),
      name: e.name,
      hierarchy: 'production',
      provenance: 'community-observed (soltia48/myna-card)',
      modulus: new Uint8Array(Buffer.from(e.modulusHex, 'hex')),
      exponent: new Uint8Array(Buffer.from(e.exponentHex, 'hex')),
    }));
  return { mode: 'production', cvCaKeys, x509Anchors: [] };
}

// ------------------------------------------------------------------------- independent crypto

/** RSASSA-PKCS1-v1_5 / SHA-256 by node:crypto. */
export function nodeSign(key: SimKeyPair, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', data, createPrivateKey({ key: key.privateJwk as never, format: 'jwk' })));
}

/** s^e mod n by node:crypto (no padding removal). */
export function nodeRawPublic(key: SimKeyPair, signature: Uint8Array): Uint8Array {
  const pub = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
  return new Uint8Array(publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, signature));
}

/** PKCS#1 v1.5 type-1 padding around `payload`, signed raw by node:crypto (private "decrypt" of the block). */
export function nodeSignRawBlock(key: SimKeyPair, payload: Uint8Array): Uint8Array {
  const k = key.modulus.length;
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - payload.length - 1] = 0x00;
  em.set(payload, k - payload.length);
  const priv = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  // privateEncrypt without padding is the raw operation m^d mod n.
  return new Uint8Array(privateEncrypt({ key: priv, padding: constants.RSA_NO_PADDING }, em));
}

export function nodeSha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

// ------------------------------------------------------------------------- byte surgery

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Copy of `raw` with the first occurrence of `from` (UTF-8) replaced by `to` (same byte length). */
export function replaceText(raw: Uint8Array, from: string, to: string): Uint8Array {
  const a = new TextEncoder().encode(from);
  const b = new TextEncoder().encode(to);
  if (a.length !== b.length) throw new Error('replacement must keep the byte length');
  const at = indexOfBytes(raw, a);
  if (at < 0) throw new Error(`"${from}" not found`);
  const out = raw.slice();
  out.set(b, at);
  return out;
}

/** Offset of a view within the buffer it views (records' fields are views into `raw`). */
export function offsetIn(raw: Uint8Array, view: Uint8Array): number {
  if (view.buffer !== raw.buffer) throw new Error('not a view of raw');
  return view.byteOffset - raw.byteOffset;
}

/** Copy of `raw` with `view`'s bytes (a field of a parsed record) replaced. */
export function replaceField(raw: Uint8Array, view: Uint8Array, bytes: Uint8Array): Uint8Array {
  if (bytes.length !== view.length) throw new Error('field length must not change');
  const out = raw.slice();
  out.set(bytes, offsetIn(raw, view));
  return out;
}

/** Copy of `raw` with one byte of `view` XOR-ed with `mask`. */
export function flipInField(raw: Uint8Array, view: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = raw.slice();
  out[offsetIn(raw, view) + index]! ^= mask;
  return out;
}
