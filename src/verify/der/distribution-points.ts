/**
 * CRLDistributionPoints (RFC 5280 §4.2.1.13), read once for the whole verifier: the JPKI summary
 * (URIs and directoryNames for the report), the revocation scope check (the GeneralName DER a
 * CRL's IssuingDistributionPoint must match) and the CRL URL a browser can fetch.
 *
 *   CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 *   DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *       reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
 *   DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
 *       nameRelativeToCRLIssuer [1] RelativeDistinguishedName }
 */
import { contextTag, forEachElement, readExact, readTlv, TAG, tlvBytes, type DerFailure, type Tlv } from './der-reader';

/** More names than any real certificate carries; a bound for hostile input. */
export const MAX_DISTRIBUTION_POINT_NAMES = 64;

export interface DistributionPoint {
  /** The fullName GeneralNames, each as its whole DER (empty when absent). */
  readonly fullName: readonly Uint8Array[];
  /** distributionPoint is a nameRelativeToCRLIssuer. */
  readonly relativeName: boolean;
  /** The cRLIssuer GeneralNames, each as its whole DER (empty when absent). */
  readonly crlIssuer: readonly Uint8Array[];
}

/** Read an extension value (extnValue contents). Every failure goes through `fail`. */
export function readDistributionPoints(value: Uint8Array, fail: DerFailure): DistributionPoint[] {
  const seq = readExact(value, TAG.SEQUENCE, 'CRLDistributionPoints', fail);
  const points: DistributionPoint[] = [];
  let names = 0;
  const generalNames = (within: Tlv): Uint8Array[] => {
    const out: Uint8Array[] = [];
    forEachElement(value, within.start, within.end, 'GeneralName', fail, (g) => {
      if (++names > MAX_DISTRIBUTION_POINT_NAMES) fail('too many GeneralNames', g.offset);
      out.push(tlvBytes(value, g));
    });
    return out;
  };
  forEachElement(value, seq.start, seq.end, 'DistributionPoint', fail, (dp) => {
    if (dp.tag !== TAG.SEQUENCE) fail('DistributionPoint: expected SEQUENCE', dp.offset);
    let fullName: Uint8Array[] = [];
    let relativeName = false;
    let crlIssuer: Uint8Array[] = [];
    forEachElement(value, dp.start, dp.end, 'DistributionPoint field', fail, (f) => {
      if (f.tag === contextTag(0, true)) {
        const name = readTlv(value, f.start, f.end, 'distributionPoint', fail);
        if (name.end !== f.end) fail('distributionPoint holds more than one DistributionPointName', name.end);
        if (name.tag === contextTag(0, true)) fullName = generalNames(name);
        else if (name.tag === contextTag(1, true)) relativeName = true;
        else fail('distributionPoint: unknown DistributionPointName', name.offset);
      } else if (f.tag === contextTag(2, true)) {
        crlIssuer = generalNames(f);
      }
      // reasons [1]: a CRL for some reasons only is refused when the CRL says so (crl-scope.ts).
    });
    points.push({ fullName, relativeName, crlIssuer });
  });
  return points;
}
