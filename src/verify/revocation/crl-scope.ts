/**
 * CRL scope: which certificates a CRL speaks for. A CRL without IssuingDistributionPoint is a
 * complete CRL for its issuer. With one, RFC 5280 §6.3.3 (b)(2) requires that one of its
 * distribution point names match one of the certificate's CRL DP names. This matters for JPKI:
 * if CRLs are partitioned per municipality they all share the issuer DN, and a wrong-partition
 * CRL must not make a revoked certificate look good (reference pki-and-perf.md §1.2, §2.3).
 * Names are compared as exact GeneralName DER; without the certificate (a resolved pending
 * record) an IDP URI must equal the URL the CRL was fetched from.
 */
import { bytesEqual } from '../../bytes/byte-ops';
import { derFail, expectTlv, forEachElement, readBoolean, readTlv, TAG, tlvBytes } from '../der/der-reader';
import { readDistributionPoints } from '../der/distribution-points';
import { revocationFailure } from './revocation-error';

export type ScopeVerdict = { readonly ok: true } | { readonly ok: false; readonly detail: string };

interface IdpParts {
  readonly names: readonly Uint8Array[] | undefined;
  readonly onlyUser: boolean;
  readonly onlyCa: boolean;
  readonly someReasons: boolean;
  readonly indirect: boolean;
  readonly onlyAttribute: boolean;
  readonly relativeName: boolean;
}

/** Parse IssuingDistributionPoint (RFC 5280 §5.2.5). Throws RevocationError('crl-malformed'). */
function parseIdp(value: Uint8Array): IdpParts {
  const code = revocationFailure('crl-malformed');
  const seq = expectTlv(value, 0, value.length, TAG.SEQUENCE, 'IssuingDistributionPoint', code);
  if (seq.end !== value.length) derFail(code, 'IssuingDistributionPoint has trailing bytes', seq.end);
  const out = { names: undefined as Uint8Array[] | undefined, onlyUser: false, onlyCa: false, someReasons: false, indirect: false, onlyAttribute: false, relativeName: false };
  let p = seq.start;
  let lastTag = -1;
  while (p < seq.end) {
    const f = readTlv(value, p, seq.end, 'IssuingDistributionPoint field', code);
    if ((f.tag & 0x1f) <= lastTag) derFail(code, 'IssuingDistributionPoint fields out of order', f.offset);
    lastTag = f.tag & 0x1f;
    const asBool = (): boolean => readBoolean(value, { ...f, tag: TAG.BOOLEAN }, 'IDP flag', code);
    switch (f.tag) {
      case 0xa0: {
        const dpn = readTlv(value, f.start, f.end, 'distributionPoint', code);
        if (dpn.end !== f.end) derFail(code, 'distributionPoint has extra bytes', dpn.end);
        if (dpn.tag === 0xa0) out.names = generalNames(value, dpn.start, dpn.end);
        else if (dpn.tag === 0xa1) out.relativeName = true;
        else derFail(code, 'distributionPoint: unknown DistributionPointName', dpn.offset);
        break;
      }
      case 0x81: out.onlyUser = asBool(); break;
      case 0x82: out.onlyCa = asBool(); break;
      case 0x83: out.someReasons = true; break;
      case 0x84: out.indirect = asBool(); break;
      case 0x85: out.onlyAttribute = asBool(); break;
      default: derFail(code, 'IssuingDistributionPoint: unknown field', f.offset);
    }
    p = f.end;
  }
  return out;
}

function generalNames(buf: Uint8Array, start: number, end: number): Uint8Array[] {
  const names: Uint8Array[] = [];
  forEachElement(buf, start, end, 'GeneralName', revocationFailure('crl-malformed'), (t) => {
    if (names.length >= 64) derFail(revocationFailure('crl-malformed'), 'too many GeneralNames', t.offset);
    names.push(tlvBytes(buf, t));
  });
  return names;
}

/**
 * The GeneralName DERs in a certificate's CRLDistributionPoints value (fullName of each
 * distributionPoint, else its cRLIssuer). Throws RevocationError('certificate-malformed').
 */
export function certificateDistributionPointNames(extValue: Uint8Array): Uint8Array[] {
  return readDistributionPoints(extValue, revocationFailure('certificate-malformed')).flatMap((p) => (p.fullName.length ? p.fullName : p.crlIssuer));
}

/** The URI of a uniformResourceIdentifier GeneralName DER, else undefined. */
export function uriOf(name: Uint8Array): string | undefined {
  // uniformResourceIdentifier [6] IA5String, short or long form length.
  if (name[0] !== 0x86) return undefined;
  try {
    const t = readTlv(name, 0, name.length, 'uri', revocationFailure('crl-malformed'));
    let s = '';
    for (let i = t.start; i < t.end; i++) s += String.fromCharCode(name[i]!);
    return s;
  } catch {
    return undefined;
  }
}

/**
 * May this CRL answer for the certificate? `certificateNames` are the certificate's CRL DP
 * names (undefined when the certificate is not at hand); `fetchedUrl` is where the CRL came from.
 */
export function checkCrlScope(
  idp: Uint8Array | undefined,
  certificateNames: readonly Uint8Array[] | undefined,
  fetchedUrl: string,
): ScopeVerdict {
  if (!idp) return { ok: true };
  const parts = parseIdp(idp);
  if (parts.onlyCa) return { ok: false, detail: 'CRL covers CA certificates only' };
  if (parts.onlyAttribute) return { ok: false, detail: 'CRL covers attribute certificates only' };
  if (parts.someReasons) return { ok: false, detail: 'CRL covers only some reasons (onlySomeReasons)' };
  if (parts.indirect) return { ok: false, detail: 'indirect CRLs are not supported' };
  if (parts.relativeName) return { ok: false, detail: 'nameRelativeToCRLIssuer is not supported' };
  if (!parts.names) return { ok: true };
  if (certificateNames) {
    const hit = parts.names.some((n) => certificateNames.some((c) => bytesEqual(n, c)));
    return hit ? { ok: true } : { ok: false, detail: "CRL partition (IssuingDistributionPoint) does not match the certificate's CRL DP" };
  }
  const hit = parts.names.some((n) => uriOf(n) === fetchedUrl);
  return hit ? { ok: true } : { ok: false, detail: 'CRL partition (IssuingDistributionPoint) does not name the URL it was fetched from' };
}
