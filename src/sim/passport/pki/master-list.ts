/**
 * The simulator's CSCA master list (9303-12 §8): CMS SignedData, eContent type
 * id-icao-cscaMasterList, `CscaMasterList { version v0, certList SET OF Certificate }` holding
 * the three trusted simulator CSCAs, signed by the simulator's master-list signer (issued by the
 * Utopia CSCA — so an importer pins that CSCA). `tampered` changes the list after signing.
 */
import { buildSignedData } from './cms';
import { integerSmall, seq, set } from './der';
import { SIM_TRUSTED_CSCAS, simCsca, simMasterListSigner } from './hierarchy';

export const SIM_ML_SIGNING_TIME = new Date('2026-01-15T00:00:00Z');

export async function simMasterList(opts: { tampered?: boolean } = {}): Promise<Uint8Array> {
  const cscas = await Promise.all(SIM_TRUSTED_CSCAS.map((id) => simCsca(id)));
  const signer = await simMasterListSigner();
  const xu = await simCsca('XU');
  const eContent = seq(integerSmall(0), set(...cscas.map((c) => c.certificate)));
  const ml = await buildSignedData({
    eContentType: '2.23.136.1.1.2',
    eContent,
    digest: 'SHA-256',
    signer: { certificate: signer.certificate, issuer: xu.dn, serialHex: signer.serialHex, key: signer.key, algorithm: signer.algorithm },
    sid: 'ski',
    signingTime: SIM_ML_SIGNING_TIME,
    certificates: [signer.certificate],
  });
  if (opts.tampered) {
    // Flip one byte inside the last CSCA certificate of the eContent (after the signature was made).
    const out = ml.slice();
    const at = out.indexOf(0x30, Math.floor(out.length / 2));
    out[at + 40] = out[at + 40]! ^ 0x01;
    return out;
  }
  return ml;
}
