import type { RetryStatus } from '../../cards/iso7816/pin-guard';
import type { AnyDocumentDriver } from '../../documents/document-driver';
import { UnknownDocumentError } from '../../documents/document-errors';
import { CardProbe } from '../../documents/registry';
import { KazasuError } from '../../errors/kazasu-error';
import type { CardTransport, TransmitOptions } from '../../transport/card-transport';
import type { PurposeId } from '../../verify/report';

/** The card on the reader is not the document `--document` named. */
export class DocumentMismatchError extends KazasuError {
  readonly code = 'document-mismatch' as const;
}

/**
 * A credential refused before anything was sent to the card: blocked, or at its last try
 * without `--confirm-last-try`. Names the credential and its option, never its value.
 */
export class CredentialRefusedError extends KazasuError {
  constructor(
    readonly code: 'credential-blocked' | 'credential-last-try',
    readonly credential: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CardOnReader {
  readonly driver: AnyDocumentDriver;
  /** Tries left of the credentials the run will send, read before any of them (no try used). */
  readonly tries: Readonly<Record<string, RetryStatus>>;
}

/**
 * Which document is on the reader — the one `--document` named (checked: the card must answer
 * as that document) or the first registered one that recognises it — and the tries left of the
 * credentials `needed`, read on the same channel without using a try (SELECT, free reads and
 * empty VERIFYs only). Refuses, before any VERIFY, a blocked credential and a last try without
 * `confirmLastTry`: the kiosk's rule (session/kiosk-session.ts submitCredentials).
 */
export async function cardOnReader(
  transport: CardTransport,
  chosen: AnyDocumentDriver | undefined,
  purpose: PurposeId | undefined,
  /** The credentials the run sends, from the recognised document and the variant detection named; may throw to refuse before any VERIFY. */
  needed: (driver: AnyDocumentDriver, variant: string | undefined) => readonly string[],
  confirmLastTry: boolean,
): Promise<CardOnReader> {
  const probe = new CardProbe(transport);
  try {
    const found = await probe.detect(purpose ? { purpose } : {}, chosen ? [chosen] : undefined);
    if (!found) {
      if (chosen) throw new DocumentMismatchError(`the card on the reader does not answer as a ${chosen.title.en} (--document ${chosen.kind})`);
      throw new UnknownDocumentError();
    }
    const driver = found.driver;
    const ids = needed(driver, found.detection.variant);
    const tries = ids.length > 0 ? ((await driver.readTries(probe.channel, ids)) as Record<string, RetryStatus>) : {};
    for (const id of ids) {
      const t = tries[id];
      const option = `--${driver.credentials[id]?.flag ?? id}`;
      if (t?.kind === 'blocked') throw new CredentialRefusedError('credential-blocked', id, `${id} (${option}) is blocked on this card: no VERIFY was sent`);
      if (t?.kind === 'tries-left' && t.left === 1 && !confirmLastTry) {
        throw new CredentialRefusedError('credential-last-try', id, `${id} (${option}) has one try left: nothing was sent to the card`);
      }
    }
    return { driver, tries };
  } finally {
    probe.close();
  }
}

/** "10 tries left", "blocked", … for people. */
export function describeTries(t: RetryStatus | undefined): string {
  if (!t) return 'not on this card';
  switch (t.kind) {
    case 'tries-left':
      return `${t.left} ${t.left === 1 ? 'try' : 'tries'} left`;
    case 'blocked':
      return 'blocked';
    case 'no-limit':
      return 'no retry limit';
    case 'already-verified':
      return 'already verified';
    case 'not-readable':
      return 'counter not readable';
  }
}

/** Counts the APDUs that went over the wire (detection included). */
export class CountingTransport implements CardTransport {
  apdus = 0;
  constructor(private readonly inner: CardTransport) {}
  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect() {
    return this.inner.connect();
  }
  disconnect() {
    return this.inner.disconnect();
  }
  isCardPresent() {
    return this.inner.isCardPresent();
  }
  onEvent(listener: Parameters<CardTransport['onEvent']>[0]) {
    return this.inner.onEvent(listener);
  }
  transmit(command: Uint8Array, options?: TransmitOptions) {
    this.apdus++;
    return this.inner.transmit(command, options);
  }
}
