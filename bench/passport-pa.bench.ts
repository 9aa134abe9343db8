import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { concatBytes } from '../src/bytes/byte-ops';
import { simDsc, simCsca } from '../src/sim/passport/pki/hierarchy';
import { simulatorPassportCscas } from '../src/sim/passport/pki/sim-passport-trust';
import { buildSimPassport } from '../src/sim/passport/lds/build-passport';
import { encodeDg2, encodeSod } from '../src/sim/passport/lds/lds-encode';
import { faceJpeg } from '../src/sim/passport/lds/face-jpeg-data';
import { checkSod } from '../src/verify/passport/check-sod';
import { passiveAuthentication } from '../src/verify/passport/passive-auth';
import { importMasterList } from '../src/verify/passport/trust/master-list';
import { createPassportTrustStore } from '../src/verify/passport/trust/passport-trust';
import { measure, printTable, type Timing } from './measure';

/**
 * Passive authentication CPU (issue 15, target < 40 ms): a typical SOD with DG1, a 20 KB DG2,
 * DG11, DG12, DG14 and DG15 — parse EF.SOD, hash every DG, check the CMS signature with the
 * DSC, chain the DSC to its CSCA, revocation lookup — on a trust store already loaded (parsed
 * CSCAs are cached for the life of the kiosk, as in production). Rows: the simulator's ECDSA
 * P-256 DSC under an RSA-PSS CSCA (WebCrypto), its brainpoolP256r1 DSC (@noble/curves), and two
 * real SODs (no data groups: signature and chain only) against the 580 CSCAs of the German
 * master list.
 */
export async function passportPaBenchmarks(): Promise<Timing[]> {
  const now = new Date('2026-07-01T00:00:00Z');
  const sim = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });

  // A 20 KB DG2: the simulator's JPEG face padded after its end-of-image marker (PA hashes bytes; nothing decodes them).
  const face = faceJpeg('face-02');
  const image = concatBytes(face, new Uint8Array(20_000 - 60 - face.length));
  const dg2 = encodeDg2({ image, format: 'jpeg', width: 240, height: 320, container: 'iso19794-5' });
  const typical = async (profile: string, dscId: 'xu-ec' | 'de') => {
    const pp = await buildSimPassport(profile);
    const dgs = new Map(pp.dataGroups);
    dgs.set(2, dg2);
    const dsc = await simDsc(dscId);
    const ca = await simCsca(dsc.issuer);
    const sod = await encodeSod({ dataGroups: dgs, hash: 'SHA-256', signer: { certificate: dsc.certificate, issuer: ca.dn, serialHex: dsc.serialHex, key: dsc.key, algorithm: dsc.algorithm } });
    return { sod, dgs };
  };
  const p256 = await typical('utopia-bac', 'xu-ec');
  const bp256 = await typical('germany-pace-gm', 'de');
  const dg2Size = p256.dgs.get(2)!.length;

  const rows: Timing[] = [];
  const pa = async (input: { sod: Uint8Array; dgs: Map<number, Uint8Array> }, trust = sim) => {
    const r = await passiveAuthentication({ sod: input.sod, dataGroups: input.dgs, trust, now });
    if (!r.dataVerified) throw new Error(`bench input did not verify: ${JSON.stringify(r.checks.filter((c) => c.status === 'fail'))}`);
  };
  rows.push(await measure(`passport PA: P-256 DSC, RSA-PSS CSCA, DG1/2/11/12/14/15 (DG2 ${dg2Size} B)`, 50, () => pa(p256), 10));
  rows.push(await measure(`passport PA: brainpoolP256r1 DSC and CSCA, same DGs (DG2 ${bp256.dgs.get(2)!.length} B)`, 50, () => pa(bp256), 10));

  // Real SODs against the German master list (580 CSCAs), when the shared test data is present.
  const emrtd = process.env.KAZASU_EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
  try {
    const ml = await importMasterList(new Uint8Array(readFileSync(`${emrtd}/masterlists/DE_ML_2026-05-28-08-28-45.ml.b64`)), [new Uint8Array(readFileSync(`${emrtd}/certs/ml-trust/DE_CSCA07.pem`))], new Date('2026-06-01T00:00:00Z'));
    const de = createPassportTrustStore('production', { imported: ml.cscas });
    const hex = (f: string) => Uint8Array.from(Buffer.from(readFileSync(`${emrtd}/sod/${f}`, 'utf8').replace(/\s+/g, ''), 'hex'));
    for (const [label, f] of [['real DE SOD (brainpoolP384r1, SHA-384)', 'DE_EF_SOD.hex'], ['real FR SOD (RSA-2048 PKCS#1 v1.5)', 'FR_EF_SOD.hex']] as const) {
      const sod = hex(f);
      rows.push(
        await measure(`passport PA: ${label}, signature + chain among ${de.cscas.length} CSCAs`, 50, async () => {
          const r = await checkSod(sod, new Map(), de, now);
          if (r.checks.find((c) => c.id === 'pp.passive-auth.dsc-chain')?.status !== 'pass') throw new Error(`${label} chain did not verify`);
        }),
      );
    }
  } catch (e) {
    console.warn(`passport PA bench: real-data rows skipped (${(e as Error).message})`);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(await passportPaBenchmarks());
}
