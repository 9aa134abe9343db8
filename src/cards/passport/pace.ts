/**
 * PACE (9303-11 §4.4): MSE:Set AT, then four chained GENERAL AUTHENTICATE steps — encrypted
 * nonce, mapping (GM / IM / CAM), key agreement, authentication tokens — and secure messaging
 * with SSC 0. Password: the MRZ (K = SHA-1(MRZ_information)) or the CAN (its ASCII digits);
 * K_π = KDF(K, 3) (§9.7.3).
 *
 * Failures are classified so the caller can tell what it may do next:
 * - `pace-refused-parameters` (MSE:Set AT answered 6A80 / 6A88): PACE never started, no
 *   password was used; falling back to BAC is allowed (§4.2).
 * - `pace-wrong-password` (6300 to the token step, or the chip's token check failing because
 *   our K_π was wrong): never retried automatically, never followed by BAC.
 * - `pace-chip-token-invalid`, `pace-bad-chip-key`, `pace-protocol-error`: the chip misbehaved
 *   mid-protocol; no fallback.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes } from '../../bytes/byte-ops';
import { aesCbcDecrypt, aesCmac8, aesEncryptBlock } from '../secure-messaging/icao-aes';
import { retailMac, tdesCbcDecrypt } from '../secure-messaging/icao-des';
import { cipherBlockSize, icaoKdf, KDF_ENC, KDF_MAC, KDF_PI, type IcaoCipher } from '../secure-messaging/icao-kdf';
import { padIso9797m2, unpadIso9797m2 } from '../secure-messaging/icao-padding';
import { IcaoSecureMessaging } from '../secure-messaging/icao-secure-messaging';
import { tlv } from '../secure-messaging/icao-sm-objects';
import type { CanKey } from './can';
import { bytesToBigint, modPow, standardizedGroup, type PaceGroup } from './domain-parameters';
import { buildGaData, GaDataError, parseGaData } from './ga-data';
import { agree, baseGenerator, decodeDhPublic, decodeEcPoint, publicKeyOf, randomPrivateKey, type Generator } from './key-agreement';
import type { MrzKey } from './mrz-key';
import { encodeOidValue, type PaceAlgorithm } from './oids';
import { genericMapDh, genericMapEc, integratedMapDh, integratedMapEc, integratedNonceLength } from './pace-mapping';
import type { PassportChannel } from './passport-channel';
import { PassportError } from './passport-error';
import type { RandomSource } from './random-source';
import type { PaceInfo } from './security-infos';

export type PacePassword = MrzKey | CanKey;

/** What PACE-CAM leaves for the verifier (9303-11 §4.4.3.5.2), checked after Passive Authentication. */
export interface PaceCamEvidence {
  readonly group: PaceGroup;
  /** PK_map,IC as received in GA step 2 (uncompressed point). */
  readonly chipMappingKey: Uint8Array;
  /** CA_IC decrypted from DO'8A' (FE2OS, length of the group order). */
  readonly chipAuthenticationData: Uint8Array;
  /** Key id of the chip key to use (PACEInfo parameterId = ChipAuthenticationPublicKeyInfo keyId). */
  readonly keyId?: number;
}

export interface PaceResult {
  readonly sm: IcaoSecureMessaging;
  readonly algorithm: PaceAlgorithm;
  readonly group: PaceGroup;
  readonly password: 'mrz' | 'can';
  readonly cam?: PaceCamEvidence;
  /** 63Cx answer to MSE:Set AT (TR-03110-style retry counter), when a chip gave one. */
  readonly triesLeftWarning?: number;
}

/** K = f(π) of Table 14 (§9.7.3). */
function passwordEncoding(password: PacePassword): Uint8Array {
  return password.kind === 'mrz' ? sha1(password.information) : password.value.slice();
}

export function passwordKey(password: PacePassword, cipher: IcaoCipher): Uint8Array {
  const k = passwordEncoding(password);
  try {
    return icaoKdf(k, KDF_PI, cipher);
  } finally {
    k.fill(0);
  }
}

