/**
 * Elliptic-curve domain parameters as eMRTDs carry them: usually EXPLICIT (every EC DSC in
 * shared/testdata/emrtd spells out p, a, b, G, n, h — TR-03111 §4.1.1 allows it), sometimes as a
 * named-curve OID. A curve is named only when all of p, a, b, G and n match a known curve, so
 * crafted parameters never borrow a trusted name.
 *
 * Known curves: NIST P-256/384/521 (FIPS 186-4, via @noble/curves/nist), brainpoolP256r1/384r1/
 * 512r1 (RFC 5639, via @noble/curves/misc) and brainpoolP224r1 (RFC 5639 §3.2, constants below;
 * the BSI TR-03105-5 reference DG14 uses it for chip authentication).
 */
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';

export type CurveName = 'P-256' | 'P-384' | 'P-521' | 'brainpoolP224r1' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

export interface EcDomain {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly n: bigint;
  readonly h: bigint;
}

interface KnownCurve {
  readonly name: CurveName;
  readonly oid: string;
  readonly domain: EcDomain;
}

const fromNoble = (c: { Point: { CURVE(): { p: bigint; a: bigint; b: bigint; Gx: bigint; Gy: bigint; n: bigint; h: bigint } } }): EcDomain => {
  const k = c.Point.CURVE();
  return { p: k.p, a: k.a, b: k.b, gx: k.Gx, gy: k.Gy, n: k.n, h: k.h };
};

/** RFC 5639 §3.2 brainpoolP224r1. */
const BRAINPOOL_P224R1: EcDomain = {
  p: 0xd7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ffn,
  a: 0x68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43n,
  b: 0x2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400bn,
  gx: 0x0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07dn,
  gy: 0x58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cdn,
  n: 0xd7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939fn,
  h: 1n,
};

let known: readonly KnownCurve[] | undefined;

export function knownCurves(): readonly KnownCurve[] {
  known ??= [
    { name: 'P-256', oid: '1.2.840.10045.3.1.7', domain: fromNoble(p256) },
    { name: 'P-384', oid: '1.3.132.0.34', domain: fromNoble(p384) },
    { name: 'P-521', oid: '1.3.132.0.35', domain: fromNoble(p521) },
    { name: 'brainpoolP224r1', oid: '1.3.36.3.3.2.8.1.1.5', domain: BRAINPOOL_P224R1 },
    { name: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', domain: fromNoble(brainpoolP256r1) },
    { name: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', domain: fromNoble(brainpoolP384r1) },
    { name: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', domain: fromNoble(brainpoolP512r1) },
  ];
  return known;
}

/**
 * Standardized domain parameter ids (9303-11 §9.5.1 Table 30; TR-03110-3 A.2.1.1) of the curves
 * known here: 11 brainpoolP224r1, 12 P-256, 13 brainpoolP256r1, 15 P-384, 16 brainpoolP384r1,
 * 17 brainpoolP512r1, 18 P-521. (0–2 are DH groups, 8–10 and 14 curves not supported here.)
 */
export const STANDARDIZED_CURVE_IDS: Readonly<Record<number, CurveName>> = {
  11: 'brainpoolP224r1',
  12: 'P-256',
  13: 'brainpoolP256r1',
  15: 'P-384',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'P-521',
};

export function curveByOid(oid: string): KnownCurve | undefined {
  return knownCurves().find((c) => c.oid === oid);
}

export function curveByName(name: CurveName): KnownCurve {
  return knownCurves().find((c) => c.name === name)!;
}

/** The known curve with exactly these parameters (the cofactor may be omitted, meaning 1). */
export function nameOfDomain(d: EcDomain): CurveName | undefined {
  return knownCurves().find((c) => {
    const k = c.domain;
    return k.p === d.p && k.a === d.a && k.b === d.b && k.gx === d.gx && k.gy === d.gy && k.n === d.n && k.h === d.h;
  })?.name;
}

/** Bytes of a field element of this curve (⌈log2 p / 8⌉). */
export function fieldBytes(d: EcDomain): number {
  return Math.ceil(d.p.toString(2).length / 8);
}

/** Bytes of a scalar mod n. */
export function orderBytes(d: EcDomain): number {
  return Math.ceil(d.n.toString(2).length / 8);
}
