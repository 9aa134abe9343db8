/**
 * Every document the kiosk can read. Registering a document is one line in DOCUMENT_DRIVERS
 * (docs/ARCHITECTURE.md "Adding a document"); the kiosk session, the runner, the CLI, the check
 * catalogue and the evidence store find it here.
 */
import { CardChannel } from '../cards/iso7816/card-channel';
import { NO_DOCUMENT_RULES, type ForbiddenDataRules } from '../evidence/forbidden-data';
import type { CardEvent, CardTransport, TransmitOptions } from '../transport/card-transport';
import type { DocumentKind } from '../verify/report';
import type { AnyDocumentDriver, Detection, DetectionHint, DocumentDriver } from './document-driver';
import { DetectionCommandRefusedError } from './document-errors';
import { LICENCE_DRIVER } from './licence/licence-driver';
import { MYNUMBER_DRIVER } from './mynumber/mynumber-driver';
import { RESIDENCE_CARD_DRIVER } from './residence-card/residence-card-driver';

/**
 * The registered drivers, in detection order: the card most often presented first, so the usual
 * case costs the fewest APDUs.
 */
export const DOCUMENT_DRIVERS = [MYNUMBER_DRIVER, RESIDENCE_CARD_DRIVER, LICENCE_DRIVER] as const;

type Registered = (typeof DOCUMENT_DRIVERS)[number];

/** A registered document's kind. */
export type RegisteredDocumentKind = Registered['kind'];
type Parts<D> = D extends DocumentDriver<infer R, infer C, infer L> ? { readonly report: R; readonly credential: C; readonly label: L } : never;

/** The report of any registered document; narrow on `report.document` for its own attributes and images. */
export type DocumentReport = Parts<Registered>['report'];
/** Credential ids of every registered document (what a kiosk screen may ask for). */
export type CredentialKind = Parts<Registered>['credential'];
/** Progress labels of every registered document's steps. */
export type StepLabel = Parts<Registered>['label'];

const BY_KIND: ReadonlyMap<DocumentKind, AnyDocumentDriver> = new Map(DOCUMENT_DRIVERS.map((d) => [d.kind, d as AnyDocumentDriver]));

/** The driver of `kind`, or undefined when that document is not registered (yet). */
export function documentDriver(kind: string): AnyDocumentDriver | undefined {
  return BY_KIND.get(kind as DocumentKind);
}

/** Registered document kinds, in detection order. */
export function documentKinds(): RegisteredDocumentKind[] {
  return DOCUMENT_DRIVERS.map((d) => d.kind);
}

/** The forbidden-data rules of `kind` for the evidence store; none added for an unregistered kind. */
export function forbiddenDataRules(kind: DocumentKind): ForbiddenDataRules {
  return BY_KIND.get(kind)?.evidence.forbidden ?? NO_DOCUMENT_RULES;
}

// ------------------------------------------------------------------------------ detection

/**
 * What detection may send: SELECT, READ BINARY / READ RECORD (both forms), GET DATA and GET
 * RESPONSE, interindustry class only. Nothing that spends a try (VERIFY), changes reference data
 * or security state (authentication, MSE, PSO) or writes.
 */
const DETECTION_INS = new Set([0xa4, 0xb0, 0xb1, 0xb2, 0xb3, 0xca, 0xcb, 0xc0]);

/**
 * A transport that refuses, while `detecting`, every command detection may not send (and never
 * lets it reach the card). The channel over it carries on to the tries read afterwards, so a DF
 * the detection selected is not selected again.
 */
class DetectionGuard implements CardTransport {
  detecting = false;
  constructor(private readonly inner: CardTransport) {}
  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect(): Promise<void> {
    return this.inner.connect();
  }
  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
  isCardPresent(): boolean {
    return this.inner.isCardPresent();
  }
  onEvent(listener: (event: CardEvent) => void): () => void {
    return this.inner.onEvent(listener);
  }
  transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    if (this.detecting) {
      const cla = command[0] ?? 0xff;
      const ins = command[1] ?? 0xff;
      if ((cla & 0x80) !== 0 || !DETECTION_INS.has(ins)) return Promise.reject(new DetectionCommandRefusedError(ins));
    }
    return this.inner.transmit(command, options);
  }
}

export interface DetectedDocument {
  readonly driver: AnyDocumentDriver;
  readonly detection: Extract<Detection, { kind: 'match' }>;
}

/**
 * One placement of a card: a channel to it, which registered document it is (without spending
 * a try), and then that document's tries on the same channel.
 */
export class CardProbe {
  readonly channel: CardChannel;
  private readonly guard: DetectionGuard;

  constructor(transport: CardTransport) {
    this.guard = new DetectionGuard(transport);
    this.channel = new CardChannel(this.guard);
  }

  /**
   * The first of `candidates` (default: every registered document, in order) whose driver
   * recognises the card; undefined when none does. Transport errors (card removed) propagate.
   */
  async detect(hint: DetectionHint, candidates: readonly AnyDocumentDriver[] = DOCUMENT_DRIVERS): Promise<DetectedDocument | undefined> {
    this.guard.detecting = true;
    try {
      for (const driver of candidates) {
        const detection = await driver.detect(this.channel, hint);
        if (detection.kind === 'match') return { driver, detection };
      }
      return undefined;
    } finally {
      this.guard.detecting = false;
    }
  }

  close(): void {
    this.channel.close();
  }
}
