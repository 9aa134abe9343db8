/**
 * Passive authentication (9303-11 §5.1; 9303-12 §5): the data groups read are what the issuing
 * state signed. Steps, each its own check:
 *  1. EF.SOD decodes (tag 77, CMS SignedData, LDSSecurityObject)         pp.lds.structure
 *  2. every data group read hashes to the SOD's value (LDSSecurityObject's hash algorithm);
 *     DG1 and DG2 must be covered                                        pp.passive-auth.dg-hashes
 *  3. the CMS signature with the embedded DSC (signed attributes re-tagged as SET,
 *     messageDigest and contentType checked)                             pp.passive-auth.sod-signature
 *  4. the DSC chains to a trusted CSCA, both valid now, key usage right  pp.passive-auth.dsc-chain
 *  5. the DSC is not on an imported CRL of that CSCA                     pp.passive-auth.dsc-revocation
 *  6. the MRZ's issuing state is the certificates' country (warn only)   pp.passive-auth.issuing-state
 *  7. which CSCA was relied on, and whether it is a real one             pp.trust.anchors
 * What PA cannot tell: whether the chip is the original (a copy carries the same SOD). Active
 * or chip authentication answers that (active-auth.ts, chip-auth.ts, chip-genuineness.ts).
 */
import { parseDg1 } from '../../cards/passport/lds/dg1';
import { isDataGroupNumber, type DataGroupNumber } from '../../cards/passport/lds/lds-files';
import { LdsError } from '../../cards/passport/lds/lds-error';
import { parseSod, type Sod } from '../../cards/passport/lds/sod';
import type { AnchorUse } from '../report';
import { constantTimeEqual } from '../crypto/constant-time';
import type { PassportCertificate } from './certificate';
import { digest, hashOfAlgorithm } from './crypto/hashes';
import { validateDsc } from './dsc-chain';
import { alpha2OfIcaoCode } from './icao-country-codes';
import { ppCheck, type PassportCheck } from './passport-checks';
import { PassportVerifyError } from './passport-verify-error';
import { verifyCmsSignature } from './sod-signature';
import { checkDscRevocation } from './trust/csca-crl';
import type { CscaAnchor, PassportTrustStore } from './trust/passport-trust';

export interface PassiveAuthInput {
  /** EF.SOD as read (tag 77). */
  readonly sod: Uint8Array;
  /** Data groups as read, by number (exact file bytes). */
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  readonly trust: PassportTrustStore;
  readonly now: Date;
  /** CSCAs of other trust modes, only for explaining a failure. */
  readonly otherAnchors?: readonly CscaAnchor[];
}

