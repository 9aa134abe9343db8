/**
 * The simulator's CSCA CRL (RFC 5280 §5; 9303-12 §7.1.4 profile): issued by the Utopia CSCA,
 * listing the revoked simulator DSC. thisUpdate/nextUpdate fixed far enough ahead that the
 * kiosk's demo (real time) never sees it stale; `stale` mints one already past nextUpdate.
 */
import { bitString, explicit, extension, integerBytes, integerSmall, seq, time, tlvT } from './der';
import { signatureAlgorithmId, simKeyId, simName, simSign } from './certificates';
import { SIM_REVOKED_DSCS, dscPlanSerial, simCsca } from './hierarchy';

function serialBytes(hex: string): Uint8Array {
  return Uint8Array.from((hex.length % 2 ? `0${hex}` : hex).match(/../g)!.map((h) => parseInt(h, 16)));
}

export async function simCscaCrl(opts: { stale?: boolean } = {}): Promise<Uint8Array> {
  const ca = await simCsca('XU');
  const thisUpdate = new Date(opts.stale ? '2025-01-01T00:00:00Z' : '2026-01-01T00:00:00Z');
  const nextUpdate = new Date(opts.stale ? '2025-04-01T00:00:00Z' : '2045-01-01T00:00:00Z');
  const revoked = SIM_REVOKED_DSCS.map((id) => seq(integerBytes(serialBytes(dscPlanSerial(id))), time(new Date('2025-12-01T00:00:00Z'))));
  const alg = signatureAlgorithmId(ca.algorithm);
  const tbs = seq(
    integerSmall(1), // v2
    alg,
    simName(ca.dn),
    time(thisUpdate),
    time(nextUpdate),
    seq(...revoked),
    explicit(0, seq(extension('2.5.29.20', false, integerSmall(opts.stale ? 1 : 2)), extension('2.5.29.35', false, seq(tlvT(0x80, simKeyId(ca.key)))))),
  );
  const signature = await simSign(ca.key, ca.algorithm, tbs);
  return seq(tbs, alg, bitString(signature));
}

