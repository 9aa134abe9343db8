/**
 * A single CSCA certificate the operator imports on purpose (PEM or DER): a state's CSCA received
 * through diplomatic channels or from its published page, when no master list carries it
 * (9303-12 §5.1: CSCA certificates are distributed bilaterally as well as in master lists).
 * Pure: it checks the bytes and returns the anchor, or throws CscaImportError; storing it is the
 * caller's job (the kiosk's Settings, a trust file).
 *
 * Accepted: an X.509 CA certificate (basicConstraints CA:TRUE, keyCertSign when keyUsage is
 * present) valid at the import time, self-signed or a link certificate (9303-12 §5.1.1). Refused:
 * anything else, and Kazasu's simulator CSCAs (modes never mix: simulator mode has them already).
 */
import { KazasuError } from '../../../errors/kazasu-error';
import type { AnchorHierarchy } from '../../trust/trust-anchors';
import { parsePassportCertificate, type PassportCertificate } from '../certificate';
import { anchorOf, type CscaAnchor } from './passport-trust';
import { derObjects } from './pem-blocks';

export type CscaImportErrorCode = 'csca-not-a-certificate' | 'csca-not-a-ca' | 'csca-not-valid-now' | 'csca-simulator';

export class CscaImportError extends KazasuError {
  constructor(
    readonly code: CscaImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SIMULATOR_MARK = /kazasu simulator/i;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Check one CSCA certificate file and return it as an imported anchor of `hierarchy` ('operator' or 'test'). */
export function importCscaCertificate(input: Uint8Array, hierarchy: Extract<AnchorHierarchy, 'operator' | 'test'>, now: Date, provenance = 'CSCA certificate imported by the operator'): CscaAnchor {
  let cert: PassportCertificate;
  try {
    const objects = derObjects(input, ['CERTIFICATE']);
    if (objects.length !== 1) throw new Error(`${objects.length} certificates in the file`);
    cert = parsePassportCertificate(objects[0]!);
  } catch (e) {
    throw new CscaImportError('csca-not-a-certificate', `not one X.509 certificate (PEM or DER): ${(e as Error).message}`);
  }
  if (SIMULATOR_MARK.test(cert.subject.display) || SIMULATOR_MARK.test(cert.issuer.display)) {
    throw new CscaImportError('csca-simulator', 'a Kazasu Simulator CSCA is trusted in simulator mode only');
  }
  if (!cert.basicConstraints?.ca || (cert.keyUsage && !cert.keyUsage.has('keyCertSign'))) {
    throw new CscaImportError('csca-not-a-ca', `"${cert.subject.display}" is not a CA certificate (a document signer or other end-entity certificate is never a CSCA)`);
  }
  if (now < cert.notBefore || now > cert.notAfter) {
    throw new CscaImportError('csca-not-valid-now', `"${cert.subject.display}" is valid ${day(cert.notBefore)} to ${day(cert.notAfter)}, not at ${day(now)}`);
  }
  return anchorOf(cert, hierarchy, 'imported', `${provenance}, ${now.toISOString()}`);
}
