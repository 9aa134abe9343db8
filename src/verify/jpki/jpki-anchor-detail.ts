/**
 * The human detail for "no trusted root issued this certificate": which anchor is missing, so an
 * operator knows what to import (trust/README.md: cards issued 2019–2023 chain to the
 * generation-2 roots signca02/authca02, which are not bundled). Names only CA data, never the
 * holder's.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import type { TrustMode } from '../report';
import type { X509Anchor } from '../trust/trust-anchors';
import { x509 } from '../x509-setup';
import type { AnchorCandidate } from './jpki-anchor-select';
import type { ParsedJpkiCertificate } from './jpki-certificate';
import type { JpkiPurpose } from './jpki-oids';
import { displaySafe } from './safe-text';

const JLIS_PURPOSE_OU: Readonly<Record<JpkiPurpose, string>> = {
  sign: 'JPKI for digital signature',
  auth: 'JPKI for user authentication',
};
const GEN2_FILE: Readonly<Record<JpkiPurpose, string>> = { sign: 'signca02', auth: 'authca02' };

type Hierarchy = 'jlis' | 'jlis-test' | 'other';

/** Whether an issuer DN looks like J-LIS production (O=JPKI) or the J-LIS test hierarchy (O=JPKI-TEST), spec §4.4, §6.2. */
function issuerHierarchy(issuerDer: Uint8Array, purpose: JpkiPurpose): Hierarchy {
  try {
    const name = new x509.Name(issuerDer.slice());
    if (!name.getField('OU').includes(JLIS_PURPOSE_OU[purpose])) return 'other';
    const o = name.getField('O');
    return o.includes('JPKI') ? 'jlis' : o.includes('JPKI-TEST') ? 'jlis-test' : 'other';
  } catch {
    return 'other';
  }
}

export interface MissingAnchorFacts {
  readonly leaf: ParsedJpkiCertificate;
  readonly purpose: JpkiPurpose;
  readonly mode: TrustMode;
  readonly candidates: readonly AnchorCandidate[];
  readonly unreadable: readonly X509Anchor[];
  /** A root outside this trust store whose key does verify the leaf (opts.otherAnchors). */
  readonly foreign?: AnchorCandidate;
}

export function describeMissingAnchor(f: MissingAnchorFacts): string {
  const keyId = f.leaf.authorityKeyIdHex ?? '(no authority key id)';
  const parts = [`no trusted root for issuer ${f.leaf.issuer} with key id ${keyId}`];
  if (f.foreign) {
    parts.push(
      `it was issued by "${displaySafe(f.foreign.anchor.name)}" (${f.foreign.anchor.hierarchy} hierarchy), which is not trusted in ${f.mode} mode`,
    );
  } else {
    const hierarchy = issuerHierarchy(f.leaf.decoded.issuerName, f.purpose);
    const sameName = f.candidates.filter((c) => bytesEqual(c.cert.decoded.subjectName, f.leaf.decoded.issuerName));
    if (sameName.length) {
      parts.push(
        `trusted roots with this name have key ids ${sameName.map((c) => c.keyId).join(', ')} — another generation of this root is missing`,
      );
    }
    if (hierarchy === 'jlis') parts.push(`import the 2019 generation (${GEN2_FILE[f.purpose]}) from jpki.go.jp?`);
    else if (hierarchy === 'jlis-test') parts.push('a J-LIS test card: import its test root and use JPKI test mode');
    else if (!sameName.length) parts.push(`no trusted root has this name (${f.mode} mode)`);
  }
  if (f.unreadable.length) {
    parts.push(`${f.unreadable.length} trust anchor(s) could not be read: ${f.unreadable.map((a) => displaySafe(a.name)).join(', ')}`);
  }
  return parts.join('; ');
}
