/**
 * Verifying a card from a recording (documents/card-recording.ts) with the one runner
 * (run-verification.ts): the document's driver plans the purpose's steps over the recording
 * (`DocumentDriver.recording`), and the report is the same report a card on the reader gives,
 * with `transport: 'recording'` and the recording.* checks first.
 */
import type { AnyDocumentDriver } from '../documents/document-driver';
import type { CardRecording } from '../documents/card-recording';
import { KazasuError } from '../errors/kazasu-error';
import { documentDriver, type DocumentReport } from '../documents/registry';
import { UnknownDocumentError, UnsupportedPurposeError } from '../documents/document-errors';
import { TransportError, type CardTransport } from '../transport/card-transport';
import type { Purpose } from './purposes';
import { runVerification } from './run-verification';
import type { ProgressListener, VerificationEnvironment } from './verification-environment';

/** The document of a recording has no driver support for verifying recordings (yet). */
export class RecordingUnsupportedError extends KazasuError {
  readonly code = 'recording-unsupported' as const;
  constructor(readonly document: string) {
    super(`verifying a ${document} from a recording is not supported yet`);
  }
}

/** No reader: every command is refused (the steps of a recorded plan never send one). */
class NoCardTransport implements CardTransport {
  readonly kind = 'recording' as const;
  readonly capabilities = { extendedLength: false, maxCommandLength: 0, maxResponseLength: 0 };
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
  transmit(): Promise<Uint8Array> {
    return Promise.reject(new TransportError('not-connected', 'a recording has no card to send commands to'));
  }
  isCardPresent(): boolean {
    return false;
  }
  onEvent(): () => void {
    return () => undefined;
  }
}

/**
 * Verify `recording` for `purpose`. Throws UnknownDocumentError (no such driver),
 * RecordingUnsupportedError (the driver cannot verify recordings), UnsupportedPurposeError and
 * RecordingIncompleteError (the recording lacks what the purpose reads).
 */
export async function verifyRecording(
  recording: CardRecording,
  purpose: Purpose,
  env: VerificationEnvironment,
  onProgress?: ProgressListener,
  options: { readonly document?: AnyDocumentDriver } = {},
): Promise<DocumentReport> {
  const driver = options.document ?? documentDriver(recording.document);
  if (!driver || driver.kind !== recording.document) throw new UnknownDocumentError();
  const support = driver.recording;
  if (!support) throw new RecordingUnsupportedError(driver.kind);
  if (!driver.purposes[purpose.id]) throw new UnsupportedPurposeError(driver.kind, purpose.id);
  // The same driver, planning over the recording instead of the card (checked here, before the runner starts).
  const plan = support.plan(purpose.id, recording);
  // What a recording must also pass (DocumentRecordingSupport.requiredChecks) joins the purpose's required checks.
  const use = driver.purposes[purpose.id]!;
  const extra = support.requiredChecks?.(purpose.id) ?? [];
  const purposes = extra.length > 0 ? { ...driver.purposes, [purpose.id]: { ...use, requiredChecks: [...new Set([...use.requiredChecks, ...extra])] } } : driver.purposes;
  const recorded: AnyDocumentDriver = { ...driver, purposes, plan: () => plan };
  return runVerification(new NoCardTransport(), purpose, {}, env, onProgress, { document: recorded });
}
