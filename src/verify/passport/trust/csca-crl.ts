/**
 * CSCA certificate revocation lists (9303-12 §6.3, §7.1.4): optional, imported by the operator.
 * On import the CRL is decoded (pkijs), its issuer found among the trusted CSCAs and its
 * signature over the tbsCertList as received checked with that CSCA's key; its revoked serial
 * numbers are kept. At verification time a DSC is looked up in the CRLs of the CSCA key that
 * issued it; a CRL past its nextUpdate still says "revoked" when it lists the DSC, but can no
 * longer say "not revoked" (warn).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../bytes/hex';
import { childrenOf, readWhole, UNIVERSAL } from '../../../cards/passport/lds/ber';
import { parseAlgorithmId, type AlgorithmId } from '../../../cards/passport/lds/cms-signed-data';
import { pkijs } from '../../x509-setup';
import { nameOf, type PassportCertificate } from '../certificate';
import { verifySignature } from '../crypto/signature';
import { ppCheck, type PassportCheck } from '../passport-checks';
import { PassportVerifyError } from '../passport-verify-error';
import { anchorCertificate, anchorIndexEntry, type CscaAnchor, type CscaCrl, type PassportTrustStore } from './passport-trust';
import { derObjects } from './pem-blocks';

export interface DecodedCrl {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmId;
  readonly signature: Uint8Array;
  readonly issuer: ReturnType<typeof nameOf>;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly revokedSerials: readonly string[];
}

/** Bound on entries: CSCA CRLs are small (tens of entries); this keeps hostile input cheap. */
export const MAX_CSCA_CRL_ENTRIES = 100_000;

function serialKey(b: Uint8Array): string {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return toHex(b.subarray(i)).toLowerCase();
}

/** Decodes a CRL (DER or PEM "X509 CRL"). Throws PassportVerifyError('pp-crl-malformed'). */
export function decodeCscaCrl(input: Uint8Array): DecodedCrl {
  let der: Uint8Array;
  try {
    der = derObjects(input, ['X509 CRL'])[0]!;
  } catch (e) {
    throw new PassportVerifyError('pp-crl-malformed', `CRL is neither DER nor PEM: ${(e as Error).message}`, { cause: e });
  }
  try {
    const top = readWhole(der, { what: 'CRL' });
    const [tbsT, algT, sigT, extra] = childrenOf(der, top, { what: 'CRL' });
    if (!tbsT || tbsT.tag !== UNIVERSAL.SEQUENCE || !algT || !sigT || sigT.tag !== UNIVERSAL.BIT_STRING || extra || der[sigT.start] !== 0) {
      throw new Error('expected { tbsCertList, signatureAlgorithm, signatureValue }');
    }
    const crl = pkijs.CertificateRevocationList.fromBER(der.slice());
    const revoked = crl.revokedCertificates ?? [];
    if (revoked.length > MAX_CSCA_CRL_ENTRIES) throw new Error(`more than ${MAX_CSCA_CRL_ENTRIES} entries`);
    const thisUpdate = crl.thisUpdate.value;
    const nextUpdate = crl.nextUpdate?.value;
    if (Number.isNaN(thisUpdate.getTime()) || (nextUpdate && Number.isNaN(nextUpdate.getTime()))) throw new Error('update times are not valid');
    const issuerDer = (() => {
      const f = childrenOf(der, tbsT);
      const i = f[0]?.tag === UNIVERSAL.INTEGER ? 1 : 0;
      const t = f[i + 1]!;
      return der.subarray(t.offset, t.next);
    })();
    return {
      der,
      tbs: der.subarray(tbsT.offset, tbsT.next),
      signatureAlgorithm: parseAlgorithmId(der, algT, 'CRL signatureAlgorithm', {}),
      signature: der.subarray(sigT.start + 1, sigT.end),
      issuer: nameOf(crl.issuer, issuerDer),
      thisUpdate,
      ...(nextUpdate ? { nextUpdate } : {}),
      revokedSerials: revoked.map((r) => serialKey(r.userCertificate.valueBlock.valueHexView)),
    };
  } catch (e) {
    if (e instanceof PassportVerifyError) throw e;
    throw new PassportVerifyError('pp-crl-malformed', `CRL could not be decoded: ${(e as Error).message}`, { cause: e });
  }
}

