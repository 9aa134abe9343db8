import { parseLicenceIssuerCertificate, type LicenceIssuerCertificate, type LicenceIssuerTrust } from '../../verify/licence/issuer-certificates';
import type { AnchorUse } from '../../verify/report';
import type { LicenceAnchorUse } from '../../verify/licence/licence-signature';
import type { VerificationEnvironment } from '../verification-environment';

/**
 * The licence issuer certificates in force: the environment's document anchors of this document
 * and of the trust mode (simulator mode: the simulator's; production / jpki-test: what the
 * operator imported — the NPA publishes none, licence-facts §4). In simulator mode the set is
 * complete (a card naming another issuer fails); an operator's set never is (an unknown issuer
 * is a warning: that 公安委員会's certificate may simply not be installed).
 */
export async function licenceIssuerTrust(env: VerificationEnvironment): Promise<LicenceIssuerTrust> {
  const mode = env.trust.mode;
  const wanted = mode === 'simulator' ? 'simulator' : mode === 'jpki-test' ? 'test' : 'production';
  const certificates: LicenceIssuerCertificate[] = [];
  for (const a of env.documentAnchors ?? []) {
    if (a.document !== 'drivers-licence' || a.hierarchy !== wanted) continue;
    certificates.push(await parseLicenceIssuerCertificate(a.der, { hierarchy: a.hierarchy === 'simulator' ? 'simulator' : 'operator', provenance: a.provenance }));
  }
  return { mode, certificates, complete: mode === 'simulator' };
}

/**
 * The report's anchor entry for the issuer certificate a signature was checked with. The licence
 * issuer certificate is itself the pinned anchor (no chain above it), recorded as an X.509 anchor.
 */
export function licenceAnchorUse(a: LicenceAnchorUse): AnchorUse {
  return { kind: 'x509-root', name: a.name, hierarchy: a.hierarchy, provenance: a.provenance };
}
