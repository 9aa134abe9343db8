/**
 * Importing a CSCA master list (9303-12 §8): CMS SignedData, eContent type id-icao-cscaMasterList
 * 2.23.136.1.1.2, eContent `CscaMasterList ::= SEQUENCE { version INTEGER (v0), certList SET OF
 * Certificate }`, signed by a master-list signer whose certificate the publishing state's CSCA
 * issued. The operator pins that CSCA (e.g. `--signer DE_CSCA07.pem`); nothing in the list itself
 * is trusted before the signature chain to the pinned CSCA holds:
 *   pinned CSCA ──signs──▶ master-list signer certificate ──signs──▶ the list.
 * The signer must be valid at the import time, carry digitalSignature, and — when it has an
 * extendedKeyUsage — id-icao-mrtd-security-cscaMasterListSigningKey (2.23.136.1.1.3).
 *
 * Each certificate of the list becomes a CSCA anchor with the list's provenance. Certificates
 * that cannot be decoded or are not CA certificates are left out and reported. Link
 * certificates (a new CSCA key certified by the old one) are kept like roots; where the list
 * also holds the old key, the link's signature is checked and counted.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../bytes/hex';
import { childrenOf, decodeSmallUnsigned, readWhole, UNIVERSAL } from '../../../cards/passport/lds/ber';
import { parseSignedData, type SignedDataParts } from '../../../cards/passport/lds/cms-signed-data';
import type { AnchorHierarchy } from '../../trust/trust-anchors';
import { parsePassportCertificate, type PassportCertificate } from '../certificate';
import { verifySignature } from '../crypto/signature';
import { ppCheck, type PassportCheck, type PpReasonCode } from '../passport-checks';
import { PassportVerifyError } from '../passport-verify-error';
import { verifyCmsSignature } from '../sod-signature';
import { anchorOf, type CscaAnchor, type MasterListRecord } from './passport-trust';
import { derObjects } from './pem-blocks';

export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';
export const OID_ML_SIGNING_KEY_EKU = '2.23.136.1.1.3';

export interface MasterListImportOptions {
  /** What the operator says about the file (shown with every CSCA it yields). */
  readonly provenance?: string;
  /** 'operator' for production use (default), 'test' for a test PKI, 'simulator' for the simulator's list. */
  readonly hierarchy?: AnchorHierarchy;
}

export interface RejectedCertificate {
  readonly index: number;
  readonly sha256: string;
  readonly reason: string;
}

export interface MasterListImport {
  /** `pp.trust.master-list`: pass only when the signature chain to a pinned CSCA holds. */
  readonly check: PassportCheck;
  /** The CSCAs to add to the trust store (empty unless the check passed). */
  readonly cscas: readonly CscaAnchor[];
  readonly record?: MasterListRecord;
  readonly rejected: readonly RejectedCertificate[];
  /** Link certificates in the list, and how many of them verified against an older key in the same list. */
  readonly links: { readonly total: number; readonly verified: number };
  /** Count per country (alpha-2) of accepted CSCAs. */
  readonly countries: Readonly<Record<string, number>>;
}

/** The certificates of a CscaMasterList eContent. Throws PassportVerifyError('pp-ml-malformed'). */
export function parseCscaMasterList(eContent: Uint8Array): Uint8Array[] {
  try {
    const top = readWhole(eContent, { what: 'CscaMasterList' });
    if (top.tag !== UNIVERSAL.SEQUENCE) throw new Error('not a SEQUENCE');
    const [v, set, extra] = childrenOf(eContent, top);
    if (!v || v.tag !== UNIVERSAL.INTEGER || decodeSmallUnsigned(eContent, v) !== 0) throw new Error('version is not v0');
    if (!set || set.tag !== UNIVERSAL.SET || extra) throw new Error('certList must be the one SET after the version');
    return childrenOf(eContent, set).map((c) => eContent.subarray(c.offset, c.next));
  } catch (e) {
    throw new PassportVerifyError('pp-ml-malformed', `CscaMasterList: ${(e as Error).message}`, { cause: e });
  }
}

