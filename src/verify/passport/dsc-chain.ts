/**
 * Document signer certificate → CSCA (9303-12 §5, §7.1). The CSCA is chosen by signature, never
 * by name alone: candidates are the trusted CSCAs whose subject matches the DSC's issuer
 * (RDN order and case ignored: Malaysia's SignerInfo and DSC order RDNs differently), or whose
 * subject key id is the DSC's authority key id, or — when none match — every CSCA of the DSC's
 * country; the one whose key verifies the DSC's signature is the issuer. A link certificate
 * carries the new CSCA key under the old one, so a DSC issued under either key finds its CSCA
 * among a master list's self-signed and link certificates alike.
 *
 * Then, at the verification time: the CSCA is a CA (basicConstraints cA, keyCertSign), and valid;
 * the DSC is valid and its keyUsage is digitalSignature (9303-12 §7.1.1 Table 6). Each failure
 * has its own reason; the first one found is reported.
 */
import { toHex } from '../../bytes/hex';
import { ppCheck, type PassportCheck } from './passport-checks';
import type { PassportCertificate } from './certificate';
import { verifySignature } from './crypto/signature';
import { anchorCertificate, anchorIndexEntry, type CscaAnchor, type PassportTrustStore } from './trust/passport-trust';

export interface DscChainResult {
  readonly check: PassportCheck;
  /** The CSCA whose key verified the DSC (set whenever one did, even if a later rule failed). */
  readonly csca?: CscaAnchor;
  readonly cscaCertificate?: PassportCertificate;
}

export interface DscChainOptions {
  /** CSCAs of other trust modes, only to explain a failure ("known only in simulator mode"). */
  readonly otherAnchors?: readonly CscaAnchor[];
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);
}

function candidatesFor(dsc: PassportCertificate, anchors: readonly CscaAnchor[]): { named: CscaAnchor[]; country: CscaAnchor[] } {
  const named: CscaAnchor[] = [];
  const country: CscaAnchor[] = [];
  for (const a of anchors) {
    const entry = anchorIndexEntry(a);
    if (!entry) continue;
    if (entry.subjectKey === dsc.issuer.key || sameBytes(entry.subjectKeyId, dsc.authorityKeyId)) named.push(a);
    else if (dsc.issuer.country && entry.country === dsc.issuer.country) country.push(a);
  }
  return { named, country };
}

/**
 * The candidates whose key verifies the DSC, trying first those whose subject key id is the DSC's
 * authority key id, and stopping at the first one that is valid at `now` (a CSCA often appears
 * as a root and as link certificates; brainpool checks cost milliseconds each).
 */
async function signers(dsc: PassportCertificate, anchors: readonly CscaAnchor[], now: Date): Promise<{ anchor: CscaAnchor; cert: PassportCertificate }[]> {
  const akiFirst = [...anchors].sort((a, b) => Number(sameBytes(anchorIndexEntry(b)?.subjectKeyId, dsc.authorityKeyId)) - Number(sameBytes(anchorIndexEntry(a)?.subjectKeyId, dsc.authorityKeyId)));
  const out: { anchor: CscaAnchor; cert: PassportCertificate }[] = [];
  // Same key as one already tried (a root and its link certificate): same answer.
  const verdicts = new Map<string, boolean>();
  for (const anchor of akiFirst) {
    const cert = anchorCertificate(anchor);
    if (!cert) continue;
    const key = toHex(cert.publicKey.spki);
    let v = verdicts.get(key);
    if (v === undefined) {
      v = (await verifySignature(dsc.signatureAlgorithm, cert.publicKey, dsc.tbs, dsc.signature)).valid;
      verdicts.set(key, v);
    }
    if (!v) continue;
    out.push({ anchor, cert });
    if (cert.notBefore <= now && now <= cert.notAfter) break;
  }
  return out;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function validateDsc(dsc: PassportCertificate, trust: PassportTrustStore, now: Date, opts: DscChainOptions = {}): Promise<DscChainResult> {
  const id = 'pp.passive-auth.dsc-chain' as const;
  const { named, country } = candidatesFor(dsc, trust.cscas);
  let found = await signers(dsc, named, now);
  if (found.length === 0 && named.length === 0) found = await signers(dsc, country, now);
  if (found.length === 0) {
    if (named.length > 0) {
      return {
        check: ppCheck(id, 'fail', 'pp-dsc-not-issued-by-csca', `the DSC names "${dsc.issuer.display}" as issuer, but none of the ${named.length} trusted CSCA certificate(s) with that name signed it`, now),
      };
    }
    const other = await signers(dsc, (opts.otherAnchors ?? []).filter((a) => !trust.cscas.some((t) => t.sha256 === a.sha256)), now);
    if (other.length > 0) {
      const o = other[0]!.anchor;
      return { check: ppCheck(id, 'fail', 'pp-csca-other-mode', `issued by "${o.name}" (${o.hierarchy}), which is not trusted in ${trust.mode} mode`, now) };
    }
    const c = dsc.issuer.country ?? '??';
    const have = trust.cscas.filter((a) => a.country === c).length;
    return {
      check: ppCheck(id, 'fail', 'pp-csca-unknown', `no trusted CSCA signed this DSC (issuer "${dsc.issuer.display}"; ${have} CSCA certificate(s) for ${c} in the ${trust.mode} trust list)`, now),
    };
  }
  // Prefer a CSCA certificate that is valid now; a key may be present as root and as link.
  const valid = found.filter((f) => f.cert.notBefore <= now && now <= f.cert.notAfter);
  const chosen = valid[0] ?? found[0]!;
  const { anchor: csca, cert: cscaCert } = chosen;
  const fail = (code: Parameters<typeof ppCheck>[2], detail: string): DscChainResult => ({ check: ppCheck(id, 'fail', code, detail, now), csca, cscaCertificate: cscaCert });
  if (!cscaCert.basicConstraints?.ca || (cscaCert.keyUsage && !cscaCert.keyUsage.has('keyCertSign'))) {
    return fail('pp-csca-not-ca', `"${csca.name}" is not marked as a CA allowed to sign certificates`);
  }
  if (valid.length === 0) {
    return fail('pp-csca-expired', `"${csca.name}" is valid ${day(cscaCert.notBefore)} to ${day(cscaCert.notAfter)}, not at ${day(now)}`);
  }
  if (now > dsc.notAfter) return fail('pp-dsc-expired', `the DSC expired on ${day(dsc.notAfter)} (serial ${dsc.serialHex})`);
  if (now < dsc.notBefore) return fail('pp-dsc-not-yet-valid', `the DSC is valid from ${day(dsc.notBefore)} (serial ${dsc.serialHex})`);
  if (!dsc.keyUsage || !dsc.keyUsage.has('digitalSignature') || dsc.keyUsage.has('keyCertSign')) {
    return fail('pp-dsc-key-usage', `the DSC's keyUsage is ${dsc.keyUsage ? [...dsc.keyUsage].join(', ') || 'empty' : 'absent'}; 9303-12 requires digitalSignature`);
  }
  if (dsc.basicConstraints?.ca) return fail('pp-dsc-key-usage', 'the DSC is marked as a CA');
  return {
    check: ppCheck(id, 'pass', 'ok', `issued by "${csca.name}" (${csca.hierarchy}; ${csca.provenance}); DSC valid until ${day(dsc.notAfter)}`, now),
    csca,
    cscaCertificate: cscaCert,
  };
}
