/**
 * Which pinned root issued a leaf. All generations of a JPKI root share one DN (spec §4.3), and
 * a forger can copy that DN too, so the issuer is the anchor whose KEY verifies the leaf's
 * signature. AKI = SKI only orders the attempts.
 */
import type { X509Anchor } from '../trust/trust-anchors';
import { isSignedBy, keyIdOf } from './certificate-signature';
import { parseJpkiCertificate, type ParsedJpkiCertificate } from './jpki-certificate';

export interface AnchorCandidate {
  readonly anchor: X509Anchor;
  readonly cert: ParsedJpkiCertificate;
  /** SKI (or computed key id) in upper-case hex. */
  readonly keyId: string;
}

export interface ParsedAnchors {
  readonly usable: readonly AnchorCandidate[];
  /** Anchors whose DER we could not read (a trust-list problem, reported in details). */
  readonly unreadable: readonly X509Anchor[];
}

export async function parseAnchors(anchors: readonly X509Anchor[]): Promise<ParsedAnchors> {
  const usable: AnchorCandidate[] = [];
  const unreadable: X509Anchor[] = [];
  for (const anchor of anchors) {
    let cert: ParsedJpkiCertificate;
    try {
      cert = parseJpkiCertificate(anchor.der);
    } catch {
      unreadable.push(anchor);
      continue;
    }
    usable.push({ anchor, cert, keyId: await keyIdOf(cert) });
  }
  return { usable, unreadable };
}

export type AnchorChoice =
  | { readonly kind: 'chosen'; readonly candidate: AnchorCandidate }
  /** The leaf's AKI names a trusted key, but that key does not verify it: altered or forged. */
  | { readonly kind: 'signature-invalid'; readonly named: AnchorCandidate }
  | { readonly kind: 'missing' };

const validAt = (c: ParsedJpkiCertificate, t: Date): boolean => c.notBefore <= t && t <= c.notAfter;

/**
 * Try every candidate's key (AKI matches first). If several verify (e.g. a root re-issued with
 * the same key), prefer one valid at `now`.
 */
export async function chooseAnchor(
  leaf: ParsedJpkiCertificate,
  candidates: readonly AnchorCandidate[],
  now: Date,
): Promise<AnchorChoice> {
  const aki = leaf.authorityKeyIdHex;
  const ordered = [...candidates].sort((a, b) => Number(b.keyId === aki) - Number(a.keyId === aki));
  const verifying: AnchorCandidate[] = [];
  for (const c of ordered) {
    if (await isSignedBy(leaf, c.cert.spki)) verifying.push(c);
  }
  const chosen = verifying.find((c) => validAt(c.cert, now)) ?? verifying[0];
  if (chosen) return { kind: 'chosen', candidate: chosen };
  // Without an AKI we cannot tell "altered" from "another generation": call it missing.
  const named = aki ? candidates.find((c) => c.keyId === aki) : undefined;
  return named ? { kind: 'signature-invalid', named } : { kind: 'missing' };
}