function failed(code: PpReasonCode, detail: string, now: Date): MasterListImport {
  return { check: ppCheck('pp.trust.master-list', 'fail', code, detail, now), cscas: [], rejected: [], links: { total: 0, verified: 0 }, countries: {} };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Verifies a master list (DER, PEM "CMS" or base64) against the pinned signer CSCAs and returns
 * its CSCAs. Never throws for a bad list: the check says why.
 */
export async function importMasterList(
  input: Uint8Array,
  pinnedSignerCscas: readonly Uint8Array[],
  now: Date,
  opts: MasterListImportOptions = {},
): Promise<MasterListImport> {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new PassportVerifyError('pp-bad-argument', 'importMasterList: `now` must be a valid Date');
  let bytes: Uint8Array;
  let sd: SignedDataParts;
  try {
    bytes = derObjects(input, ['CMS', 'PKCS7'])[0]!;
    sd = parseSignedData(bytes, { what: 'master list' });
  } catch (e) {
    return failed('pp-ml-malformed', `not a CMS SignedData: ${(e as Error).message}`, now);
  }
  if (sd.eContentType !== OID_CSCA_MASTER_LIST) return failed('pp-ml-malformed', `eContentType ${sd.eContentType} is not id-icao-cscaMasterList`, now);

  // 1. The list's own CMS signature with its embedded signer certificate.
  const cms = await verifyCmsSignature(sd);
  if (!cms.ok) return failed(cms.code === 'pp-sod-signer-not-found' || cms.code === 'pp-sod-malformed' ? 'pp-ml-malformed' : 'pp-ml-signature-invalid', cms.detail, now);
  const signer = cms.signer;

  // 2. The signer certificate was issued by a pinned CSCA (chosen by signature).
  const pins: PassportCertificate[] = [];
  for (const p of pinnedSignerCscas) {
    for (const der of derObjects(p, ['CERTIFICATE'])) pins.push(parsePassportCertificate(der));
  }
  if (pins.length === 0) return failed('pp-ml-signer-unknown', 'no signer CSCA was pinned; the list cannot be trusted', now);
  let issuer: PassportCertificate | undefined;
  for (const pin of pins) {
    if ((await verifySignature(signer.signatureAlgorithm, pin.publicKey, signer.tbs, signer.signature)).valid) {
      issuer = pin;
      break;
    }
  }
  if (!issuer) {
    return failed('pp-ml-signer-unknown', `the signer "${signer.subject.display}" (issuer "${signer.issuer.display}") was not issued by any of the ${pins.length} pinned CSCA certificate(s)`, now);
  }
  if (now < signer.notBefore || now > signer.notAfter) {
    return failed('pp-ml-signer-invalid', `the signer certificate is valid ${day(signer.notBefore)} to ${day(signer.notAfter)}, not at ${day(now)}`, now);
  }
  if (now < issuer.notBefore || now > issuer.notAfter) {
    return failed('pp-ml-signer-invalid', `the pinned CSCA "${issuer.subject.display}" is valid ${day(issuer.notBefore)} to ${day(issuer.notAfter)}, not at ${day(now)}`, now);
  }
  if (signer.keyUsage && !signer.keyUsage.has('digitalSignature')) return failed('pp-ml-signer-invalid', 'the signer certificate lacks digitalSignature', now);
  if (signer.extendedKeyUsage && !signer.extendedKeyUsage.includes(OID_ML_SIGNING_KEY_EKU)) {
    return failed('pp-ml-signer-invalid', 'the signer certificate is not a master-list signing certificate (extendedKeyUsage)', now);
  }

  // 3. The list's certificates.
  let ders: Uint8Array[];
  try {
    ders = parseCscaMasterList(sd.eContent);
  } catch (e) {
    return failed('pp-ml-malformed', (e as Error).message, now);
  }
  const hierarchy = opts.hierarchy ?? 'operator';
  const fileSha = toHex(sha256(bytes)).toLowerCase();
  const publisher = signer.subject.country ?? '??';
  const provenance = `${opts.provenance ?? 'master list'} (signed by "${signer.subject.display}" under pinned CSCA ${issuer.sha256.slice(0, 16)}…, ${cms.signingTime ? `signed ${day(cms.signingTime)}, ` : ''}file SHA-256 ${fileSha.slice(0, 16)}…, imported ${day(now)})`;
  const accepted: PassportCertificate[] = [];
  const rejected: RejectedCertificate[] = [];
  const seen = new Set<string>();
  ders.forEach((der, index) => {
    let cert: PassportCertificate;
    try {
      cert = parsePassportCertificate(der);
    } catch (e) {
      rejected.push({ index, sha256: toHex(sha256(der)).toLowerCase(), reason: (e as Error).message });
      return;
    }
    if (seen.has(cert.sha256)) return;
    seen.add(cert.sha256);
    if (!cert.basicConstraints?.ca) {
      rejected.push({ index, sha256: cert.sha256, reason: 'not a CA certificate (basicConstraints)' });
      return;
    }
    accepted.push(cert);
  });
  // Link certificates (9303-12 §5.5.2): a certificate issued under another name, or one whose
  // name another certificate of the list shares with a different key and that is not
  // self-signed. Only such certificates are signature-checked (checking a whole list would cost
  // seconds of brainpool arithmetic); a link counts as verified when a certificate of the list
  // named as its issuer, with another key, signed it.
  let total = 0;
  let verified = 0;
  const bySubject = new Map<string, PassportCertificate[]>();
  for (const c of accepted) bySubject.set(c.subject.key, [...(bySubject.get(c.subject.key) ?? []), c]);
  for (const c of accepted) {
    const sameName = bySubject.get(c.subject.key)!;
    const renamed = c.issuer.key !== c.subject.key;
    if (!renamed && (sameName.length < 2 || sameName.every((p) => sameKey(p, c)))) continue;
    if (!renamed && (await verifySignature(c.signatureAlgorithm, c.publicKey, c.tbs, c.signature)).valid) continue;
    total++;
    for (const p of bySubject.get(c.issuer.key) ?? []) {
      if (p === c || sameKey(p, c)) continue;
      if ((await verifySignature(c.signatureAlgorithm, p.publicKey, c.tbs, c.signature)).valid) {
        verified++;
        break;
      }
    }
  }
  const cscas = accepted.map((c) => anchorOf(c, hierarchy, 'master-list', provenance));
  const countries: Record<string, number> = {};
  for (const a of cscas) countries[a.country] = (countries[a.country] ?? 0) + 1;
  const record: MasterListRecord = {
    publisher,
    signer: signer.subject.display,
    signerCsca: { name: issuer.subject.display, sha256: issuer.sha256 },
    ...(cms.signingTime ? { signingTime: cms.signingTime.toISOString() } : {}),
    sha256: fileSha,
    cscaCount: cscas.length,
    importedAt: now.toISOString(),
    hierarchy,
    provenance: opts.provenance ?? 'master list',
  };
  const detail = `${cscas.length} CSCA certificates of ${Object.keys(countries).length} countries, signed by "${signer.subject.display}" (${cms.scheme}); ${total} link certificate(s), ${verified} verified against an older key in the list; ${rejected.length} left out`;
  return { check: ppCheck('pp.trust.master-list', 'pass', 'ok', detail, now), cscas, record, rejected, links: { total, verified }, countries };
}

function sameKey(a: PassportCertificate, b: PassportCertificate): boolean {
  const x = a.publicKey.spki;
  const y = b.publicKey.spki;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
