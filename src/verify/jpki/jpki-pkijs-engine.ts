/**
 * pkijs CertificateChainValidationEngine as a second, independent opinion on the path
 * leaf → chosen anchor (pki-and-perf.md §1.2): dates, name chaining, basicConstraints and
 * keyUsage of the CA, critical extensions of the CA, policy processing.
 *
 * Revocation is NOT checked here. With `crls: []` and `ocsps: []` the engine treats every
 * certificate as not revoked (PKI.js source; issue #292); JPKI revocation lives in
 * src/verify/revocation, because the engine picks CRLs by issuer DN only and JPKI CRLs may be
 * partitioned per municipality under one DN (pki-and-perf.md §1.2 "JPKI risk").
 *
 * Also not checked by pkijs 3.4.3 (so jpki-profile.ts does it): anything about the LEAF's own
 * basicConstraints/keyUsage/policies, and unknown critical extensions — its "unable to parse
 * critical extension" test only fires when the value is not BER at all (an unknown OID with a
 * BER value, or a known one with a parsingError, counts as understood), and only for CAs.
 */
import type { ReasonCode } from '../check-catalogue';
import { copyBytes } from '../../bytes/byte-ops';
import { pkijs, pkijsCrypto } from '../x509-setup';
import type { ParsedJpkiCertificate } from './jpki-certificate';

export type EngineOutcome = { readonly ok: true } | { readonly ok: false; readonly code: ReasonCode; readonly detail: string };

/**
 * pkijs resultCode → our reason (codes read from pkijs 3.4.3 CertificateChainValidationEngine).
 * Pitfall: when no issuer verifies the leaf, buildPath throws a plain Error("No valid
 * certificate paths found"), which verify() reports as code -1, not ChainValidationCode.noPath.
 */
function reasonFor(resultCode: number, message: string, checkDate: Date, path: readonly ParsedJpkiCertificate[]): ReasonCode {
  if (resultCode === -1 && /certificate path/i.test(message)) return 'jpki-no-anchor';
  switch (resultCode) {
    case 8: // "The certificate is either not yet valid or expired" (any cert in the path)
      return path.some((c) => checkDate < c.notBefore) ? 'jpki-not-yet-valid' : 'jpki-expired';
    case 3: // keyCertSign without basicConstraints CA
    case 4: // CA without keyCertSign
    case 5: // CRL issuer without cRLSign
    case 7: // "more than one possible end-user certificate" (issuer is not a CA)
    case 14: // "One of intermediate certificates is not a CA certificate"
      return 'jpki-basic-constraints';
    case 9: // path too short
    case 60: // ChainValidationCode.noPath
    case 97: // ChainValidationCode.noValidPath (no path ends in a trusted cert)
      return 'jpki-no-anchor';
    case 0: // result false with code 0 = empty policy intersection (a pkijs trap: check `result`)
    case 21:
    case 41:
    case 42:
    case 98:
    case 99:
      return 'jpki-policy';
    // 6 (unparsable critical extension) never reaches here for the root: checkForCA's failure
    // is reported as 14. 10 = name chaining, -1 = exceptions.
    default:
      return 'jpki-malformed';
  }
}

function toPkijs(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(copyBytes(der));
}

/**
 * Validate leaf → anchor at `checkDate`. Never throws: pkijs' own verify() catches its errors,
 * and parsing errors become 'jpki-malformed'.
 */
export async function runPkijsChainEngine(
  leaf: ParsedJpkiCertificate,
  anchor: ParsedJpkiCertificate,
  checkDate: Date,
): Promise<EngineOutcome> {
  let leafCert: pkijs.Certificate;
  let anchorCert: pkijs.Certificate;
  try {
    leafCert = toPkijs(leaf.raw);
    anchorCert = toPkijs(anchor.raw);
  } catch (e) {
    return { ok: false, code: 'jpki-malformed', detail: `pkijs could not parse the certificate: ${(e as Error).message}` };
  }
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [anchorCert], // only the anchor we chose by signature
    certs: [leafCert],
    crls: [],
    ocsps: [],
    checkDate, // the default is the construction time, not ours
  });
  let result: pkijs.CertificateChainValidationEngineVerifyResult;
  try {
    result = await engine.verify({}, pkijsCrypto);
  } catch (e) {
    return { ok: false, code: 'jpki-malformed', detail: `pkijs path validation failed: ${(e as Error).message}` };
  }
  // `result`, not `resultCode === 0`: an empty policy set comes back as {result:false, resultCode:0}.
  if (result.result === true) return { ok: true };
  return {
    ok: false,
    code: reasonFor(result.resultCode, result.resultMessage, checkDate, [leaf, anchor]),
    detail: `pkijs path validation: ${result.resultMessage} (code ${result.resultCode})`,
  };
}
