/**
 * A strict, flat DER walker for CertificateList (RFC 5280 §5.1). It records where the signed
 * bytes, the signature and the issuer Name are, and copies each revoked entry's serial position,
 * reason and date into typed columns — no per-entry objects — so 10⁵–10⁶ entries ingest in well
 * under a second. pkijs and @peculiar/x509 reject CRLs above ~1,500 entries with default asn1js
 * limits and need GBs when raised (reference pki-and-perf.md §1.3, §3.1), so they are not used.
 *
 *   CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL (v2 = 1), signature AlgorithmIdentifier,
 *       issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *       revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER, revocationDate Time,
 *           crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
 *       crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 *
 * Rules beyond DER: the inner and outer signature algorithms must be byte-identical (§5.1.1.2);
 * extensions need v2 (§5.1.2.1); an extension may appear once; an unknown critical CRL or entry
 * extension, a delta CRL, an indirect CRL (certificateIssuer) or removeFromCRL make the CRL
 * unusable here ('crl-unsupported', §5.2, §5.3); serials must be positive, ≤ 20 octets (§4.1.2.2).
 */
import { bytesEqual } from '../../bytes/byte-ops';
import {
  bitStringOctets,
  decodeOid,
  derFail,
  expectTlv,
  oidContentIs,
  positiveIntegerRange,
  readAlgorithmIdentifier,
  readBoolean,
  readTlv,
  TAG,
  tlvBytes,
  type AlgorithmIdentifierParts,
  type Tlv,
} from './der-reader';
import { isTimeTag, readTime } from './der-time';
import { REASON_ABSENT } from './crl-reasons';
import { RevocationError } from './revocation-error';

const MALFORMED = 'crl-malformed' as const;

/** Serials longer than this (after dropping the sign octet) are not RFC 5280 serials. */
export const MAX_SERIAL_OCTETS = 20;
export const DEFAULT_MAX_CRL_ENTRIES = 10_000_000;

// Extension OIDs as encoded content octets (RFC 5280 §5.2, §5.3).
const OID_REASON_CODE = Uint8Array.of(0x55, 0x1d, 0x15); // 2.5.29.21
const OID_INVALIDITY_DATE = Uint8Array.of(0x55, 0x1d, 0x18); // 2.5.29.24
const OID_CERTIFICATE_ISSUER = Uint8Array.of(0x55, 0x1d, 0x1d); // 2.5.29.29