export interface DscSummary {
  readonly serialHex: string;
  readonly subject: string;
  readonly issuer: string;
  readonly country?: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

export interface PassiveAuthResult {
  readonly checks: readonly PassportCheck[];
  /** Hashes, signature and chain passed and the DSC is not revoked: the data is the state's. */
  readonly dataVerified: boolean;
  /** Data groups whose hash matched the SOD (only meaningful when dataVerified). */
  readonly verifiedDataGroups: readonly DataGroupNumber[];
  readonly sod?: Sod;
  readonly dsc?: DscSummary;
  readonly csca?: CscaAnchor;
  /** For the report's `anchors` and the TEST / SIMULATED banner. */
  readonly anchors: readonly AnchorUse[];
  /** Signature scheme of the SOD, e.g. "ECDSA with SHA-256". */
  readonly scheme?: string;
}

function summary(c: PassportCertificate): DscSummary {
  return {
    serialHex: c.serialHex,
    subject: c.subject.display,
    issuer: c.issuer.display,
    ...(c.issuer.country ? { country: c.issuer.country } : {}),
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    sha256: c.sha256,
  };
}

async function checkHashes(sod: Sod, dataGroups: ReadonlyMap<number, Uint8Array>, now: Date): Promise<{ check: PassportCheck; verified: DataGroupNumber[] }> {
  const id = 'pp.passive-auth.dg-hashes' as const;
  const so = sod.securityObject;
  const hash = hashOfAlgorithm(so.hashAlgorithm);
  if (!hash) return { check: ppCheck(id, 'fail', 'pp-hash-algorithm-unsupported', `hash algorithm ${so.hashAlgorithm.oid} is not supported`, now), verified: [] };
  const covered = [...so.dataGroupHashes.keys()].sort((a, b) => a - b);
  if (!so.dataGroupHashes.has(1) || !so.dataGroupHashes.has(2)) {
    return { check: ppCheck(id, 'fail', 'pp-sod-incomplete', `the SOD covers DG${covered.join(', DG')} but not DG1 and DG2 (9303-10 §4.6.2)`, now), verified: [] };
  }
  const numbers = [...dataGroups.keys()].sort((a, b) => a - b);
  if (numbers.length === 0) return { check: ppCheck(id, 'skipped', 'not-read', `no data group given; the SOD covers DG${covered.join(', DG')} (${hash})`, now), verified: [] };
  const notCovered = numbers.filter((n) => !isDataGroupNumber(n) || !so.dataGroupHashes.has(n));
  const mismatched: number[] = [];
  const verified: DataGroupNumber[] = [];
  for (const n of numbers) {
    if (!isDataGroupNumber(n) || !so.dataGroupHashes.has(n)) continue;
    const ok = constantTimeEqual(await digest(hash, dataGroups.get(n)!), so.dataGroupHashes.get(n)!);
    if (ok) verified.push(n);
    else mismatched.push(n);
  }
  if (mismatched.length > 0) {
    return { check: ppCheck(id, 'fail', 'pp-dg-hash-mismatch', `DG${mismatched.join(', DG')} ${mismatched.length === 1 ? 'does' : 'do'} not match the ${hash} value in the SOD (altered)`, now), verified };
  }
  if (notCovered.length > 0) {
    return { check: ppCheck(id, 'fail', 'pp-dg-not-in-sod', `DG${notCovered.join(', DG')} ${notCovered.length === 1 ? 'is' : 'are'} not covered by the SOD (it covers DG${covered.join(', DG')})`, now), verified };
  }
  return { check: ppCheck(id, 'pass', 'ok', `DG${verified.join(', DG')} match (${hash}); the SOD covers DG${covered.join(', DG')}`, now), verified };
}

function issuingStateCheck(dg1: Uint8Array | undefined, dsc: PassportCertificate | undefined, csca: CscaAnchor | undefined, now: Date): PassportCheck {
  const id = 'pp.passive-auth.issuing-state' as const;
  if (!dg1 || !dsc) return ppCheck(id, 'skipped', 'not-read', dg1 ? 'no DSC' : 'DG1 not given', now);
  let state: string;
  try {
    state = parseDg1(dg1).mrz.issuingState;
  } catch {
    return ppCheck(id, 'skipped', 'not-applicable', 'DG1 could not be parsed', now);
  }
  const a2 = alpha2OfIcaoCode(state);
  const countries = [dsc.issuer.country, csca?.country].filter((c): c is string => !!c);
  if (!a2) return ppCheck(id, 'warn', 'pp-country-mismatch', `the MRZ issuing state "${state}" is not a known ICAO code`, now);
  if (countries.every((c) => c === a2)) return ppCheck(id, 'pass', 'ok', `MRZ ${state} = certificate country ${a2}`, now);
  return ppCheck(id, 'warn', 'pp-country-mismatch', `MRZ issuing state ${state} (${a2}) but the signing certificates are of ${[...new Set(countries)].join('/')}`, now);
}

export async function passiveAuthentication(input: PassiveAuthInput): Promise<PassiveAuthResult> {
  const { now, trust } = input;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new PassportVerifyError('pp-bad-argument', 'passiveAuthentication: `now` must be a valid Date');
  const checks: PassportCheck[] = [];
  let sod: Sod;
  try {
    sod = parseSod(input.sod);
  } catch (e) {
    const detail = e instanceof LdsError ? `EF.SOD: ${e.message}` : 'EF.SOD could not be decoded';
    return { checks: [ppCheck('pp.lds.structure', 'fail', 'pp-sod-malformed', detail, now)], dataVerified: false, verifiedDataGroups: [], anchors: [] };
  }
  checks.push(ppCheck('pp.lds.structure', 'pass', 'ok', `EF.SOD: LDSSecurityObject v${sod.securityObject.version}, ${sod.signedData.certificates.length} embedded certificate(s)`, now));

  const hashes = await checkHashes(sod, input.dataGroups, now);
  checks.push(hashes.check);

  const cms = await verifyCmsSignature(sod.signedData);
  const dscCert = cms.signer;
  checks.push(
    cms.ok
      ? ppCheck('pp.passive-auth.sod-signature', 'pass', 'ok', `${cms.scheme} by DSC serial ${cms.signer.serialHex} ("${cms.signer.subject.display}")${cms.issuerOrderDiffers ? '; the SignerInfo lists the issuer RDNs in another order than the DSC' : ''}`, now)
      : ppCheck('pp.passive-auth.sod-signature', 'fail', cms.code, cms.detail, now),
  );

  let csca: CscaAnchor | undefined;
  let cscaCert: PassportCertificate | undefined;
  if (dscCert) {
    const chain = await validateDsc(dscCert, trust, now, { ...(input.otherAnchors ? { otherAnchors: input.otherAnchors } : {}) });
    checks.push(chain.check);
    csca = chain.csca;
    cscaCert = chain.cscaCertificate;
    checks.push(checkDscRevocation(dscCert, chain.check.status === 'pass' ? cscaCert : undefined, trust, now));
  } else {
    checks.push(ppCheck('pp.passive-auth.dsc-chain', 'skipped', 'not-applicable', 'no document signer certificate to check', now));
    checks.push(ppCheck('pp.passive-auth.dsc-revocation', 'skipped', 'not-applicable', 'no document signer certificate to check', now));
  }
  checks.push(issuingStateCheck(input.dataGroups.get(1), dscCert, csca, now));

  const anchors: AnchorUse[] = [];
  const chainOk = checks.find((c) => c.id === 'pp.passive-auth.dsc-chain')?.status === 'pass';
  if (csca && chainOk) {
    anchors.push({ kind: 'x509-root', name: csca.name, hierarchy: csca.hierarchy, provenance: csca.provenance });
    const real = csca.hierarchy === 'production' || csca.hierarchy === 'operator';
    checks.push(
      real
        ? ppCheck('pp.trust.anchors', 'pass', 'ok', `CSCA "${csca.name}" (SHA-256 ${csca.sha256}); ${csca.provenance}`, now)
        : ppCheck('pp.trust.anchors', 'warn', 'pp-non-production-anchor', `CSCA "${csca.name}" is a ${csca.hierarchy} anchor (${csca.provenance})`, now),
    );
  }

  const status = (id: PassportCheck['id']) => checks.find((c) => c.id === id)?.status;
  const dataVerified =
    status('pp.passive-auth.dg-hashes') === 'pass' &&
    status('pp.passive-auth.sod-signature') === 'pass' &&
    status('pp.passive-auth.dsc-chain') === 'pass' &&
    status('pp.passive-auth.dsc-revocation') !== 'fail';
  return {
    checks,
    dataVerified,
    verifiedDataGroups: dataVerified ? hashes.verified : [],
    sod,
    ...(dscCert ? { dsc: summary(dscCert) } : {}),
    ...(csca && chainOk ? { csca } : {}),
    anchors,
    ...(cms.ok ? { scheme: cms.scheme } : {}),
  };
}
