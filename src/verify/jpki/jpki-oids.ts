/** Object identifiers the JPKI verifier looks at (RFC 5280 §4.2, spec §4.4–§4.5). */

export type JpkiPurpose = 'sign' | 'auth';

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/**
 * Extensions whose meaning this verifier knows. RFC 5280 §4.2: a certificate with a critical
 * extension outside this set must be rejected. certificatePolicies is in it because J-LIS
 * (profile v3.2, as cited by the simulator) marks it critical.
 */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  EXT.subjectKeyIdentifier,
  EXT.keyUsage,
  EXT.subjectAltName,
  EXT.issuerAltName,
  EXT.basicConstraints,
  EXT.crlDistributionPoints,
  EXT.certificatePolicies,
  EXT.authorityKeyIdentifier,
  EXT.extKeyUsage,
  EXT.authorityInfoAccess,
]);

export const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
export const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** PKCS#1 v1.5 signature algorithms → WebCrypto hash. JPKI uses sha256WithRSAEncryption (§4.4). */
export const RSA_PKCS1_SIGNATURE_HASH: Readonly<Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

/** The JPKI certificate-policy arc (spec §4.4). */
export const JPKI_POLICY_ARC = '1.2.392.200149.8.5.1';

/**
 * Policy arcs a leaf must carry one policy under, per purpose (spec §4.4): 署名用
 * `…1.1.x` (card: `.1.1.20`), the J-LIS test hierarchy's `…1.0.x` (`.1.0.20`), 利用者証明用
 * `…1.3.x` (`.3.30`). The smartphone policies (e.g. `…1.1.40`) fall under the same arcs but are
 * UNCONFIRMED, so callers can narrow or widen this set.
 */
export type JpkiPolicyArcs = Readonly<Record<JpkiPurpose, readonly string[]>>;

export const DEFAULT_JPKI_POLICY_ARCS: JpkiPolicyArcs = {
  sign: [`${JPKI_POLICY_ARC}.1`, `${JPKI_POLICY_ARC}.0`],
  auth: [`${JPKI_POLICY_ARC}.3`],
};

/** 署名用 subjectAltName otherName types (spec §4.5; MYNA and a real dump agree .5 = address). */
export const JPKI_SAN_OID = {
  name: '1.2.392.200149.8.5.5.1',
  nameSubstitution: '1.2.392.200149.8.5.5.2',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
  addressSubstitution: '1.2.392.200149.8.5.5.6',
} as const;
