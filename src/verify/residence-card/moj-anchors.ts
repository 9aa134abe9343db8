/**
 * The pinned MOJ residence-card CAs (data/moj-anchors.json) and the operator's import of their
 * DER files: `validateMojAnchorImport` is pure — it checks the bytes and returns an RcAnchor or
 * throws; storing it (kazasu trust import, Settings) is the caller's job.
 *
 * MOJ's certificates are not committed (they were not obtainable here). An operator downloads
 * them from moj.go.jp (URLs in the data file); a file whose SHA-256 matches no pinned
 * fingerprint is refused, so a look-alike CA cannot be slipped in.
 */
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import { toHex } from '../../bytes/hex';
import { KazasuError } from '../../errors/kazasu-error';
import { decodeCertificate } from '../jpki/x509-v3';
import type { ImportedAnchorRecord, ImportedDocumentAnchorRecord } from '../trust/anchor-import';
import { certificateBytes } from '../trust/pem';
import type { DocumentAnchor } from '../trust/trust-anchors';
import data from './data/moj-anchors.json' with { type: 'json' };
import type { RcAnchor, RcAnchorHierarchy } from './rc-trust';

export interface MojAnchorPin {
  readonly id: string;
  readonly name: string;
  readonly generation: 1 | 2;
  readonly mode: 'production' | 'test';
  readonly algorithm: string;
  readonly validity: string;
  /** Upper-case hex, 64 digits. */
  readonly sha256: string;
  readonly files: readonly string[];
}

export const MOJ_ANCHOR_PINS: readonly MojAnchorPin[] = data.anchors.map((a) => ({
  id: a.id,
  name: a.name,
  generation: a.generation === 2 ? 2 : 1,
  mode: a.mode === 'test' ? 'test' : 'production',
  algorithm: a.algorithm,
  validity: a.validity,
  sha256: a.sha256.toUpperCase(),
  files: a.files,
}));

export const MOJ_PUBLICATION_PAGES = data.publicationPages;

export class RcAnchorImportError extends KazasuError {
  constructor(
    readonly code: 'rc-anchor-not-a-certificate' | 'rc-anchor-unknown-fingerprint' | 'rc-anchor-wrong-mode',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Check a certificate file an operator imports (DER or PEM) against the pins. Returns the
 * anchor (production or test hierarchy, as the pin says) or throws RcAnchorImportError:
 * 'rc-anchor-unknown-fingerprint' when the SHA-256 matches no pin.
 */
export async function validateMojAnchorImport(input: Uint8Array, options: { pins?: readonly MojAnchorPin[]; now?: Date } = {}): Promise<{ anchor: RcAnchor; pin: MojAnchorPin }> {
  const pins = options.pins ?? MOJ_ANCHOR_PINS;
  let der: Uint8Array;
  try {
    der = certificateBytes(input).slice();
    decodeCertificate(der);
  } catch {
    throw new RcAnchorImportError('rc-anchor-not-a-certificate', 'the file is not an X.509 certificate (DER or PEM)');
  }
  const sha256 = toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice())));
  const pin = pins.find((p) => p.sha256 === sha256);
  if (!pin) {
    throw new RcAnchorImportError(
      'rc-anchor-unknown-fingerprint',
      `refused: SHA-256 ${sha256} matches none of the ${pins.length} pinned MOJ residence-card CA fingerprints; download the certificate again from ${MOJ_PUBLICATION_PAGES.generation1} or ${MOJ_PUBLICATION_PAGES.generation2}`,
    );
  }
  const hierarchy: RcAnchorHierarchy = pin.mode === 'test' ? 'test' : 'production';
  const at = (options.now ?? new Date()).toISOString();
  return { anchor: { der, name: pin.name, generation: pin.generation, hierarchy, provenance: `${pin.id} pinned, operator-imported ${at}`, sha256 }, pin };
}

/**
 * An operator's import as a stored record (kazasu trust import --document residence-card, the
 * kiosk's Settings): the pin decides the mode — a production MOJ CA goes to production, MOJ's
 * test CA to the test mode ('jpki-test' stored). `expectMode`, when the operator named one, must
 * agree, or the import is refused ('rc-anchor-wrong-mode').
 */
export async function importMojAnchor(input: Uint8Array, options: { expectMode?: 'production' | 'jpki-test'; now?: Date; pins?: readonly MojAnchorPin[] } = {}): Promise<ImportedDocumentAnchorRecord> {
  const { anchor, pin } = await validateMojAnchorImport(input, { ...(options.pins ? { pins: options.pins } : {}), ...(options.now ? { now: options.now } : {}) });
  const mode = pin.mode === 'test' ? 'jpki-test' : 'production';
  if (options.expectMode && options.expectMode !== mode) {
    throw new RcAnchorImportError('rc-anchor-wrong-mode', `refused: ${pin.name} is MOJ's ${pin.mode === 'test' ? 'TEST' : 'production'} CA, so it belongs to ${pin.mode === 'test' ? 'test' : 'production'} mode, not ${options.expectMode === 'jpki-test' ? 'test' : 'production'} mode`);
  }
  return {
    kind: 'document-anchor',
    document: 'residence-card',
    mode,
    pinId: pin.id,
    name: pin.name,
    sha256: anchor.sha256,
    generation: pin.generation,
    derBase64: bytesToBase64(anchor.der),
    importedAt: (options.now ?? new Date()).toISOString(),
  };
}

/**
 * The residence-card anchors among stored records, each re-checked against the pins (a record
 * edited on disk — another certificate, another mode — is dropped and named in `refused`).
 */
export async function residenceAnchorsFromRecords(records: readonly ImportedAnchorRecord[], pins: readonly MojAnchorPin[] = MOJ_ANCHOR_PINS): Promise<{ anchors: DocumentAnchor[]; refused: string[] }> {
  const anchors: DocumentAnchor[] = [];
  const refused: string[] = [];
  for (const r of records) {
    if (r.kind !== 'document-anchor' || r.document !== 'residence-card') continue;
    try {
      const { anchor, pin } = await validateMojAnchorImport(base64ToBytes(r.derBase64), { pins });
      const mode = pin.mode === 'test' ? 'jpki-test' : 'production';
      if (pin.id !== r.pinId || mode !== r.mode) throw new RcAnchorImportError('rc-anchor-wrong-mode', 'the stored record does not match its pin');
      anchors.push({ document: 'residence-card', der: anchor.der, name: anchor.name, hierarchy: anchor.hierarchy, generation: anchor.generation, sha256: anchor.sha256, provenance: `${pin.id} pinned, operator-imported ${r.importedAt}` });
    } catch {
      refused.push(r.sha256);
    }
  }
  return { anchors, refused };
}
