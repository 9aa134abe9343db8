/**
 * The CSCAs of simulator trust mode for passports (the simulator supplies them so verify/ never
 * imports sim/): the Utopia, German and Japanese simulator CSCAs — never the rogue one, which
 * exists to be rejected. Pass them as `simulator` to createPassportTrustStore.
 */
import type { CscaAnchor } from '../../../verify/passport/trust/passport-trust';
import { sha256 } from '@noble/hashes/sha2.js';
import { SIM_TRUSTED_CSCAS, simCsca, type SimCscaId } from './hierarchy';

const COUNTRY: Readonly<Record<SimCscaId, string>> = { XU: 'XU', DE: 'DE', JP: 'JP', rogue: 'XU' };

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export async function simulatorPassportCscas(): Promise<CscaAnchor[]> {
  const cas = await Promise.all(SIM_TRUSTED_CSCAS.map((id) => simCsca(id)));
  return cas.map((ca) => ({
    der: ca.certificate,
    country: COUNTRY[ca.id],
    name: ca.dn.CN,
    hierarchy: 'simulator' as const,
    source: 'simulator' as const,
    provenance: 'kazasu-simulator',
    sha256: hex(sha256(ca.certificate)),
  }));
}

/** The rogue CSCA as an anchor record — only for tests that show it is refused. */
export async function rogueCscaAnchor(): Promise<CscaAnchor> {
  const ca = await simCsca('rogue');
  return { der: ca.certificate, country: 'XU', name: ca.dn.CN, hierarchy: 'simulator', source: 'simulator', provenance: 'kazasu-simulator (rogue)', sha256: hex(sha256(ca.certificate)) };
}
