/**
 * Our own explicit checks of a JPKI leaf against the root chosen by signature, one function per
 * reason code so each broken certificate gets its own code (spec §4.4 profile; RFC 5280). Pure.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import type { ReasonCode } from '../check-catalogue';
import { decodeRsaPublicKey, type KeyUsageName } from './extension-values';
import { nameToString, type ParsedJpkiCertificate } from './jpki-certificate';
import { RSA_ENCRYPTION, UNDERSTOOD_EXTENSIONS, type JpkiPolicyArcs, type JpkiPurpose } from './jpki-oids';

export interface Finding {
  readonly code: ReasonCode;
  readonly detail: string;
}

const iso = (d: Date): string => d.toISOString();

export function checkLeafDates(leaf: ParsedJpkiCertificate, now: Date): Finding | undefined {
  // RFC 5280 §4.1.2.5: the validity period includes both notBefore and notAfter.
  if (now < leaf.notBefore) return { code: 'jpki-not-yet-valid', detail: `certificate valid from ${iso(leaf.notBefore)}` };
  if (now > leaf.notAfter) return { code: 'jpki-expired', detail: `certificate expired at ${iso(leaf.notAfter)}` };
  return undefined;
}

/**
 * The root must be valid at `now` too. RFC 5280 §6.1.1(d) takes a trust anchor as just a name
 * and key, so enforcing the anchor's own dates is local policy: by default we do (J-LIS no
 * longer stands behind an expired root), but the gen-1 roots expired 2025-10-19 while
 * certificates they issued may still need checking (spec §6.2 notes), so `allowExpiredAnchor`
 * accepts an expired root as long as the leaf was issued while the root was valid.
 */
export function checkAnchorDates(
  anchor: ParsedJpkiCertificate,
  leaf: ParsedJpkiCertificate,
  now: Date,
  allowExpiredAnchor: boolean,
): Finding | undefined {
  if (now < anchor.notBefore) return { code: 'jpki-not-yet-valid', detail: `trusted root valid from ${iso(anchor.notBefore)}` };
  if (now <= anchor.notAfter) return undefined;
  if (!allowExpiredAnchor) {
    return { code: 'jpki-expired', detail: `trusted root expired at ${iso(anchor.notAfter)} (allowExpiredAnchor is off)` };
  }
  if (leaf.notBefore < anchor.notBefore || leaf.notBefore > anchor.notAfter) {
    return { code: 'jpki-expired', detail: `certificate issued ${iso(leaf.notBefore)}, outside its expired root's validity` };
  }
  return undefined;
}

export function checkBasicConstraints(leaf: ParsedJpkiCertificate, anchor: ParsedJpkiCertificate): Finding | undefined {
  if (leaf.basicConstraints?.ca) return { code: 'jpki-basic-constraints', detail: 'the card certificate claims to be a CA (cA TRUE)' };
  // RFC 5280 §4.2.1.9: a CA certificate that signs certificates has cA TRUE.
  if (!anchor.basicConstraints?.ca) return { code: 'jpki-basic-constraints', detail: 'the trusted root is not marked as a CA (cA TRUE missing)' };
  return undefined;
}

/** keyUsage per spec §4.4: 署名用 digitalSignature+nonRepudiation, 利用者証明用 digitalSignature, critical. */
export const REQUIRED_KEY_USAGE: Readonly<Record<JpkiPurpose, readonly KeyUsageName[]>> = {
  sign: ['digitalSignature', 'nonRepudiation'],
  auth: ['digitalSignature'],
};

export function checkKeyUsage(leaf: ParsedJpkiCertificate, anchor: ParsedJpkiCertificate, purpose: JpkiPurpose): Finding | undefined {
  const ku = leaf.keyUsage;
  const want = REQUIRED_KEY_USAGE[purpose];
  if (!ku) return { code: 'jpki-key-usage', detail: 'keyUsage is missing' };
  if (!ku.critical) return { code: 'jpki-key-usage', detail: 'keyUsage is not critical' };
  const same = ku.usages.length === want.length && want.every((u) => ku.usages.includes(u));
  if (!same) {
    return { code: 'jpki-key-usage', detail: `keyUsage is ${ku.usages.join('+') || '(none)'}, expected ${want.join('+')} for ${purpose}` };
  }
  // RFC 5280 §4.2.1.3: if the issuer has keyUsage, keyCertSign must be set.
  if (anchor.keyUsage && !anchor.keyUsage.usages.includes('keyCertSign')) {
    return { code: 'jpki-key-usage', detail: 'the trusted root lacks keyCertSign' };
  }
  return undefined;
}

/** `oid` is exactly one arc below `arc` (e.g. 1.2.392.200149.8.5.1.1.20 under …8.5.1.1). */
function oneArcBelow(oid: string, arc: string): boolean {
  return oid.startsWith(`${arc}.`) && /^\d+$/.test(oid.slice(arc.length + 1));
}

export function checkPolicy(leaf: ParsedJpkiCertificate, purpose: JpkiPurpose, arcs: JpkiPolicyArcs): Finding | undefined {
  const oids = leaf.policies?.oids;
  if (!oids) return { code: 'jpki-policy', detail: 'certificatePolicies is missing' };
  if (oids.some((oid) => arcs[purpose].some((arc) => oneArcBelow(oid, arc)))) return undefined;
  return { code: 'jpki-policy', detail: `policies ${oids.join(', ')} are not ${purpose} policies under ${arcs[purpose].join(' or ')}` };
}

/** Names match byte for byte, or (as RFC 5280 §7.1 allows) after trivial normalisation. */
function sameName(a: Uint8Array, b: Uint8Array): boolean {
  if (bytesEqual(a, b)) return true;
  const norm = (d: Uint8Array): string => nameToString(d).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/**
 * Remaining profile rules: name chaining (RFC 5280 §6.1.3 a.4), no critical extension we do
 * not understand (§4.2), and an RSA key of at least 2048 bits (spec §4.4: RSA-2048).
 */
export function checkProfileRest(leaf: ParsedJpkiCertificate, anchor: ParsedJpkiCertificate): Finding | undefined {
  if (!sameName(leaf.decoded.issuerName, anchor.decoded.subjectName)) {
    return { code: 'jpki-malformed', detail: `issuer name ${leaf.issuer} differs from the subject of the root that signed it` };
  }
  const unknown = leaf.extensions.find((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.oid));
  if (unknown) return { code: 'jpki-malformed', detail: `unrecognised critical extension ${unknown.oid}` };
  if (leaf.decoded.spkiAlgorithm.oid !== RSA_ENCRYPTION) {
    return { code: 'jpki-malformed', detail: `public key algorithm ${leaf.decoded.spkiAlgorithm.oid} is not RSA` };
  }
  let bits = 0;
  try {
    bits = decodeRsaPublicKey(leaf.decoded.subjectPublicKey).modulusBits;
  } catch {
    return { code: 'jpki-malformed', detail: 'RSA public key cannot be read' };
  }
  if (bits < 2048) return { code: 'jpki-malformed', detail: `RSA key of ${bits} bits (JPKI uses 2048)` };
  return undefined;
}
