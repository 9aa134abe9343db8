/**
 * JPKI-AP EF 0008 — 3 bytes; `8F 8F 00` = both certificates present, first byte ≠ 8F = no 署名用
 * certificate (e.g. holder under 15) (spec §2.4, single source MC). Reading the second byte as the
 * 利用者証明用 flag is an inference by symmetry: UNCONFIRMED.
 */
import { CardRecordError } from '../card-error';
import { ownCopy } from './record-helpers';

const RECORD = 'jpki-ap/ef0008';
const PRESENT = 0x8f;

export interface CertificateAvailability {
  readonly hasSignCertificate: boolean;
  /** UNCONFIRMED interpretation of byte 1. */
  readonly hasAuthCertificate: boolean;
  readonly raw: Uint8Array;
}

export function parseCertificateAvailability(bytes: Uint8Array): CertificateAvailability {
  if (bytes.length !== 3) throw new CardRecordError('record-bad-length', RECORD, `expected 3 bytes, got ${bytes.length}`);
  const raw = ownCopy(bytes);
  return { hasSignCertificate: raw[0] === PRESENT, hasAuthCertificate: raw[1] === PRESENT, raw };
}
