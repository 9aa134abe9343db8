import { fromHex } from '../../bytes/hex';
import cvKeys from './data/card-face-ca-keys.json' with { type: 'json' };
import jlisRoots from './data/jlis-roots.json' with { type: 'json' };
import { pemToDer } from './pem';
import type { AnchorSet, CvCaKey, X509Anchor } from './trust-anchors';

interface CvKeyEntry {
  issuerKeyIdHex: string;
  name: string;
  hierarchy: string;
  role: string;
  modulusHex: string;
  exponentHex: string;
}

function cvKeysOf(hierarchy: 'production' | 'test'): CvCaKey[] {
  return (cvKeys as CvKeyEntry[])
    .filter((k) => k.hierarchy === hierarchy)
    .map((k) => ({
      keyId: fromHex(k.issuerKeyIdHex),
      name: k.name,
      hierarchy,
      // J-LIS has not published these keys (trust/README.md): say so wherever they are used.
      provenance: hierarchy === 'production' ? 'community-observed (soltia48/myna-card src/ca.rs)' : 'J-LIS test cards (soltia48/myna-card src/ca.rs)',
      modulus: fromHex(k.modulusHex),
      exponent: fromHex(k.exponentHex),
    }));
}

/** Production: the J-LIS JPKI roots (generations 1 and 3) and the production CV CA keys. */
export function productionAnchorSet(): AnchorSet {
  const x509Anchors: X509Anchor[] = jlisRoots.roots.map((r) => ({
    der: pemToDer(r.pem),
    name: r.name,
    hierarchy: 'production',
    provenance: r.provenance,
    purpose: r.purpose === 'sign' ? 'sign' : 'auth',
  }));
  return { cvCaKeys: cvKeysOf('production'), x509Anchors };
}

/**
 * jpki-test: the J-LIS test-card hierarchy. Its CV CA keys are known; its X.509 roots
 * (O=JPKI-TEST) are not public, so an integrator imports them from their test cards.
 */
export function jpkiTestAnchorSet(): AnchorSet {
  return { cvCaKeys: cvKeysOf('test'), x509Anchors: [] };
}
