import { KazasuError } from '../errors/kazasu-error';

/** What a reader path can carry. Card modules read these to pick short or extended APDUs. */
export interface TransportCapabilities {
  /** The path passes ISO 7816-4 extended-length APDUs end to end. */
  readonly extendedLength: boolean;
  /** Largest command APDU (header + Lc + data + Le) the path accepts, in bytes. */
  readonly maxCommandLength: number;
  /** Largest response APDU (data + SW1 SW2) the path returns, in bytes. */
  readonly maxResponseLength: number;
}

export type CardEvent =
  | { readonly type: 'card-present' }
  /** connect() powered the card up: no DF is selected and no security status holds. */
  | { readonly type: 'card-activated' }
  | { readonly type: 'card-removed' }
  | { readonly type: 'reader-removed' };

export type CardEventListener = (event: CardEvent) => void;

/** What the caller knows about one command beyond its bytes. */
export interface TransmitOptions {
  /**
   * This is a VERIFY the person explicitly confirmed although the card reports one try left.
   * Paths that enforce the last-try rule themselves (the PC/SC bridge) refuse such a VERIFY
   * without it; other paths ignore it.
   */
  readonly lastTryConfirmed?: boolean;
}

/** Which reader path a transport uses; recorded in reports and evidence. */
export type TransportKind =
  | 'simulated'
  | 'webusb-port100'
  | 'webusb-rcs300'
  | 'webusb-ccid'
  | 'smartcard-api'
  | 'bridge'
  | 'native'
  | 'pcsc'
  /** No reader: a card verified from a recording (documents/card-recording.ts, `kazasu verify --dump`). */
  | 'recording';

/**
 * A connection to one card through one reader path.
 *
 * `transmit` sends one complete command APDU and resolves with the complete response APDU
 * (data ‖ SW1 SW2). It does not interpret status words: 61xx / 6Cxx handling lives in
 * `apdu/exchange`. Every byte it returns is untrusted.
 */
export interface CardTransport {
  readonly kind: TransportKind;
  readonly capabilities: TransportCapabilities;
  /** Power up / activate the card. Rejects with a TransportError. */
  connect(): Promise<void>;
  transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
  disconnect(): Promise<void>;
  isCardPresent(): boolean;
  /** Subscribe to presence events; returns an unsubscribe function. */
  onEvent(listener: CardEventListener): () => void;
}

export type TransportErrorCode =
  | 'not-connected'
  | 'no-card'
  | 'card-removed'
  | 'reader-unplugged'
  | 'permission-denied'
  | 'timeout'
  | 'protocol'
  | 'unsupported';

export class TransportError extends KazasuError {
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * A fresh error saying the same (same class, code, reason and other fields, its own stack),
   * whose cause is this one: what every later call fails with once a session ended for this
   * reason (e.g. each transmit after the card left).
   */
  repeat(): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    const stack = (new Error(this.message).stack ?? '').split('\n').slice(1).join('\n');
    Object.defineProperties(copy, {
      message: { value: this.message, writable: true, configurable: true },
      cause: { value: this, writable: true, configurable: true },
      stack: { value: `${this.name}: ${this.message}\n${stack}`, writable: true, configurable: true },
    });
    return copy;
  }
}

/** A TransportError that also names the path's own stable reason, which the UI explains. */
export class ReasonedTransportError<R extends string = string> extends TransportError {
  constructor(
    code: TransportErrorCode,
    readonly reason: R,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