export interface CrlImport {
  /** `pp.trust.crl`. */
  readonly check: PassportCheck;
  readonly crl?: CscaCrl;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Checks a CSCA CRL against the trust store's CSCAs (issuer by name, then by signature) and
 * returns the record to keep. A CRL past its nextUpdate is still imported (it proves what it
 * lists) with a warning.
 */
export async function importCscaCrl(input: Uint8Array, trust: PassportTrustStore, now: Date, provenance = 'CSCA CRL'): Promise<CrlImport> {
  const id = 'pp.trust.crl' as const;
  let crl: DecodedCrl;
  try {
    crl = decodeCscaCrl(input);
  } catch (e) {
    return { check: ppCheck(id, 'fail', 'pp-crl-malformed', (e as Error).message, now) };
  }
  const named = trust.cscas.filter((a) => anchorIndexEntry(a)?.subjectKey === crl.issuer.key);
  let issuer: { anchor: CscaAnchor; cert: PassportCertificate } | undefined;
  for (const a of named) {
    const cert = anchorCertificate(a)!;
    if ((await verifySignature(crl.signatureAlgorithm, cert.publicKey, crl.tbs, crl.signature)).valid) {
      issuer = { anchor: a, cert };
      break;
    }
  }
  if (!issuer) {
    if (named.length > 0) return { check: ppCheck(id, 'fail', 'pp-crl-signature-invalid', `none of the ${named.length} CSCA certificate(s) named "${crl.issuer.display}" signed this CRL`, now) };
    return { check: ppCheck(id, 'fail', 'pp-crl-issuer-unknown', `the issuer "${crl.issuer.display}" is not a CSCA in the ${trust.mode} trust list`, now) };
  }
  const record: CscaCrl = {
    der: crl.der,
    issuerCountry: issuer.cert.subject.country ?? '??',
    issuerName: crl.issuer.display,
    verifiedWithCsca: issuer.anchor.sha256,
    issuerKeySha256: toHex(sha256(issuer.cert.publicKey.spki)).toLowerCase(),
    thisUpdate: crl.thisUpdate.toISOString(),
    ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.toISOString() } : {}),
    revokedSerials: crl.revokedSerials,
    sha256: toHex(sha256(crl.der)).toLowerCase(),
    importedAt: now.toISOString(),
    provenance,
  };
  const stale = crl.nextUpdate !== undefined && crl.nextUpdate < now;
  const detail = `signed by "${issuer.anchor.name}"; ${crl.revokedSerials.length} revoked certificate(s); issued ${day(crl.thisUpdate)}${crl.nextUpdate ? `, next update ${day(crl.nextUpdate)}` : ''}`;
  return { check: ppCheck(id, stale ? 'warn' : 'pass', stale ? 'pp-crl-stale' : 'ok', detail, now), crl: record };
}

/**
 * `pp.passive-auth.dsc-revocation`: the DSC against the imported CRLs of the CSCA key that
 * issued it. skipped when there is none; fail when listed; warn when the newest CRL is stale.
 */
export function checkDscRevocation(dsc: PassportCertificate, csca: PassportCertificate | undefined, trust: PassportTrustStore, now: Date): PassportCheck {
  const id = 'pp.passive-auth.dsc-revocation' as const;
  if (!csca) return ppCheck(id, 'skipped', 'not-applicable', 'no trusted CSCA issued the DSC', now);
  const keySha = toHex(sha256(csca.publicKey.spki)).toLowerCase();
  const crls = trust.crls.filter((c) => c.issuerKeySha256 === keySha);
  if (crls.length === 0) return ppCheck(id, 'skipped', 'pp-crl-none', `no CRL of "${csca.subject.display}" has been imported`, now);
  const serial = serialKey(dsc.serial);
  const listing = crls.find((c) => c.revokedSerials.includes(serial));
  if (listing) return ppCheck(id, 'fail', 'pp-dsc-revoked', `DSC serial ${dsc.serialHex} is on the CRL of ${listing.thisUpdate.slice(0, 10)} ("${listing.issuerName}")`, now);
  const newest = [...crls].sort((a, b) => b.thisUpdate.localeCompare(a.thisUpdate))[0]!;
  if (newest.nextUpdate && new Date(newest.nextUpdate) < now) {
    return ppCheck(id, 'warn', 'pp-crl-stale', `not on the CRL of ${newest.thisUpdate.slice(0, 10)}, but that CRL's next update was ${newest.nextUpdate.slice(0, 10)}`, now);
  }
  return ppCheck(id, 'pass', 'ok', `not on the CRL of ${newest.thisUpdate.slice(0, 10)} (next update ${newest.nextUpdate?.slice(0, 10) ?? 'not stated'})`, now);
}