const CRL_EXT = {
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

/** Revoked entries as parallel columns; serial positions point into the walked DER. */
export interface CrlEntryColumns {
  readonly count: number;
  /** Offset of each serial's magnitude (sign octet dropped) in `der`. */
  readonly serialStart: Uint32Array;
  /** Length of each magnitude, 1–20. */
  readonly serialLength: Uint8Array;
  /** CRLReason code, or REASON_ABSENT. */
  readonly reason: Uint8Array;
  /** revocationDate, ms since the epoch. */
  readonly revokedAt: Float64Array;
}

export interface WalkedCrl {
  readonly der: Uint8Array;
  /** The exact signed bytes (a view into `der`). */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifierParts;
  readonly signature: Uint8Array;
  readonly version: 1 | 2;
  /** Issuer Name TLV, to compare byte for byte with the issuer certificate's subject. */
  readonly issuerName: Uint8Array;
  readonly thisUpdate: number;
  readonly nextUpdate: number | undefined;
  /** CRL number magnitude (big-endian), if present. */
  readonly crlNumber: Uint8Array | undefined;
  /** IssuingDistributionPoint extnValue content, if present (its scope is checked by crl-scope.ts). */
  readonly issuingDistributionPoint: Uint8Array | undefined;
  readonly authorityKeyIdentifier: Uint8Array | undefined;
  readonly entries: CrlEntryColumns;
}

export interface WalkCrlOptions {
  /** Refuse CRLs with more revoked entries than this ('crl-too-large'). */
  readonly maxEntries?: number;
}

/** Walk a DER CertificateList. Throws RevocationError on anything not strictly valid. */
export function walkCrl(der: Uint8Array, options: WalkCrlOptions = {}): WalkedCrl {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_CRL_ENTRIES;
  const top = expectTlv(der, 0, der.length, TAG.SEQUENCE, 'CertificateList', MALFORMED);
  if (top.end !== der.length) derFail(MALFORMED, 'trailing bytes after CertificateList', top.end);
  const tbsT = expectTlv(der, top.start, top.end, TAG.SEQUENCE, 'tbsCertList', MALFORMED);
  const outerAlg = expectTlv(der, tbsT.end, top.end, TAG.SEQUENCE, 'signatureAlgorithm', MALFORMED);
  const sigT = expectTlv(der, outerAlg.end, top.end, TAG.BIT_STRING, 'signatureValue', MALFORMED);
  if (sigT.end !== top.end) derFail(MALFORMED, 'CertificateList has extra fields', sigT.end);
  const signature = bitStringOctets(der, sigT, 'signatureValue', MALFORMED);

  // --- tbsCertList
  const end = tbsT.end;
  let t = readTlv(der, tbsT.start, end, 'tbsCertList field', MALFORMED);
  let version: 1 | 2 = 1;
  if (t.tag === TAG.INTEGER) {
    if (t.end - t.start !== 1 || der[t.start] !== 1) derFail(MALFORMED, 'version must be v2 (1) when present', t.offset);
    version = 2;
    t = readTlv(der, t.end, end, 'signature', MALFORMED);
  }
  if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'signature: expected AlgorithmIdentifier', t.offset);
  if (!bytesEqual(tlvBytes(der, t), tlvBytes(der, outerAlg))) {
    derFail(MALFORMED, 'tbsCertList.signature differs from signatureAlgorithm (RFC 5280 §5.1.1.2)', t.offset);
  }
  const signatureAlgorithm = readAlgorithmIdentifier(der, outerAlg, MALFORMED);
  const issuerT = expectTlv(der, t.end, end, TAG.SEQUENCE, 'issuer', MALFORMED);
  if (issuerT.end === issuerT.start) derFail(MALFORMED, 'issuer Name is empty', issuerT.offset);
  const thisT = readTlv(der, issuerT.end, end, 'thisUpdate', MALFORMED);
  const thisUpdate = readTime(der, thisT, 'thisUpdate', MALFORMED);
  let p = thisT.end;
  let nextUpdate: number | undefined;
  let entries: CrlEntryColumns = emptyColumns();
  let crlExt: CrlExtensions = {};

  if (p < end) {
    t = readTlv(der, p, end, 'tbsCertList field', MALFORMED);
    if (isTimeTag(t.tag)) {
      nextUpdate = readTime(der, t, 'nextUpdate', MALFORMED);
      p = t.end;
      t = p < end ? readTlv(der, p, end, 'tbsCertList field', MALFORMED) : t;
    }
    if (p < end && t.tag === TAG.SEQUENCE) {
      entries = walkEntries(der, t, version, maxEntries);
      p = t.end;
      t = p < end ? readTlv(der, p, end, 'tbsCertList field', MALFORMED) : t;
    }
    if (p < end && t.tag === 0xa0) {
      if (version !== 2) derFail(MALFORMED, 'crlExtensions need version v2', t.offset);
      crlExt = walkCrlExtensions(der, t);
      p = t.end;
    }
    if (p !== end) derFail(MALFORMED, 'unexpected field in tbsCertList', p);
  }

  return {
    der,
    tbs: tlvBytes(der, tbsT),
    signatureAlgorithm,
    signature,
    version,
    issuerName: tlvBytes(der, issuerT),
    thisUpdate,
    nextUpdate,
    crlNumber: crlExt.crlNumber,
    issuingDistributionPoint: crlExt.idp,
    authorityKeyIdentifier: crlExt.aki,
    entries,
  };
}


function emptyColumns(): CrlEntryColumns {
  return {
    count: 0,
    serialStart: new Uint32Array(0),
    serialLength: new Uint8Array(0),
    reason: new Uint8Array(0),
    revokedAt: new Float64Array(0),
  };
}

// The smallest possible entry: 30 xx | 02 01 nn | 17 0D <13 octets> = 20 octets. This bounds the
// entry count by the byte length, so the columns can be allocated once, up front.
const MIN_ENTRY_OCTETS = 20;

