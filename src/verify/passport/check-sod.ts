/**
 * `checkSod`: passive authentication of a stored security object and data-group files against a
 * trust store — what `kazasu passport check-sod <EF.SOD> [--dg N=<file>]…` runs for integrators
 * and auditors on files read by other tools. Pure: the caller reads the files and builds the
 * trust store (production / jpki-test / simulator, with imported master lists and CRLs).
 */
import { isDataGroupNumber } from '../../cards/passport/lds/lds-files';
import { passiveAuthentication, type PassiveAuthResult } from './passive-auth';
import { PassportVerifyError } from './passport-verify-error';
import type { CscaAnchor, PassportTrustStore } from './trust/passport-trust';

export interface CheckSodOptions {
  /** CSCAs of other modes, to explain "known only in simulator mode" failures. */
  readonly otherAnchors?: readonly CscaAnchor[];
}

/**
 * `dgFiles` maps a data group number (1–16, or "DG1"…"DG16") to the file's exact bytes.
 * Throws PassportVerifyError('pp-bad-argument') for a key that is not a data group; everything
 * about the files themselves is reported as checks.
 */
export async function checkSod(
  sodBytes: Uint8Array,
  dgFiles: ReadonlyMap<number | string, Uint8Array>,
  trust: PassportTrustStore,
  now: Date,
  opts: CheckSodOptions = {},
): Promise<PassiveAuthResult> {
  const dataGroups = new Map<number, Uint8Array>();
  for (const [key, bytes] of dgFiles) {
    const n = typeof key === 'number' ? key : Number(/^(?:DG)?(\d{1,2})$/i.exec(key)?.[1] ?? NaN);
    if (!isDataGroupNumber(n)) throw new PassportVerifyError('pp-bad-argument', `"${String(key)}" is not a data group number (1–16)`);
    if (dataGroups.has(n)) throw new PassportVerifyError('pp-bad-argument', `DG${n} given twice`);
    if (!(bytes instanceof Uint8Array)) throw new PassportVerifyError('pp-bad-argument', `DG${n} is not bytes`);
    dataGroups.set(n, bytes);
  }
  return passiveAuthentication({ sod: sodBytes, dataGroups, trust, now, ...(opts.otherAnchors ? { otherAnchors: opts.otherAnchors } : {}) });
}
