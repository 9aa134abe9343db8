import { KazasuError } from '../errors/kazasu-error';
import { StorageError } from './idb';

/** Stable codes of the evidence store. Messages never quote record values (they may be personal). */
export type EvidenceErrorCode =
  | 'evidence-forbidden-data' // the guard found something that must never be stored (see ForbiddenDataError)
  | 'evidence-invalid-input' // a draft, report, policy or context value is not acceptable
  | 'evidence-decrypt-failed' // AES-GCM authentication failed (wrong key, tampered bytes, wrong position)
  | 'evidence-record-malformed' // a decrypted or stored value does not have the expected shape
  | 'evidence-key-missing' // records exist but the database holds no key to read them
  | 'evidence-write-aborted' // the append transaction aborted; nothing was written
  | 'evidence-conflict' // another writer moved the chain head while we prepared an entry
  | 'evidence-chain-invalid' // a write was refused because the chain head does not verify
  | 'evidence-unknown-record' // appendResolution names a record id that is not stored
  | 'evidence-not-pending' // appendResolution names a check that the record holds no pending question for
  | 'evidence-storage-failed'; // IndexedDB refused a request

export class EvidenceError extends KazasuError {
  readonly code: EvidenceErrorCode;

  constructor(code: EvidenceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Map an IndexedDB failure to an EvidenceError: an aborted transaction is 'evidence-write-aborted'. */
export function storageFailure(e: unknown, what: string): never {
  if (e instanceof EvidenceError) throw e;
  if (e instanceof StorageError && e.code === 'storage-aborted') throw new EvidenceError('evidence-write-aborted', `${what}: transaction aborted, nothing written`, { cause: e });
  throw new EvidenceError('evidence-storage-failed', `${what}: IndexedDB failed`, { cause: e });
}

/** What the forbidden-data guard found. */
export type ForbiddenDataKind =
  /** A run of 12 digits (4-4-4 groups with a space or hyphen count too): looks like a 個人番号. */
  | 'my-number-like'
  /** A run of 14 digits: looks like a 照合番号B. */
  | 'code-b-like'
  /** A member name that names a PIN, password or other card credential. */
  | 'credential-field'
  /** A member name that names the My Number or 照合番号. */
  | 'my-number-field'
  /** A member name the document's own rules forbid (e.g. the driver's licence's 本籍). */
  | 'document-forbidden-field';

/** Thrown by assertNoForbiddenData. `path` names the member (e.g. `personal.address`), never its value. */
export class ForbiddenDataError extends EvidenceError {
  readonly kind: ForbiddenDataKind;
  readonly path: string;

  constructor(kind: ForbiddenDataKind, path: string) {
    super('evidence-forbidden-data', `refusing to store evidence: ${kind} at ${path}`);
    this.kind = kind;
    this.path = path;
  }
}

export type OperatorPinErrorCode =
  | 'operator-pin-format' // the new PIN is not 6–16 digits
  | 'operator-pin-not-set'
  | 'operator-pin-already-set' // set() without replaceExisting over an existing PIN
  | 'operator-pin-weak-parameters' // fewer PBKDF2 iterations than the floor
  | 'operator-pin-storage-failed'
  | 'operator-pin-record-malformed';

export class OperatorPinError extends KazasuError {
  readonly code: OperatorPinErrorCode;

  constructor(code: OperatorPinErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
