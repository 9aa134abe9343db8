import type { RcAnchor } from '../../verify/residence-card/rc-trust';
import { rcSimCa } from './pki/rc-sim-hierarchy';

function hex(b: ArrayBuffer): string {
  return [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/**
 * The anchors of simulator trust mode for residence cards: the simulator's CA of each generation.
 * Never the rogue CAs, which exist to be rejected.
 */
export async function simulatorResidenceAnchors(): Promise<RcAnchor[]> {
  const out: RcAnchor[] = [];
  for (const generation of [1, 2] as const) {
    const ca = await rcSimCa(generation, 'sim');
    out.push({
      der: ca.certificate,
      name: `Kazasu Simulator ZairyuCard CA gen ${generation}`,
      generation,
      hierarchy: 'simulator',
      provenance: 'kazasu-simulator',
      sha256: hex(await globalThis.crypto.subtle.digest('SHA-256', ca.certificate.slice())),
    });
  }
  return out;
}
