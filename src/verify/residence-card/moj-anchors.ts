/**
 * The pinned MOJ residence-card CAs (data/moj-anchors.json) and the operator's import of their
 * DER files: `validateMojAnchorImport` is pure — it checks the bytes and returns an RcAnchor or
 * throws; storing it (kazasu trust import, Settings) is the caller's job.
 *
 * MOJ's certificates are not committed (they were not obtainable here). An operator downloads
 * them from moj.go.jp (URLs in the data file); a file whose SHA-256 matches no pinned
 * fingerprint is refused, so a look-alike CA cannot be slipped in.
 */
import { toHex } from '../../bytes/hex';
import { KazasuError } from '../../errors/kazasu-error';
import { decodeCertificate } from '../jpki/x509-v3';
import { certificateBytes } from '../trust/pem';
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
    readonly code: 'rc-anchor-not-a-certificate' | 'rc-anchor-unknown-fingerprint',
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
  if (!pin) throw new RcAnchorImportError('rc-anchor-unknown-fingerprint', `SHA-256 ${sha256} is not a pinned MOJ residence-card CA`);
  const hierarchy: RcAnchorHierarchy = pin.mode === 'test' ? 'test' : 'production';
  const at = (options.now ?? new Date()).toISOString();
  return { anchor: { der, name: pin.name, generation: pin.generation, hierarchy, provenance: `${pin.id} pinned, operator-imported ${at}`, sha256 }, pin };
}
