/**
 * Standardized domain parameters of 9303-11 §9.5.1 Table 12 that Kazasu supports, and the group
 * arithmetic PACE and Chip Authentication need: ECDH over NIST P-256/384/521 and brainpool
 * P256r1/P384r1/P512r1 (`@noble/curves`: point addition, s·G + H), and DH over the RFC 5114
 * MODP groups (ids 0–2; p, g, q as in RFC 5114 §2.1–2.3, the same values OpenSSL's dh_rfc5114
 * groups carry, and 9303-11 G.2 prints for id 0). Ids 8–11 and 14 (192/224/320-bit curves) are
 * not supported: PACE then falls back as 9303-11 §4.2 allows.
 */
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { PassportError } from './passport-error';

type NobleCurve = typeof p256;
export type EcPoint = ReturnType<NobleCurve['Point']['fromBytes']>;

export interface EcGroup {
  readonly kind: 'ec';
  readonly id: number;
  readonly name: string;
  readonly curve: NobleCurve;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly h: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  /** Bytes of a field element (x coordinate, shared secret). */
  readonly fieldLength: number;
  /** Bytes of a scalar modulo n. */
  readonly orderLength: number;
}

export interface DhGroup {
  readonly kind: 'dh';
  readonly id: number;
  readonly name: string;
  readonly p: bigint;
  readonly g: bigint;
  readonly q: bigint;
  readonly pLength: number;
  readonly qLength: number;
}

export type PaceGroup = EcGroup | DhGroup;

function ec(id: number, name: string, curve: NobleCurve): EcGroup {
  const c = curve.Point.CURVE();
  const bytes = (x: bigint) => Math.ceil(x.toString(16).length / 2);
  return { kind: 'ec', id, name, curve, p: c.p, a: c.a, b: c.b, n: c.n, h: c.h, gx: c.Gx, gy: c.Gy, fieldLength: bytes(c.p), orderLength: bytes(c.n) };
}

function dh(id: number, name: string, p: string, g: string, q: string): DhGroup {
  const P = BigInt('0x' + p);
  const Q = BigInt('0x' + q);
  return { kind: 'dh', id, name, p: P, g: BigInt('0x' + g), q: Q, pLength: p.length / 2, qLength: q.length / 2 };
}

const RFC5114_1024_160 = dh(
  0,
  'RFC 5114 1024-bit MODP, 160-bit subgroup',
  'B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371',
  'A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5',
  'F518AA8781A8DF278ABA4E7D64B7CB9D49462353',
);
const RFC5114_2048_224 = dh(
  1,
  'RFC 5114 2048-bit MODP, 224-bit subgroup',
  'AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C407BA1DF15EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0B6C12207C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602E714415D9330278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387315D75E198C641A480CD86A1B9E587E8BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29E3FB73C16B8E75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE0C10E64F',
  'AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01A70C4AFAAB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0521BC98AE247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E3025E316A330EFBB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD7B5A0F1C71CFFF4C19C418E1F6EC017981BC087F2A7065B384B890D3191F2BFA',
  '801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB',
);
const RFC5114_2048_256 = dh(
  2,
  'RFC 5114 2048-bit MODP, 256-bit subgroup',
  '87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA3016C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0EF13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597',
  '3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659',
  '8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3',
);

const GROUPS: ReadonlyMap<number, PaceGroup> = new Map<number, PaceGroup>([
  [0, RFC5114_1024_160],
  [1, RFC5114_2048_224],
  [2, RFC5114_2048_256],
  [12, ec(12, 'NIST P-256', p256)],
  [13, ec(13, 'brainpoolP256r1', brainpoolP256r1 as unknown as NobleCurve)],
  [15, ec(15, 'NIST P-384', p384 as unknown as NobleCurve)],
  [16, ec(16, 'brainpoolP384r1', brainpoolP384r1 as unknown as NobleCurve)],
  [17, ec(17, 'brainpoolP512r1', brainpoolP512r1 as unknown as NobleCurve)],
  [18, ec(18, 'NIST P-521', p521 as unknown as NobleCurve)],
]);

/** Table 12 names of ids Kazasu knows but cannot use. */
const UNSUPPORTED: ReadonlyMap<number, string> = new Map([
  [8, 'NIST P-192'],
  [9, 'brainpoolP192r1'],
  [10, 'NIST P-224'],
  [11, 'brainpoolP224r1'],
  [14, 'brainpoolP320r1'],
]);

export function standardizedGroup(id: number): PaceGroup {
  const g = GROUPS.get(id);
  if (g) return g;
  const name = UNSUPPORTED.get(id);
  throw new PassportError('pace-unsupported', name ? `domain parameters ${id} (${name}) are not supported` : `unknown standardized domain parameter id ${id}`);
}

export function isSupportedGroup(id: number): boolean {
  return GROUPS.has(id);
}

/** Finds the supported curve with exactly these parameters (explicit parameters in DG14 / EF.CardSecurity). */
export function ecGroupByParameters(p: bigint, a: bigint, b: bigint, gx: bigint, gy: bigint, n: bigint): EcGroup | undefined {
  for (const g of GROUPS.values()) {
    if (g.kind === 'ec' && g.p === p && g.a === a && g.b === b && g.gx === gx && g.gy === gy && g.n === n) return g;
  }
  return undefined;
}

export function dhGroupByParameters(p: bigint, g: bigint, q?: bigint): DhGroup | undefined {
  for (const x of GROUPS.values()) {
    if (x.kind === 'dh' && x.p === p && x.g === g && (q === undefined || x.q === q)) return x;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Integer helpers

export function bytesToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
}

/** Fixed-length big-endian encoding (FE2OS / I2OS with length), throws when it does not fit. */
export function bigintToBytes(x: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = x;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new PassportError('pace-protocol-error', 'integer does not fit its encoding');
  return out;
}

/** Minimal unsigned encoding (9303-11 §9.4.1: no leading 00). */
export function bigintToMinimalBytes(x: bigint): Uint8Array {
  if (x === 0n) return Uint8Array.of(0);
  const hex = x.toString(16);
  return bigintToBytes(x, Math.ceil(hex.length / 2));
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new PassportError('pace-protocol-error', 'value has no inverse');
  return ((oldS % m) + m) % m;
}