function walkEntries(der: Uint8Array, list: Tlv, version: 1 | 2, maxEntries: number): CrlEntryColumns {
  const capacity = Math.min(Math.floor((list.end - list.start) / MIN_ENTRY_OCTETS), maxEntries + 1);
  const serialStart = new Uint32Array(capacity);
  const serialLength = new Uint8Array(capacity);
  const reason = new Uint8Array(capacity);
  const revokedAt = new Float64Array(capacity);
  let n = 0;
  let p = list.start;
  while (p < list.end) {
    if (n >= maxEntries) {
      throw new RevocationError('crl-too-large', `more than ${maxEntries} revoked entries`, p);
    }
    const e = expectTlv(der, p, list.end, TAG.SEQUENCE, 'revoked entry', MALFORMED);
    const s = expectTlv(der, e.start, e.end, TAG.INTEGER, 'userCertificate', MALFORMED);
    const [s0, s1] = positiveIntegerRange(der, s, 'userCertificate', MALFORMED);
    if (s1 - s0 > MAX_SERIAL_OCTETS) derFail(MALFORMED, 'userCertificate longer than 20 octets', s.offset);
    const d = readTlv(der, s.end, e.end, 'revocationDate', MALFORMED);
    const date = readTime(der, d, 'revocationDate', MALFORMED);
    let r = REASON_ABSENT;
    if (d.end < e.end) {
      if (version !== 2) derFail(MALFORMED, 'crlEntryExtensions need version v2', d.end);
      const x = expectTlv(der, d.end, e.end, TAG.SEQUENCE, 'crlEntryExtensions', MALFORMED);
      if (x.end !== e.end) derFail(MALFORMED, 'revoked entry has extra fields', x.end);
      r = walkEntryExtensions(der, x);
    }
    if (n >= capacity) derFail(MALFORMED, 'more entries than the list length allows', e.offset); // unreachable by construction
    serialStart[n] = s0;
    serialLength[n] = s1 - s0;
    reason[n] = r;
    revokedAt[n] = date;
    n++;
    p = e.end;
  }
  return {
    count: n,
    serialStart: serialStart.subarray(0, n),
    serialLength: serialLength.subarray(0, n),
    reason: reason.subarray(0, n),
    revokedAt: revokedAt.subarray(0, n),
  };
}

interface ParsedExtension {
  readonly id: Tlv;
  readonly critical: boolean;
  readonly value: Tlv;
}

function readExtension(der: Uint8Array, e: Tlv): ParsedExtension {
  if (e.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'Extension: expected SEQUENCE', e.offset);
  const id = expectTlv(der, e.start, e.end, TAG.OID, 'extnID', MALFORMED);
  let v = readTlv(der, id.end, e.end, 'extnValue', MALFORMED);
  let critical = false;
  if (v.tag === TAG.BOOLEAN) {
    critical = readBoolean(der, v, 'critical', MALFORMED);
    v = readTlv(der, v.end, e.end, 'extnValue', MALFORMED);
  }
  if (v.tag !== TAG.OCTET_STRING) derFail(MALFORMED, 'extnValue: expected OCTET STRING', v.offset);
  if (v.end !== e.end) derFail(MALFORMED, 'Extension has extra fields', v.end);
  return { id, critical, value: v };
}

