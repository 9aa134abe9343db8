/**
 * Step 1 of the verification recipe (spec §3.9): a 券面 AP's CV certificate (EF 0004, spec §3.4)
 * must be signed by the CA key its 証明者鍵ID names, and that key must come from the trust store
 * in force — never from the card.
 */
import { toHex } from '../../bytes/hex';
import { formatKeyId, KEY_ID_LENGTH, type CvCertificate, type RsaPublicKey } from '../../cards/mynumber/records';
import { constantTimeEqual } from '../crypto/constant-time';
import { rsaKeyProblem, verifyPkcs1Sha256 } from '../crypto/rsa-public-key';
import { check, type Check, type TrustMode } from '../report';
import { detachedKey } from './key-copy';
import type { AnchorHierarchy, AnchorSet, CvCaKey, TrustStore } from '../trust/trust-anchors';

export type CvCertificateCheckId = 'text.cv-certificate' | 'face.cv-certificate';

export interface CvCertificateResult {
  readonly check: Check;
  /** A copy of the certified AP key (signs the AP's records), only when the certificate verified. */
  readonly apKey?: RsaPublicKey;
  /** The trust anchor that vouched for it (for the report's anchor list). */
  readonly caKey?: CvCaKey;
}

export interface CvCertificateOptions {
  /**
   * Every anchor the app knows, in all modes. Used only to explain a failure: an issuer found
   * here but not in `trust` is reported as 'cv-issuer-other-mode' (e.g. a simulated card under
   * production trust) instead of 'cv-issuer-unknown'. Never used to verify.
   */
  readonly allAnchors?: AnchorSet;
}

/**
 * Hierarchies a trust mode may rely on. A store that mixes in another mode's key (say a
 * simulator key in production) must not make a simulated card verify (trust README: the
 * simulator uses its own "9…" range so that this cannot happen by accident).
 */
const MODE_HIERARCHIES: Record<TrustMode, readonly AnchorHierarchy[]> = {
  production: ['production', 'operator'],
  'jpki-test': ['test', 'operator'],
  simulator: ['simulator'],
};

/** The CA key with exactly this 16-byte 証明者鍵ID — the whole id, never a prefix (spec §3.4). */
export function findCvCaKey(keys: readonly CvCaKey[], issuerKeyId: Uint8Array): CvCaKey | undefined {
  if (issuerKeyId.length !== KEY_ID_LENGTH) return undefined;
  return keys.find((k) => k.keyId.length === KEY_ID_LENGTH && constantTimeEqual(k.keyId, issuerKeyId));
}

export async function verifyCvCertificate(
  id: CvCertificateCheckId,
  cert: CvCertificate,
  trust: TrustStore,
  opts: CvCertificateOptions = {},
): Promise<CvCertificateResult> {
  // formatKeyId escapes anything unprintable, so card bytes cannot inject text into the detail.
  const issuerName = formatKeyId(cert.issuerKeyId);
  // The printed form hides the padding bytes, so a mismatch also shows the full id.
  const fullId = `${issuerName} [${toHex(cert.issuerKeyId)}]`;
  const caKey = findCvCaKey(trust.cvCaKeys, cert.issuerKeyId);
  if (!caKey) {
    const elsewhere = opts.allAnchors ? findCvCaKey(opts.allAnchors.cvCaKeys, cert.issuerKeyId) : undefined;
    if (elsewhere) {
      return { check: check(id, 'fail', 'cv-issuer-other-mode', `CV CA key ${fullId} belongs to the ${elsewhere.hierarchy} hierarchy, not ${trust.mode} trust`) };
    }
    return { check: check(id, 'fail', 'cv-issuer-unknown', `no trusted CV CA key ${fullId}`) };
  }
  if (!MODE_HIERARCHIES[trust.mode].includes(caKey.hierarchy)) {
    return { check: check(id, 'fail', 'cv-issuer-other-mode', `CV CA key ${issuerName} is a ${caKey.hierarchy} key; ${trust.mode} trust does not accept it`) };
  }
  const caProblem = rsaKeyProblem(caKey);
  if (caProblem) {
    return { check: check(id, 'fail', 'cv-issuer-unknown', `trusted CV CA key ${issuerName} is unusable: ${caProblem}`) };
  }
  // The signature covers the 297-byte 5F4E value: both key ids and the certified key (spec §3.4).
  if (!(await verifyPkcs1Sha256(caKey, cert.body, cert.signature))) {
    return { check: check(id, 'fail', 'cv-signature-invalid', `signature does not verify under CV CA key ${issuerName}`) };
  }
  const apProblem = rsaKeyProblem(cert.publicKey);
  if (apProblem) {
    return { check: check(id, 'fail', 'record-malformed', `certified AP key refused: ${apProblem}`) };
  }
  const detail = `issued by ${issuerName} (${caKey.hierarchy}, ${caKey.provenance}) to ${formatKeyId(cert.subjectKeyId)}`;
  return { check: check(id, 'pass', 'ok', detail), apKey: detachedKey(cert.publicKey), caKey };
}
