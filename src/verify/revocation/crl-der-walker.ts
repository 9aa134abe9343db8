/**
 * A strict, streaming DER walker for CertificateList (RFC 5280 §5.1). The CRL arrives in chunks
 * (a fetch body, a file stream) and is never held whole: the walker keeps a small window (the
 * unread tail of the last chunk plus at most one buffered field), hashes tbsCertList as it passes
 * (for the signature check, crl-signature.ts), and copies each revoked entry's serial, reason and
 * date into growable typed columns — no per-entry objects. pkijs and @peculiar/x509 reject CRLs
 * above ~1,500 entries with default asn1js limits and need GBs when raised (reference
 * pki-and-perf.md §1.3, §3.1), so they are not used. `walkCrl` (one buffer) is the same walker
 * fed one chunk: there is one set of parsing rules.
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
 * unusable here ('crl-unsupported', §5.2, §5.3); serials must be positive, ≤ 20 octets (§4.1.2.2);
 * revocation dates must fit the index's Uint32 seconds (1970–2106). Every buffered field is
 * bounded (maxFieldBytes), every error is a RevocationError naming the absolute offset.
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
  readExtensionTlvs,
  readTlv,
  TAG,
  tlvBytes,
  type AlgorithmIdentifierParts,
  type Tlv,
} from '../der/der-reader';
import { isTimeTag, readTime } from '../der/der-time';
import { scanDerHeader } from '../der/der-header';
import { REASON_ABSENT } from './crl-reasons';
import { tbsHasherFor, type TbsHasher, type TbsHasherFactory } from './crl-signature';
import { RevocationError, revocationFailure } from './revocation-error';

const MALFORMED = revocationFailure('crl-malformed');

/** Serials longer than this (after dropping the sign octet) are not RFC 5280 serials. */
export const MAX_SERIAL_OCTETS = 20;
export const DEFAULT_MAX_CRL_ENTRIES = 10_000_000;
/** Largest single field held in memory at once (issuer Name, an entry, crlExtensions, signature). */
export const DEFAULT_MAX_FIELD_BYTES = 1 << 20;
/** No bound by default beyond DER's 4 length octets; callers that download set their own. */
export const DEFAULT_MAX_CRL_BYTES = Number.MAX_SAFE_INTEGER;
/** Latest revocationDate the Uint32 seconds column holds (2106-02-07T06:28:15Z). */
const MAX_UINT32_SECONDS = 0xffffffff;

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

/** Revoked entries as parallel columns, in CRL order. */
export interface CrlEntryColumns {
  readonly count: number;
  /** Serial magnitudes (sign octet dropped), concatenated in entry order. */
  readonly serialBytes: Uint8Array;
  /** Length of each magnitude, 1–20. */
  readonly serialLength: Uint8Array;
  /** CRLReason code, or REASON_ABSENT. */
  readonly reason: Uint8Array;
  /** revocationDate, seconds since the epoch. */
  readonly revokedAt: Uint32Array;
}

export interface WalkedCrl {
  /** Total DER length of the CertificateList. */
  readonly byteLength: number;
  /** Length of the signed tbsCertList TLV. */
  readonly tbsLength: number;
  /** Digest of tbsCertList under the signature algorithm's hash; undefined when the algorithm is not accepted. */
  readonly tbsDigest: Uint8Array | undefined;
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
  /** Refuse a CertificateList whose length says more than this ('crl-too-large'). */
  readonly maxBytes?: number;
  /** Refuse any single buffered field longer than this ('crl-too-large'). */
  readonly maxFieldBytes?: number;
  /** Incremental hash of tbsCertList (default @noble/hashes; Node may pass node:crypto's). */
  readonly hasherFactory?: TbsHasherFactory;
}

/** Walk a whole DER CertificateList in memory. Throws RevocationError on anything not strictly valid. */
export function walkCrl(der: Uint8Array, options: WalkCrlOptions = {}): WalkedCrl {
  const walker = new CrlStreamWalker(options);
  walker.push(der);
  return walker.finish();
}

/** Walk a CertificateList arriving as chunks (e.g. `response.body`, a file stream). */
export async function walkCrlStream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: WalkCrlOptions = {}): Promise<WalkedCrl> {
  const walker = new CrlStreamWalker(options);
  for await (const chunk of chunks) walker.push(chunk);
  return walker.finish();
}