/** Entry extensions: returns the reason code (or REASON_ABSENT). */
function walkEntryExtensions(der: Uint8Array, list: Tlv): number {
  if (list.end === list.start) derFail(MALFORMED, 'crlEntryExtensions is empty (SIZE (1..MAX))', list.offset);
  let reason = REASON_ABSENT;
  let seenReason = false;
  let seenInvalidity = false;
  let p = list.start;
  while (p < list.end) {
    const e = readTlv(der, p, list.end, 'entry Extension', MALFORMED);
    const x = readExtension(der, e);
    if (oidContentIs(der, x.id, OID_REASON_CODE)) {
      if (seenReason) derFail(MALFORMED, 'reasonCode appears twice', e.offset);
      seenReason = true;
      // extnValue holds ENUMERATED: 0A 01 nn (every defined value fits one octet).
      const v = x.value;
      if (v.end - v.start !== 3 || der[v.start] !== TAG.ENUMERATED || der[v.start + 1] !== 1) {
        derFail(MALFORMED, 'reasonCode must be a one-octet ENUMERATED', v.offset);
      }
      reason = der[v.start + 2]!;
      if (reason > 10 || reason === 7) derFail(MALFORMED, `reasonCode ${reason} is not defined`, v.offset);
      if (reason === 8) {
        throw new RevocationError('crl-unsupported', 'removeFromCRL belongs to delta CRLs (RFC 5280 §5.3.1)', v.offset);
      }
    } else if (oidContentIs(der, x.id, OID_INVALIDITY_DATE)) {
      if (seenInvalidity) derFail(MALFORMED, 'invalidityDate appears twice', e.offset);
      seenInvalidity = true;
      const g = expectTlv(der, x.value.start, x.value.end, TAG.GENERALIZED_TIME, 'invalidityDate', MALFORMED);
      readTime(der, g, 'invalidityDate', MALFORMED);
    } else if (oidContentIs(der, x.id, OID_CERTIFICATE_ISSUER)) {
      throw new RevocationError('crl-unsupported', 'certificateIssuer entries (indirect CRL) are not supported', e.offset);
    } else if (x.critical) {
      const oid = decodeOid(der, x.id, MALFORMED);
      throw new RevocationError('crl-unsupported', `unknown critical entry extension ${oid} (RFC 5280 §5.3)`, e.offset);
    }
    p = e.end;
  }
  return reason;
}

interface CrlExtensions {
  crlNumber?: Uint8Array;
  idp?: Uint8Array;
  aki?: Uint8Array;
}

function walkCrlExtensions(der: Uint8Array, wrapper: Tlv): CrlExtensions {
  const list = expectTlv(der, wrapper.start, wrapper.end, TAG.SEQUENCE, 'crlExtensions', MALFORMED);
  if (list.end !== wrapper.end) derFail(MALFORMED, 'crlExtensions wrapper has extra bytes', list.end);
  if (list.end === list.start) derFail(MALFORMED, 'crlExtensions is empty (SIZE (1..MAX))', list.offset);
  const out: CrlExtensions = {};
  const seen = new Set<string>();
  let p = list.start;
  while (p < list.end) {
    const e = readTlv(der, p, list.end, 'CRL Extension', MALFORMED);
    const x = readExtension(der, e);
    const oid = decodeOid(der, x.id, MALFORMED);
    if (seen.has(oid)) derFail(MALFORMED, `CRL extension ${oid} appears twice`, e.offset);
    seen.add(oid);
    switch (oid) {
      case CRL_EXT.crlNumber: {
        const n = expectTlv(der, x.value.start, x.value.end, TAG.INTEGER, 'cRLNumber', MALFORMED);
        if (n.end !== x.value.end) derFail(MALFORMED, 'cRLNumber has extra bytes', n.end);
        // cRLNumber may be 0; accept 02 01 00 but otherwise require a positive minimal INTEGER.
        if (n.end - n.start === 1 && der[n.start] === 0) {
          out.crlNumber = new Uint8Array(1);
        } else {
          const [a, b] = positiveIntegerRange(der, n, 'cRLNumber', MALFORMED);
          if (b - a > 20) derFail(MALFORMED, 'cRLNumber longer than 20 octets (RFC 5280 §5.2.3)', n.offset);
          out.crlNumber = der.slice(a, b);
        }
        break;
      }
      case CRL_EXT.deltaCrlIndicator:
        throw new RevocationError('crl-unsupported', 'delta CRLs are not supported', e.offset);
      case CRL_EXT.issuingDistributionPoint:
        out.idp = der.slice(x.value.start, x.value.end);
        break;
      case CRL_EXT.authorityKeyIdentifier:
        out.aki = der.slice(x.value.start, x.value.end);
        break;
      case CRL_EXT.issuerAltName:
      case CRL_EXT.freshestCrl:
      case CRL_EXT.authorityInfoAccess:
        break; // informational for a complete CRL
      default:
        if (x.critical) {
          throw new RevocationError('crl-unsupported', `unknown critical CRL extension ${oid} (RFC 5280 §5.2)`, e.offset);
        }
    }
    p = e.end;
  }
  return out;
}