function decryptNonce(cipher: IcaoCipher, kPi: Uint8Array, z: Uint8Array): Uint8Array {
  if (z.length === 0 || z.length % cipherBlockSize(cipher) !== 0) throw new PassportError('pace-protocol-error', `encrypted nonce of ${z.length} bytes`);
  return cipher === '3des' ? tdesCbcDecrypt(kPi, new Uint8Array(8), z) : aesCbcDecrypt(kPi, new Uint8Array(16), z);
}

/** Authentication token (§4.4.3.4): MAC over 7F49 { 06 OID, 86 point | 84 y }. */
export function authenticationToken(cipher: IcaoCipher, ksMac: Uint8Array, oid: string, group: PaceGroup, publicKey: Uint8Array): Uint8Array {
  const data = tlv2(0x7f49, concatBytes(tlv(0x06, encodeOidValue(oid)), tlv(group.kind === 'ec' ? 0x86 : 0x84, publicKey)));
  return cipher === '3des' ? retailMac(ksMac, padIso9797m2(data, 8)) : aesCmac8(ksMac, data);
}

function tlv2(tag: number, value: Uint8Array): Uint8Array {
  const one = tlv(0x00, value);
  const out = new Uint8Array(one.length + 1);
  out[0] = tag >> 8;
  out[1] = tag & 0xff;
  out.set(one.subarray(1), 2);
  return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  let d = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export interface PaceOptions {
  readonly random: RandomSource;
  /** Send DO'84' (domain parameter id) in MSE:Set AT; needed when EF.CardAccess offers several. */
  readonly sendParameterId: boolean;
}

export async function performPace(channel: PassportChannel, info: PaceInfo, password: PacePassword, options: PaceOptions): Promise<PaceResult> {
  const algorithm = info.algorithm;
  if (!algorithm || info.version !== 2) throw new PassportError('pace-unsupported', `PACE protocol ${info.protocol} version ${info.version} is not supported`);
  if (info.parameterId === undefined) throw new PassportError('pace-unsupported', 'PACEInfo without a standardized domain parameter id (explicit parameters are not used, §9.2.2)');
  const group = standardizedGroup(info.parameterId);
  if ((group.kind === 'ec') !== (algorithm.agreement === 'ecdh')) throw new PassportError('pace-unsupported', 'PACE OID and domain parameters disagree');
  const { cipher } = algorithm;
  const secrets: Uint8Array[] = [];
  const scalars: bigint[] = [];
  try {
    // 1. MSE:Set AT (§4.4.4.1)
    const setAt = [tlv(0x80, encodeOidValue(algorithm.oid)), tlv(0x83, Uint8Array.of(password.kind === 'mrz' ? 0x01 : 0x02))];
    if (options.sendParameterId) setAt.push(tlv(0x84, Uint8Array.of(info.parameterId)));
    const mse = await channel.send({ cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: concatBytes(...setAt) });
    let triesLeftWarning: number | undefined;
    if ((mse.sw & 0xfff0) === 0x63c0) {
      triesLeftWarning = mse.sw & 0x0f;
      if (triesLeftWarning === 0) throw new PassportError('pace-password-blocked', 'the chip reports the password as blocked (63C0)', { sw: mse.sw });
    } else if (mse.sw === 0x6a80 || mse.sw === 0x6a88 || mse.sw === 0x6a86 || mse.sw === 0x6d00 || mse.sw === 0x6e00) {
      throw new PassportError('pace-refused-parameters', `MSE:Set AT refused (${hex(mse.sw)})`, { sw: mse.sw });
    } else if (mse.sw !== 0x9000) {
      throw new PassportError('pace-refused-parameters', `MSE:Set AT answered ${hex(mse.sw)}`, { sw: mse.sw });
    }

    // 2. Encrypted nonce
    const kPi = passwordKey(password, cipher);
    secrets.push(kPi);
    const ga1 = await ga(channel, true, [], [0x80]);
    const z = ga1.get(0x80);
    if (!z) throw new PassportError('pace-protocol-error', 'no encrypted nonce (80)');
    const s = decryptNonce(cipher, kPi, z);
    secrets.push(s);

    // 3. Mapping
    let generator: Generator;
    let chipMappingKey: Uint8Array | undefined;
    if (algorithm.mapping === 'im') {
      const t = options.random(integratedNonceLength(cipher));
      secrets.push(t);
      const ga2 = await ga(channel, true, [[0x81, t]], [0x82]);
      const m = ga2.get(0x82);
      if (m === undefined || m.length !== 0) throw new PassportError('pace-protocol-error', 'Integrated Mapping answer must carry an empty 82');
      generator = group.kind === 'ec' ? integratedMapEc(group, cipher, s, t) : integratedMapDh(group, cipher, s, t);
    } else {
      const skMap = randomPrivateKey(group, options.random);
      scalars.push(skMap);
      const pkMap = publicKeyOf(group, baseGenerator(group), skMap);
      const ga2 = await ga(channel, true, [[0x81, pkMap]], [0x82]);
      const pkMapIc = ga2.get(0x82);
      if (!pkMapIc) throw new PassportError('pace-protocol-error', 'no mapping data (82)');
      if (equal(pkMapIc, pkMap)) throw new PassportError('pace-bad-chip-key', 'the chip echoed our mapping key');
      chipMappingKey = pkMapIc;
      if (group.kind === 'ec') {
        const h = decodeEcPoint(group, pkMapIc).multiply(skMap);
        if (h.is0()) throw new PassportError('pace-bad-chip-key', 'H is the point at infinity');
        generator = genericMapEc(group, s, h);
      } else {
        const y = decodeDhPublic(group, pkMapIc);
        generator = genericMapDh(group, s, modPow(y, skMap, group.p));
      }
    }

    // 4. Key agreement on the mapped generator
    const skDh = randomPrivateKey(group, options.random);
    scalars.push(skDh);
    const pkDhIfd = publicKeyOf(group, generator, skDh);
    const ga3 = await ga(channel, true, [[0x83, pkDhIfd]], [0x84]);
    const pkDhIc = ga3.get(0x84);
    if (!pkDhIc) throw new PassportError('pace-protocol-error', 'no ephemeral public key (84)');
    if (equal(pkDhIc, pkDhIfd)) throw new PassportError('pace-bad-chip-key', 'PK_DH,IC equals PK_DH,IFD (§4.4.1 step 3)');
    const shared = agreeMapped(group, generator, skDh, pkDhIc);
    secrets.push(shared);
    const ksEnc = icaoKdf(shared, KDF_ENC, cipher);
    const ksMac = icaoKdf(shared, KDF_MAC, cipher);
    secrets.push(ksEnc, ksMac);

    // 5. Tokens
    const tIfd = authenticationToken(cipher, ksMac, algorithm.oid, group, pkDhIc);
    const res = await channel.send({ cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: buildGaData([[0x85, tIfd]]), le: 256 });
    if (res.sw === 0x6300 || (res.sw & 0xfff0) === 0x63c0) {
      throw new PassportError('pace-wrong-password', 'the chip rejected our authentication token: the MRZ data or CAN is wrong', { sw: res.sw });
    }
    if (res.sw !== 0x9000) throw new PassportError('pace-protocol-error', `GENERAL AUTHENTICATE (tokens) answered ${hex(res.sw)}`, { sw: res.sw });
    const ga4 = parseStep(res.data, [0x86, 0x87, 0x88, 0x8a]);
    const tIc = ga4.get(0x86);
    if (!tIc || !equal(tIc, authenticationToken(cipher, ksMac, algorithm.oid, group, pkDhIfd))) {
      throw new PassportError('pace-chip-token-invalid', 'the chip\'s authentication token T_IC is wrong');
    }
    let cam: PaceCamEvidence | undefined;
    if (algorithm.mapping === 'cam') {
      const aIc = ga4.get(0x8a);
      if (!aIc || group.kind !== 'ec' || !chipMappingKey) throw new PassportError('pace-protocol-error', 'PACE-CAM answer without encrypted chip authentication data (8A)');
      cam = { group, chipMappingKey, chipAuthenticationData: decryptCamData(ksEnc, aIc, group.orderLength), ...(info.parameterId !== undefined ? { keyId: info.parameterId } : {}) };
    } else if (ga4.has(0x8a)) {
      throw new PassportError('pace-protocol-error', 'encrypted chip authentication data outside PACE-CAM (§4.4.5)');
    }
    const sm = new IcaoSecureMessaging({ cipher, ksEnc, ksMac, ssc: new Uint8Array(cipherBlockSize(cipher)) });
    return { sm, algorithm, group, password: password.kind, ...(cam ? { cam } : {}), ...(triesLeftWarning !== undefined ? { triesLeftWarning } : {}) };
  } finally {
    for (const x of secrets) x.fill(0);
    scalars.length = 0;
  }
}

function agreeMapped(group: PaceGroup, generator: Generator, sk: bigint, peer: Uint8Array): Uint8Array {
  if (group.kind === 'ec') return agree(group, sk, peer);
  // DH on the mapped generator: same group and subgroup order, so the usual validation applies.
  void generator;
  return agree(group, sk, peer);
}

/** DO'8A' (§4.4.3.5): AES-CBC with IV = E(KS_enc, −1), padding method 2, CA_IC as FE2OS. */
export function decryptCamData(ksEnc: Uint8Array, aIc: Uint8Array, orderLength: number): Uint8Array {
  if (aIc.length === 0 || aIc.length % 16 !== 0) throw new PassportError('cam-invalid', `encrypted chip authentication data of ${aIc.length} bytes`);
  const iv = aesEncryptBlock(ksEnc, new Uint8Array(16).fill(0xff));
  const plain = aesCbcDecrypt(ksEnc, iv, aIc);
  let ca: Uint8Array;
  try {
    ca = unpadIso9797m2(plain, 16);
  } catch (e) {
    throw new PassportError('cam-invalid', 'chip authentication data is not padded correctly', { cause: e });
  } finally {
    plain.fill(0);
  }
  if (ca.length !== orderLength) throw new PassportError('cam-invalid', `chip authentication data of ${ca.length} bytes, expected ${orderLength}`);
  return ca;
}

/**
 * §4.4.3.5.2: PK_map,IC = KA(CA_IC, PK_IC, D_IC), i.e. CA_IC · PK_IC as a point equals the chip's
 * mapping key. `chipPublicKey` is PK_IC from EF.CardSecurity / DG14, whose authenticity Passive
 * Authentication must establish first.
 */
export function verifyPaceCam(evidence: PaceCamEvidence, chipPublicKey: Uint8Array): boolean {
  const { group } = evidence;
  if (group.kind !== 'ec') return false;
  const ca = bytesToBigint(evidence.chipAuthenticationData);
  if (ca <= 0n || ca >= group.n) return false;
  let pk;
  try {
    pk = decodeEcPoint(group, chipPublicKey, 'cam-invalid');
  } catch {
    return false;
  }
  const expected = pk.multiply(ca);
  return equal(expected.toBytes(false), evidence.chipMappingKey);
}

async function ga(channel: PassportChannel, chained: boolean, objects: ReadonlyArray<readonly [number, Uint8Array]>, allowed: number[]): Promise<Map<number, Uint8Array>> {
  const res = await channel.send({ cla: chained ? 0x10 : 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: buildGaData(objects), le: 256 });
  if (res.sw !== 0x9000) throw new PassportError('pace-protocol-error', `GENERAL AUTHENTICATE answered ${hex(res.sw)}`, { sw: res.sw });
  return parseStep(res.data, allowed);
}

function parseStep(data: Uint8Array, allowed: number[]): Map<number, Uint8Array> {
  try {
    return parseGaData(data, allowed);
  } catch (e) {
    if (e instanceof GaDataError) throw new PassportError('pace-protocol-error', `malformed GENERAL AUTHENTICATE answer: ${e.message}`, { cause: e, ...(e.offset !== undefined ? { offset: e.offset } : {}) });
    throw e;
  }
}

function hex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