const enum Stage {
  Top,
  TbsHeader,
  VersionOrSignature,
  Signature,
  Issuer,
  ThisUpdate,
  /** After thisUpdate: nextUpdate, the list, crlExtensions or the end of tbsCertList. */
  AfterThisUpdate,
  /** After nextUpdate: the list, crlExtensions or the end. */
  AfterNextUpdate,
  Entries,
  /** After the list: crlExtensions or the end. */
  AfterEntries,
  /** After crlExtensions: the end. */
  AfterExtensions,
  SignatureAlgorithm,
  SignatureValue,
  Tail,
  Done,
}

/** Growable typed columns; grows by 1.5× so 10⁷ entries need no up-front guess. */
class ColumnBuilder {
  count = 0;
  private used = 0;
  serialBytes = new Uint8Array(8192);
  serialLength = new Uint8Array(1024);
  reason = new Uint8Array(1024);
  revokedAt = new Uint32Array(1024);

  add(buf: Uint8Array, s0: number, s1: number, reason: number, seconds: number): void {
    const n = this.count;
    if (n === this.reason.length) {
      const cap = Math.ceil(n * 1.5);
      this.serialLength = grow(this.serialLength, new Uint8Array(cap));
      this.reason = grow(this.reason, new Uint8Array(cap));
      this.revokedAt = grow(this.revokedAt, new Uint32Array(cap));
    }
    const len = s1 - s0;
    if (this.used + len > this.serialBytes.length) {
      this.serialBytes = grow(this.serialBytes, new Uint8Array(Math.ceil((this.used + len) * 1.5)));
    }
    for (let i = 0; i < len; i++) this.serialBytes[this.used + i] = buf[s0 + i]!;
    this.used += len;
    this.serialLength[n] = len;
    this.reason[n] = reason;
    this.revokedAt[n] = seconds;
    this.count = n + 1;
  }

  columns(): CrlEntryColumns {
    const n = this.count;
    return {
      count: n,
      serialBytes: this.serialBytes.subarray(0, this.used),
      serialLength: this.serialLength.subarray(0, n),
      reason: this.reason.subarray(0, n),
      revokedAt: this.revokedAt.subarray(0, n),
    };
  }
}

function grow<T extends Uint8Array | Uint32Array>(from: T, to: T): T {
  to.set(from as ArrayLike<number>);
  return to;
}

