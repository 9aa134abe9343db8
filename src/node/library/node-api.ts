/**
 * The Node-only part of the library (`import { … } from 'kazasu'` in Node): PC/SC readers in this
 * process, verification with the CLI's PIN safety, and recordings on disk. Used by the CLI's
 * commands too, so the README's library example and `kazasu verify --reader` share one path.
 */
import type { AnyDocumentDriver } from '../../documents/document-driver';
import type { DocumentReport } from '../../documents/registry';
import type { RetryStatus } from '../../cards/iso7816/pin-guard';
import type { VerificationEnvironment } from '../../documents/verification-environment';
import { credentialNeeds, describeMissing } from '../../documents/credential-needs';
import { MissingCredentialError } from '../../documents/step-helpers';
import { purpose as purposeById } from '../../session/purposes';
import { runVerification, type VerificationCredentials } from '../../session/run-verification';
import { TransportError, type CardTransport } from '../../transport/card-transport';
import type { PurposeId, TrustMode } from '../../verify/report';
import { UsageError } from '../cli/cli-args';
import { cardOnReader } from '../cli/card-on-reader';
import { chooseReader, DEFAULT_READER_WAIT_MS, openPcsc, sortedReaders } from '../cli/card-source';
import { OneTryPerRunTransport } from '../cli/one-try-per-run';
import { listReaders, type ReaderListing } from '../cli/readers-command';
import { verificationEnvironment } from '../cli/verification-environment';
import { PcscCardTransport } from '../pcsc/pcsc-card-transport';

export { PcscCardTransport, type PcscCardTransportOptions } from '../pcsc/pcsc-card-transport';
export { openPcscliteService, PCSCLITE_INSTALL_HINT } from '../bridge/pcsclite-service';
export { PcscError, type PcscService, type PcscReaderState, type PcscEvent } from '../bridge/pcsc-service';
export { loadRecording, writeRecording } from '../recording/recording-files';
export type { ReaderListing } from '../cli/readers-command';
export { CredentialRefusedError, DocumentMismatchError } from '../cli/card-on-reader';

/** The PC/SC readers, the card on each (ATR) and which registered document it is (no VERIFY is sent). */
export async function listPcscReaders(options: { readonly waitMs?: number } = {}): Promise<ReaderListing[]> {
  const service = await openPcsc(options.waitMs ?? DEFAULT_READER_WAIT_MS);
  try {
    return await listReaders(service);
  } finally {
    await service.close();
  }
}

export interface PcscReader {
  /** The reader's PC/SC name. */
  readonly name: string;
  /** Connected to the card (exclusive; reset on close). */
  readonly transport: PcscCardTransport;
  /** Disconnect (resetting the card) and close PC/SC. */
  close(): Promise<void>;
}

/**
 * Connect to the card on a PC/SC reader: by index (as `kazasu readers` and listPcscReaders number
 * them, sorted by name) or by exact name; default the first reader.
 */
export async function openPcscReader(select: number | string = 0, options: { readonly waitMs?: number; readonly extendedLength?: boolean } = {}): Promise<PcscReader> {
  const service = await openPcsc(options.waitMs ?? DEFAULT_READER_WAIT_MS);
  try {
    const reader = chooseReader(sortedReaders(service), String(select));
    if (!reader.cardPresent) throw new TransportError('no-card', `no card on the reader "${reader.name}"`);
    const transport = new PcscCardTransport(service, reader.name, options.extendedLength === undefined ? {} : { extendedLength: options.extendedLength });
    await transport.connect();
    return {
      name: reader.name,
      transport,
      close: async () => {
        await transport.disconnect().catch(() => undefined);
        await service.close();
      },
    };
  } catch (e) {
    await service.close();
    throw e;
  }
}

/** Trust store, revocation and clock for verifications in Node (what the CLI uses). */
export function verificationEnvironmentFor(options: { readonly trust?: TrustMode; readonly revocation?: string; readonly now?: Date } = {}): Promise<VerificationEnvironment> {
  return verificationEnvironment(options.trust ?? 'production', options.revocation, options.now);
}

export interface VerifyCardOptions {
  readonly purpose: PurposeId;
  /**
   * By the driver's credential ids (My Number Card: codeB, signPassword, birthDateKey, authPin),
   * or a function of the recognised document's driver (and the variant detection named) giving
   * them. Never logged or kept.
   */
  readonly credentials: Readonly<Record<string, string>> | ((driver: AnyDocumentDriver, variant: string | undefined) => Readonly<Record<string, string>>);
  /**
   * The environment, or a function building it for the recognised document (the CLI builds only
   * that document's simulator CAs and trust: verification-environment.ts).
   */
  readonly environment: VerificationEnvironment | ((driver: AnyDocumentDriver) => Promise<VerificationEnvironment>);
  /** The holder agreed to use a last remaining try. */
  readonly confirmLastTry?: boolean;
  /** The document; otherwise the card is recognised (SELECT and free reads only). */
  readonly document?: AnyDocumentDriver;
}

/**
 * Refuse a run that lacks a credential the purpose needs (documents/credential-needs.ts: per
 * variant, a credential that replaces another counts for it). Names and options, never values.
 */
function refuseMissing(driver: AnyDocumentDriver, purpose: PurposeId, given: Readonly<Record<string, string>>, variant: string | undefined): readonly string[] {
  if (!driver.purposes[purpose]) throw new UsageError(`the ${purpose} purpose is not supported for a ${driver.title.en}`);
  const needs = credentialNeeds(driver, purpose, given, variant);
  if (needs.missing.length > 0) throw new MissingCredentialError(describeMissing(driver, needs.missing));
  return needs.send;
}

/**
 * Verify the card on `transport` with the kiosk's PIN safety: the document is recognised without
 * a VERIFY, the tries left are read first, a blocked credential or a last try without
 * `confirmLastTry` is refused before anything is sent (CredentialRefusedError), and each
 * credential goes to the card at most once. A missing credential (MissingCredentialError, code
 * 'credential-missing') is refused before any card I/O when `document` is given and the
 * credentials are a record; otherwise right after detection (SELECT and free reads only), before
 * the tries are read.
 */
export async function verifyCard(transport: CardTransport, options: VerifyCardOptions): Promise<{ report: DocumentReport; tries: Readonly<Record<string, RetryStatus>> }> {
  const purpose = purposeById(options.purpose);
  if (!purpose) throw new UsageError(`no purpose ${options.purpose}`);
  const confirmLastTry = options.confirmLastTry === true;
  // Before the card: what every variant of the named document needs.
  if (options.document && typeof options.credentials !== 'function') refuseMissing(options.document, purpose.id, options.credentials, undefined);
  const guarded = new OneTryPerRunTransport(transport);
  let given: Readonly<Record<string, string>> = {};
  const { driver, tries } = await cardOnReader(
    guarded,
    options.document,
    purpose.id,
    (d, variant) => {
      given = typeof options.credentials === 'function' ? options.credentials(d, variant) : options.credentials;
      return refuseMissing(d, purpose.id, given, variant);
    },
    confirmLastTry,
  );
  const credentials = { ...(given as VerificationCredentials), confirmLastTry };
  const environment = typeof options.environment === 'function' ? await options.environment(driver) : options.environment;
  const report = await runVerification(guarded, purpose, credentials, environment, undefined, { document: driver });
  return { report, tries };
}
