/**
 * Validate a JPKI end-entity certificate read from the card against pinned roots (spec §4.3:
 * one tier, leaf → self-signed J-LIS root; the card's own CA copy is never an anchor).
 *
 * Order (each broken certificate gets its own reason): malformed → no anchor / bad signature →
 * dates → basicConstraints → keyUsage → policy → remaining profile rules → pkijs engine as a
 * second opinion. Revocation is a separate check (src/verify/revocation).
 */
import { check, type Check } from '../report';
import type { CheckId } from '../check-catalogue';
import type { TrustStore, X509Anchor } from '../trust/trust-anchors';
import { describeMissingAnchor } from './jpki-anchor-detail';
import { chooseAnchor, parseAnchors, type AnchorCandidate } from './jpki-anchor-select';
import { parseJpkiCertificate, type ParsedJpkiCertificate } from './jpki-certificate';
import { JpkiVerifyError } from './jpki-errors';
import { DEFAULT_JPKI_POLICY_ARCS, type JpkiPolicyArcs, type JpkiPurpose } from './jpki-oids';
import { runPkijsChainEngine } from './jpki-pkijs-engine';
import { displaySafe } from './safe-text';
import {
  checkAnchorDates,
  checkBasicConstraints,
  checkKeyUsage,
  checkLeafDates,
  checkPolicy,
  checkProfileRest,
  type Finding,
} from './jpki-profile';

export type { JpkiPurpose } from './jpki-oids';
export type { ParsedJpkiCertificate } from './jpki-certificate';

export interface JpkiChainResult {
  /** id `jpki.${purpose}.chain`. */
  readonly check: Check;
  /** The root the leaf chained to, chosen by signature (never by DN alone). */
  readonly anchor?: X509Anchor;
  readonly certificate?: ParsedJpkiCertificate;
}

export interface JpkiChainOptions {
  /**
   * Roots that are NOT trusted for this verification (e.g. other trust modes' anchors). Only
   * used to explain a failure: "issued by <simulator root>, not trusted in production mode".
   */
  readonly otherAnchors?: readonly X509Anchor[];
  /** Accept a root that has expired at `now` if it was valid when the leaf was issued (default false; see checkAnchorDates). */
  readonly allowExpiredAnchor?: boolean;
  /** Accepted policy arcs per purpose (default DEFAULT_JPKI_POLICY_ARCS; smartphone policies UNCONFIRMED). */
  readonly policyArcs?: JpkiPolicyArcs;
}

const fail = (id: CheckId, f: Finding): Check => check(id, 'fail', f.code, f.detail);

function candidatesFor(anchors: readonly X509Anchor[], purpose: JpkiPurpose): X509Anchor[] {
  return anchors.filter((a) => a.purpose === purpose || a.purpose === 'any');
}

/** Among roots outside the trust store, one whose key verifies the leaf (for the detail only). */
async function foreignIssuer(leaf: ParsedJpkiCertificate, others: readonly X509Anchor[], now: Date): Promise<AnchorCandidate | undefined> {
  if (!others.length) return undefined;
  const parsed = await parseAnchors(others);
  const choice = await chooseAnchor(leaf, parsed.usable, now);
  return choice.kind === 'chosen' ? choice.candidate : undefined;
}

export async function validateJpkiCertificate(
  der: Uint8Array,
  purpose: JpkiPurpose,
  trust: TrustStore,
  now: Date,
  opts: JpkiChainOptions = {},
): Promise<JpkiChainResult> {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new JpkiVerifyError('jpki-bad-argument', 'validateJpkiCertificate: `now` must be a valid Date');
  }
  const id: CheckId = `jpki.${purpose}.chain`;

  let leaf: ParsedJpkiCertificate;
  try {
    leaf = parseJpkiCertificate(der);
  } catch (e) {
    const detail = e instanceof JpkiVerifyError ? e.message : 'certificate could not be decoded';
    return { check: check(id, 'fail', 'jpki-malformed', detail) };
  }

  const { usable, unreadable } = await parseAnchors(candidatesFor(trust.x509Anchors, purpose));
  const choice = await chooseAnchor(leaf, usable, now);
  if (choice.kind === 'signature-invalid') {
    const detail = `signature does not verify with the trusted root "${displaySafe(choice.named.anchor.name)}" that its key id ${choice.named.keyId} names (altered or forged certificate)`;
    return { check: check(id, 'fail', 'jpki-signature-invalid', detail), certificate: leaf };
  }
  if (choice.kind === 'missing') {
    const foreign = await foreignIssuer(leaf, opts.otherAnchors ?? [], now);
    const detail = describeMissingAnchor({ leaf, purpose, mode: trust.mode, candidates: usable, unreadable, ...(foreign ? { foreign } : {}) });
    return { check: check(id, 'fail', 'jpki-no-anchor', detail), certificate: leaf };
  }

  const { anchor, cert: root } = choice.candidate;
  const allowExpiredAnchor = opts.allowExpiredAnchor ?? false;
  const finding =
    checkLeafDates(leaf, now) ??
    checkAnchorDates(root, leaf, now, allowExpiredAnchor) ??
    checkBasicConstraints(leaf, root) ??
    checkKeyUsage(leaf, root, purpose) ??
    checkPolicy(leaf, purpose, opts.policyArcs ?? DEFAULT_JPKI_POLICY_ARCS) ??
    checkProfileRest(leaf, root);
  if (finding) return { check: fail(id, finding), anchor, certificate: leaf };

  // pkijs checks every certificate's dates at one instant. For an allowed expired root, ask it
  // about the leaf's issuance instant instead; our own checks above already covered `now`.
  const engineDate = now > root.notAfter && allowExpiredAnchor ? leaf.notBefore : now;
  const engine = await runPkijsChainEngine(leaf, root, engineDate);
  if (!engine.ok) return { check: fail(id, engine), anchor, certificate: leaf };

  const detail = `issued by "${displaySafe(anchor.name)}" (${anchor.hierarchy}), valid until ${leaf.notAfter.toISOString()}; revocation checked separately`;
  return { check: check(id, 'pass', 'ok', detail), anchor, certificate: leaf };
}
