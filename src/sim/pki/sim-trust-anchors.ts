import type { AnchorSet } from '../../verify/trust/trust-anchors';
import { SIM_CV_CA_KEY_IDS } from './cv-certificate';
import { simJpkiRoot } from './sim-hierarchy';
import { simKey } from './sim-keys';

/**
 * The anchors of simulator trust mode: the simulator's CV CA public keys and both generations of
 * its JPKI roots. Never the untrusted root or the rogue CV CA, which exist to be rejected.
 */
export async function simulatorAnchorSet(): Promise<AnchorSet> {
  const cv = (name: string, keyId: Uint8Array, key: 'cv-ca-text' | 'cv-ca-face' | 'cv-ca-mf') => {
    const k = simKey(key);
    return { keyId, name, hierarchy: 'simulator' as const, provenance: 'kazasu-simulator', modulus: k.modulus, exponent: k.exponent };
  };
  const roots = await Promise.all([
    simJpkiRoot('sign', 'gen1'),
    simJpkiRoot('sign', 'gen2'),
    simJpkiRoot('auth', 'gen1'),
    simJpkiRoot('auth', 'gen2'),
  ]);
  return {
    cvCaKeys: [
      cv('9000033/001', SIM_CV_CA_KEY_IDS.text, 'cv-ca-text'),
      cv('9000023/001', SIM_CV_CA_KEY_IDS.face, 'cv-ca-face'),
      cv('9000020/001', SIM_CV_CA_KEY_IDS.mf, 'cv-ca-mf'),
    ],
    x509Anchors: roots.map((r) => ({
      der: r.certificate,
      name: `Kazasu Simulator ${r.purpose} root ${r.generation}`,
      hierarchy: 'simulator' as const,
      provenance: 'kazasu-simulator',
      purpose: r.purpose,
    })),
  };
}
