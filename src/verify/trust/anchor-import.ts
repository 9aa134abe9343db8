import { base64ToBytes as unb64, bytesToBase64 as b64 } from '../../bytes/base64';
import { bytesEqual } from '../../bytes/byte-ops';
import { fromHex, toHex } from '../../bytes/hex';
import { isSignedBy } from '../jpki/certificate-signature';
import { parseJpkiCertificate } from '../jpki/jpki-certificate';
import { AnchorFormatError, certificateBytes } from './pem';
import type { DocumentKind } from '../report';
import type { AnchorSet, CvCaKey, X509Anchor } from './trust-anchors';

/**
 * The modes an operator may add anchors to (simulator mode is the simulator's keys only).
 * 'jpki-test' is the stored name of the test mode (issuers' official test cards: J-LIS test
 * cards, MOJ's test CA); the CLI and the UI call it "test".
 */
export type ImportMode = 'production' | 'jpki-test';

/** A persisted, operator-imported anchor: plain JSON, no personal data. */
export type ImportedAnchorRecord =
  | {
      readonly kind: 'x509-root';
      readonly mode: ImportMode;
      readonly purpose: 'sign' | 'auth' | 'any';
      readonly name: string;
      readonly sha256: string;
      readonly derBase64: string;
      readonly importedAt: string;
    }
  | {
      readonly kind: 'cv-ca-key';
      readonly mode: ImportMode;
      readonly name: string;
      readonly keyIdHex: string;
      readonly modulusHex: string;
      readonly exponentHex: string;
      readonly importedAt: string;
    }
  | ImportedDocumentAnchorRecord
  | ImportedLicenceIssuerRecord;

/**
 * A licence issuer certificate the operator imported (none is published: verify/licence/
 * issuer-certificates.ts checks the file). Plain JSON, no personal data; loading re-parses it and
 * re-derives its fingerprint, so an edited record adds nothing.
 */
export interface ImportedLicenceIssuerRecord {
  readonly kind: 'licence-issuer';
  readonly mode: ImportMode;
  readonly name: string;
  /** Upper-case hex with ':' separators. */
  readonly sha256: string;
  readonly derBase64: string;
  readonly importedAt: string;
}

/**
 * A CA certificate of a document that chains to its own issuer (the residence card's MOJ CAs),
 * accepted because its SHA-256 matched a pinned fingerprint (`pinId`). Loading re-checks the pin,
 * so an edited file cannot add an anchor.
 */
export interface ImportedDocumentAnchorRecord {
  readonly kind: 'document-anchor';
  readonly document: DocumentKind;
  readonly mode: ImportMode;
  readonly pinId: string;
  readonly name: string;
  /** Upper-case hex, no separators. */
  readonly sha256: string;
  readonly generation?: number;
  readonly derBase64: string;
  readonly importedAt: string;
}

/** The identifier `kazasu trust remove` and the lists match: fingerprint or CV key id. */
export function anchorRecordId(r: ImportedAnchorRecord): string {
  return r.kind === 'cv-ca-key' ? r.keyIdHex : r.sha256.replace(/:/g, '');
}

/**
 * Check a root certificate the operator wants to trust (PEM or DER, e.g. J-LIS signca02.cer) and
 * turn it into a record. Only self-issued, self-signed CA certificates are accepted: an
 * end-entity or intermediate certificate is never an anchor.
 */
export async function importX509Root(
  input: Uint8Array,
  mode: ImportMode,
  purpose: 'sign' | 'auth' | 'any',
  now: Date = new Date(),
): Promise<ImportedAnchorRecord> {
  const der = certificateBytes(input);
  let cert;
  try {
    cert = parseJpkiCertificate(der);
  } catch {
    throw new AnchorFormatError('anchor-not-pem-or-der', 'not an X.509 certificate');
  }
  const d = cert.decoded;
  if (!cert.basicConstraints?.ca) throw new AnchorFormatError('anchor-not-a-root', 'not a CA certificate (basicConstraints CA:TRUE missing)');
  if (!bytesEqual(d.subjectName, d.issuerName) || !(await isSignedBy(cert, cert.spki))) {
    throw new AnchorFormatError('anchor-not-a-root', 'not self-signed: only root certificates can be trust anchors');
  }
  const sha256 = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der.slice())), ':');
  return { kind: 'x509-root', mode, purpose, name: cert.subject, sha256, derBase64: b64(der), importedAt: now.toISOString() };
}

/** A CV CA public key: 16-byte key id, RSA modulus and exponent as hex (the trust README's format). */
export function importCvCaKey(entry: { keyIdHex: string; modulusHex: string; exponentHex: string; name?: string }, mode: ImportMode, now: Date = new Date()): ImportedAnchorRecord {
  let keyId: Uint8Array;
  let modulus: Uint8Array;
  let exponent: Uint8Array;
  try {
    keyId = fromHex(entry.keyIdHex);
    modulus = fromHex(entry.modulusHex);
    exponent = fromHex(entry.exponentHex);
  } catch {
    throw new AnchorFormatError('anchor-bad-cv-key', 'key id, modulus and exponent must be hex');
  }
  if (keyId.length !== 16) throw new AnchorFormatError('anchor-bad-cv-key', 'a CV key id has 16 bytes');
  if (modulus.length !== 256 || (modulus[0]! & 0x80) === 0 || (modulus[255]! & 1) === 0) throw new AnchorFormatError('anchor-bad-cv-key', 'modulus must be RSA-2048');
  if (exponent.length === 0 || exponent.length > 4 || (exponent[exponent.length - 1]! & 1) === 0) throw new AnchorFormatError('anchor-bad-cv-key', 'bad public exponent');
  const name = entry.name ?? `${String.fromCharCode(...keyId.subarray(0, 7))}/${String.fromCharCode(...keyId.subarray(9, 12))}`;
  return { kind: 'cv-ca-key', mode, name, keyIdHex: toHex(keyId), modulusHex: toHex(modulus), exponentHex: toHex(exponent), importedAt: now.toISOString() };
}

/** The anchors of `mode` among the records, ready for createTrustStore({ imported }). */
export function anchorSetFromRecords(records: readonly ImportedAnchorRecord[], mode: ImportMode): AnchorSet {
  const cvCaKeys: CvCaKey[] = [];
  const x509Anchors: X509Anchor[] = [];
  for (const r of records) {
    if (r.mode !== mode) continue;
    if (r.kind === 'x509-root') {
      x509Anchors.push({ der: unb64(r.derBase64), name: r.name, hierarchy: 'operator', provenance: `operator-imported ${r.importedAt} (${r.sha256})`, purpose: r.purpose });
    } else if (r.kind === 'cv-ca-key') {
      cvCaKeys.push({
        keyId: fromHex(r.keyIdHex),
        name: r.name,
        hierarchy: 'operator',
        provenance: `operator-imported ${r.importedAt}`,
        modulus: fromHex(r.modulusHex),
        exponent: fromHex(r.exponentHex),
      });
    }
  }
  return { cvCaKeys, x509Anchors };
}

/** Persistence of imported anchors: a JSON file in Node, IndexedDB in the browser. */
export interface AnchorRepository {
  load(): Promise<ImportedAnchorRecord[]>;
  save(records: readonly ImportedAnchorRecord[]): Promise<void>;
}