/** Push-driven walker: push(chunk) any number of times, then finish(). Synchronous and re-entrant per chunk. */
export class CrlStreamWalker {
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxField: number;
  /** The window: unread bytes (and, before the hash starts, the retained tbsCertList start). */
  private buf: Uint8Array = new Uint8Array(0);
  /** Spare backing store the window lives in once a chunk's tail must be kept. */
  private store: Uint8Array = new Uint8Array(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  /** Parse position, relative to buf. */
  private pos = 0;
  private ended = false;
  private stage = Stage.Top;
  private failed: RevocationError | undefined;

  // Absolute positions of the containers.
  private topEnd = 0;
  private tbsStart = 0;
  private tbsEnd = 0;
  private listEnd = 0;
  // Hashing: 'pending' keeps every byte from tbsStart until the algorithm is known.
  private hash: 'pending' | 'active' | 'none' = 'pending';
  private hasher: TbsHasher | undefined;
  private readonly hasherFactory: TbsHasherFactory | undefined;
  private hashedTo = 0;
  private tbsDigest: Uint8Array | undefined;

  private version: 1 | 2 = 1;
  private innerAlgorithm: Uint8Array | undefined;
  private issuerName: Uint8Array | undefined;
  private thisUpdate = 0;
  private nextUpdate: number | undefined;
  private crlExt: CrlExtensions = {};
  private signatureAlgorithm: AlgorithmIdentifierParts | undefined;
  private signature: Uint8Array | undefined;
  private readonly columns = new ColumnBuilder();
  private readonly entry: EntryFields = { s0: 0, s1: 0, date: 0, reason: 0 };

  constructor(options: WalkCrlOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_CRL_ENTRIES;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_CRL_BYTES;
    this.maxField = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
    this.hasherFactory = options.hasherFactory;
  }

  /** Bytes received so far. */
  get bytesSeen(): number {
    return this.base + this.buf.length;
  }

  push(chunk: Uint8Array): void {
    if (this.failed) throw this.failed;
    if (this.ended) throw new RevocationError('crl-malformed', 'push after finish');
    if (chunk.length === 0) return;
    this.guard(() => {
      this.append(chunk);
      this.run();
    });
  }

  finish(): WalkedCrl {
    if (this.failed) throw this.failed;
    this.ended = true;
    this.guard(() => this.run());
    if (this.stage !== Stage.Done || !this.signatureAlgorithm || !this.signature || !this.issuerName) {
      throw new RevocationError('crl-malformed', 'CertificateList incomplete', this.base + this.pos);
    }
    return {
      byteLength: this.topEnd,
      tbsLength: this.tbsEnd - this.tbsStart,
      tbsDigest: this.tbsDigest,
      signatureAlgorithm: this.signatureAlgorithm,
      signature: this.signature,
      version: this.version,
      issuerName: this.issuerName,
      thisUpdate: this.thisUpdate,
      nextUpdate: this.nextUpdate,
      crlNumber: this.crlExt.crlNumber,
      issuingDistributionPoint: this.crlExt.idp,
      authorityKeyIdentifier: this.crlExt.aki,
      entries: this.columns.columns(),
    };
  }

  /** Run `f`; RevocationErrors raised on the window get stream offsets, and the walker stays failed. */
  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (!(e instanceof RevocationError)) throw e;
      this.failed = rebase(e, this.base);
      throw this.failed;
    }
  }

  private append(chunk: Uint8Array): void {
    // Hash what has been read, then drop it (unless the hash algorithm is still unknown).
    if (this.hash === 'active') this.hashUpTo(this.base + this.pos);
    const keepFrom = this.hash === 'pending' ? 0 : this.pos;
    const tail = this.buf.subarray(keepFrom);
    this.base += keepFrom;
    this.pos -= keepFrom;
    if (tail.length === 0) {
      this.buf = chunk; // borrowed until the next push: no copy for a single-buffer walk
      return;
    }
    const need = tail.length + chunk.length;
    const target = this.store.length >= need ? this.store : new Uint8Array(Math.max(need, this.store.length * 2, 65536));
    target.set(tail); // set() copes with the tail already living in `target`
    target.set(chunk, tail.length);
    this.store = target;
    this.buf = target.subarray(0, need);
  }

  private hashUpTo(absolute: number): void {
    const to = Math.min(absolute, this.tbsEnd);
    if (!this.hasher || to <= this.hashedTo) return;
    this.hasher.update(this.buf.subarray(this.hashedTo - this.base, to - this.base));
    this.hashedTo = to;
  }

  /**
   * The TLV at pos, ending within `limit` (absolute): undefined when more bytes are needed
   * (header, or the whole TLV when `whole`). After finish() it never waits: missing bytes are a
   * truncation error.
   */
  private peek(limitAbs: number, what: string, whole: boolean): Tlv | undefined {
    const have = this.buf.length;
    const limit = limitAbs - this.base;
    if (!this.ended && limit > have) {
      // The TLV may continue past the window: only its header is read here (the same DER rules,
      // der/der-header.ts), and its length checked against the container instead.
      const h = scanDerHeader(this.buf, this.pos, have);
      if (!h.ok) {
        if (h.truncated) return undefined;
        derFail(MALFORMED, `${what}: ${h.reason}`, this.pos);
      }
      if (h.end > limit) derFail(MALFORMED, `${what}: length ${h.end - h.start} exceeds the ${limit - h.start} bytes its container has left`, this.pos);
      if (whole && h.end - h.offset > this.maxField) {
        throw new RevocationError('crl-too-large', `${what} is longer than ${this.maxField} bytes`, h.offset);
      }
      if (h.end > have) return whole ? undefined : h;
    }
    const t = readTlv(this.buf, this.pos, Math.min(limit, have), what, MALFORMED);
    if (whole && t.end - t.offset > this.maxField) {
      throw new RevocationError('crl-too-large', `${what} is longer than ${this.maxField} bytes`, t.offset);
    }
    return t;
  }

  private run(): void {
    for (;;) {
      switch (this.stage) {
        case Stage.Top: {
          const t = this.peek(Number.MAX_SAFE_INTEGER, 'CertificateList', false);
          if (!t) return;
          if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, `CertificateList: expected tag 0x30, found 0x${t.tag.toString(16).padStart(2, '0')}`, t.offset);
          this.topEnd = this.base + t.end;
          if (this.topEnd > this.maxBytes) throw new RevocationError('crl-too-large', `CRL of ${this.topEnd} bytes exceeds ${this.maxBytes}`, t.offset);
          this.pos = t.start;
          this.stage = Stage.TbsHeader;
          break;
        }
        case Stage.TbsHeader: {
          const t = this.peek(this.topEnd, 'tbsCertList', false);
          if (!t) return;
          if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'tbsCertList: expected SEQUENCE', t.offset);
          this.tbsStart = this.base + t.offset;
          this.tbsEnd = this.base + t.end;
          this.pos = t.start;
          this.stage = Stage.VersionOrSignature;
          break;
        }
        case Stage.VersionOrSignature:
        case Stage.Signature: {
          const t = this.peek(this.tbsEnd, this.stage === Stage.Signature ? 'signature' : 'tbsCertList field', true);
          if (!t) return;
          if (this.stage === Stage.VersionOrSignature && t.tag === TAG.INTEGER) {
            if (t.end - t.start !== 1 || this.buf[t.start] !== 1) derFail(MALFORMED, 'version must be v2 (1) when present', t.offset);
            this.version = 2;
            this.pos = t.end;
            this.stage = Stage.Signature;
            break;
          }
          if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'signature: expected AlgorithmIdentifier', t.offset);
          const alg = readAlgorithmIdentifier(this.buf, t, MALFORMED);
          this.innerAlgorithm = tlvBytes(this.buf, t).slice();
          this.hasher = tbsHasherFor(alg, this.hasherFactory);
          this.hash = this.hasher ? 'active' : 'none';
          this.hashedTo = this.tbsStart;
          this.pos = t.end;
          this.stage = Stage.Issuer;
          break;
        }
        case Stage.Issuer: {
          const t = this.peek(this.tbsEnd, 'issuer', true);
          if (!t) return;
          if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'issuer: expected SEQUENCE', t.offset);
          if (t.end === t.start) derFail(MALFORMED, 'issuer Name is empty', t.offset);
          this.issuerName = tlvBytes(this.buf, t).slice();
          this.pos = t.end;
          this.stage = Stage.ThisUpdate;
          break;
        }
        case Stage.ThisUpdate: {
          const t = this.peek(this.tbsEnd, 'thisUpdate', true);
          if (!t) return;
          this.thisUpdate = readTime(this.buf, t, 'thisUpdate', MALFORMED);
          this.pos = t.end;
          this.stage = Stage.AfterThisUpdate;
          break;
        }
        case Stage.AfterThisUpdate:
        case Stage.AfterNextUpdate:
        case Stage.AfterEntries:
        case Stage.AfterExtensions: {
          if (this.base + this.pos === this.tbsEnd) {
            this.endTbs();
            break;
          }
          const t = this.peek(this.tbsEnd, 'tbsCertList field', false);
          if (!t) return;
          const s = this.stage;
          if (s === Stage.AfterThisUpdate && isTimeTag(t.tag)) {
            const w = this.peek(this.tbsEnd, 'nextUpdate', true);
            if (!w) return;
            this.nextUpdate = readTime(this.buf, w, 'nextUpdate', MALFORMED);
            this.pos = w.end;
            this.stage = Stage.AfterNextUpdate;
          } else if ((s === Stage.AfterThisUpdate || s === Stage.AfterNextUpdate) && t.tag === TAG.SEQUENCE) {
            this.listEnd = this.base + t.end;
            this.pos = t.start;
            this.stage = Stage.Entries;
          } else if (s !== Stage.AfterExtensions && t.tag === 0xa0) {
            const w = this.peek(this.tbsEnd, 'crlExtensions', true);
            if (!w) return;
            if (this.version !== 2) derFail(MALFORMED, 'crlExtensions need version v2', w.offset);
            this.crlExt = walkCrlExtensions(this.buf, w);
            this.pos = w.end;
            this.stage = Stage.AfterExtensions;
          } else {
            derFail(MALFORMED, 'unexpected field in tbsCertList', t.offset);
          }
          break;
        }
        case Stage.Entries:
          if (!this.walkEntries()) return;
          this.stage = Stage.AfterEntries;
          break;
        case Stage.SignatureAlgorithm: {
          const t = this.peek(this.topEnd, 'signatureAlgorithm', true);
          if (!t) return;
          if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, 'signatureAlgorithm: expected SEQUENCE', t.offset);
          if (!this.innerAlgorithm || !bytesEqual(tlvBytes(this.buf, t), this.innerAlgorithm)) {
            derFail(MALFORMED, 'tbsCertList.signature differs from signatureAlgorithm (RFC 5280 §5.1.1.2)', t.offset);
          }
          const alg = readAlgorithmIdentifier(this.buf, t, MALFORMED);
          // Copied: the window is reused by the next chunk.
          this.signatureAlgorithm = { oid: alg.oid, params: alg.params?.slice() };
          this.pos = t.end;
          this.stage = Stage.SignatureValue;
          break;
        }
        case Stage.SignatureValue: {
          const t = this.peek(this.topEnd, 'signatureValue', true);
          if (!t) return;
          if (t.tag !== TAG.BIT_STRING) derFail(MALFORMED, 'signatureValue: expected BIT STRING', t.offset);
          this.signature = bitStringOctets(this.buf, t, 'signatureValue', MALFORMED).slice();
          this.pos = t.end;
          this.stage = Stage.Tail;
          break;
        }
        case Stage.Tail:
          if (this.base + this.pos < this.topEnd) {
            if (this.pos < this.buf.length) derFail(MALFORMED, 'CertificateList has extra fields', this.pos);
            if (!this.ended) return;
            derFail(MALFORMED, `CertificateList length exceeds the ${this.base + this.buf.length} bytes available (truncated)`, this.pos);
          }
          this.stage = Stage.Done;
          break;
        case Stage.Done:
          if (this.pos < this.buf.length) derFail(MALFORMED, 'trailing bytes after CertificateList', this.pos);
          return;
      }
    }
  }

  private endTbs(): void {
    if (this.hash === 'active') {
      this.hashUpTo(this.tbsEnd);
      this.tbsDigest = this.hasher!.digest();
    }
    this.hash = this.hash === 'pending' ? 'none' : this.hash;
    this.stage = Stage.SignatureAlgorithm;
  }

  /** Entries available in the window; true when the list is complete. */
  private walkEntries(): boolean {
    const buf = this.buf;
    const e = this.entry;
    const cols = this.columns;
    while (this.base + this.pos < this.listEnd) {
      if (cols.count >= this.maxEntries) {
        throw new RevocationError('crl-too-large', `more than ${this.maxEntries} revoked entries`, this.pos);
      }
      const t = this.peek(this.listEnd, 'revoked entry', true);
      if (!t) return false;
      if (t.tag !== TAG.SEQUENCE) derFail(MALFORMED, `revoked entry: expected tag 0x30, found 0x${t.tag.toString(16).padStart(2, '0')}`, t.offset);
      readRevokedEntry(buf, t, this.version, e);
      const seconds = e.date / 1000;
      if (seconds < 0 || seconds > MAX_UINT32_SECONDS) {
        throw new RevocationError('crl-unsupported', 'revocationDate outside 1970–2106 cannot be indexed', t.offset);
      }
      cols.add(buf, e.s0, e.s1, e.reason, seconds);
      this.pos = t.end;
    }
    return true;
  }
}

/** `e` with its offset moved by `base` (window offsets → stream offsets). */
function rebase(e: RevocationError, base: number): RevocationError {
  if (base === 0 || e.offset === undefined) return e;
  const message = e.message.replace(/ \(at offset \d+\)$/, '');
  return new RevocationError(e.code, message, e.offset + base, { cause: e.cause });
}

interface EntryFields {
  s0: number;
  s1: number;
  /** ms since the epoch */
  date: number;
  reason: number;
}

/** One revoked entry (a SEQUENCE TLV wholly in `der`) into `out`. */
function readRevokedEntry(der: Uint8Array, e: Tlv, version: 1 | 2, out: EntryFields): void {
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
  out.s0 = s0;
  out.s1 = s1;
  out.date = date;
  out.reason = r;
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
    const x = readExtensionTlvs(der, e, MALFORMED);
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
    const x = readExtensionTlvs(der, e, MALFORMED);
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
