import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { jpkiTestAnchorSet, productionAnchorSet } from '../../src/verify/trust/builtin-anchors';
import { allKnownAnchors, createTrustStore } from '../../src/verify/trust/trust-store';
import { simulatorAnchorSet } from '../../src/sim/pki/sim-trust-anchors';

// Fingerprints as published in the trust folder's README (from J-LIS's fingerprint list and
// jpki/myna); typed in here independently of the data files they check.
const EXPECTED_ROOT_SHA256: Record<string, string> = {
  'sign_ca_2015.pem': '19:64:54:05:A1:FE:14:37:74:34:BD:55:95:76:28:AC:40:38:55:7C:54:24:03:A2:24:3F:21:C7:06:FC:93:55',
  'sign_ca_2023.pem': 'D2:27:F6:CD:E1:1D:35:C5:25:21:78:F1:06:F8:43:D2:46:51:94:49:75:41:3B:53:9F:A2:FB:68:DB:FA:36:5F',
  'auth_ca_2015.pem': '4D:CF:C4:CA:0A:AF:9F:B2:A3:08:1B:3F:0C:99:1C:32:0B:3A:CC:00:86:67:A3:41:EE:AE:C5:AF:1D:58:CA:7D',
  'auth_ca_2023.pem': '64:11:4F:29:62:0C:24:ED:26:31:D4:64:76:A0:40:E7:EE:74:0D:95:60:89:C0:0B:03:6A:6A:81:18:C3:22:B5',
};

async function sha256Hex(der: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der.slice())), ':');
}

describe('committed trust anchors', () => {
  it('J-LIS roots match their published SHA-256 fingerprints', async () => {
    const set = productionAnchorSet();
    expect(set.x509Anchors).toHaveLength(4);
    const seen = new Set<string>();
    for (const a of set.x509Anchors) {
      const fp = await sha256Hex(a.der);
      expect(Object.values(EXPECTED_ROOT_SHA256)).toContain(fp);
      seen.add(fp);
      expect(a.hierarchy).toBe('production');
    }
    expect(seen.size).toBe(4);
  });

  it('production and test CV CA keys are RSA-2048, e = 65537, with 16-byte ids in their own ranges', () => {
    for (const [set, first] of [
      [productionAnchorSet(), '5'],
      [jpkiTestAnchorSet(), '6'],
    ] as const) {
      expect(set.cvCaKeys.map((k) => k.name).sort()).toEqual([`${first}000020/001`, `${first}000023/001`, `${first}000033/001`]);
      for (const k of set.cvCaKeys) {
        expect(k.keyId).toHaveLength(16);
        expect(String.fromCharCode(k.keyId[0]!)).toBe(first);
        expect(k.modulus).toHaveLength(256);
        expect(k.modulus[0]! & 0x80).toBe(0x80);
        expect(toHex(k.exponent)).toBe('010001');
      }
    }
  });

  it('modes never mix: production holds no test or simulator key', async () => {
    const simulator = await simulatorAnchorSet();
    const production = createTrustStore('production', { simulator });
    expect(production.cvCaKeys.every((k) => k.hierarchy === 'production')).toBe(true);
    expect(production.x509Anchors.every((a) => a.hierarchy === 'production')).toBe(true);
    const sim = createTrustStore('simulator', { simulator, imported: productionAnchorSet() });
    expect(sim.cvCaKeys.every((k) => k.hierarchy === 'simulator')).toBe(true);
    expect(sim.cvCaKeys.map((k) => String.fromCharCode(k.keyId[0]!))).toEqual(['9', '9', '9']);
    const test = createTrustStore('jpki-test');
    expect(test.cvCaKeys.every((k) => k.hierarchy === 'test')).toBe(true);
    expect(allKnownAnchors({ simulator }).cvCaKeys).toHaveLength(9);
  });
});
