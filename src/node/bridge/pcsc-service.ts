/**
 * What the bridge needs from PC/SC, independent of the binding: reader presence and one
 * exclusive card session at a time per reader. Implemented on @pokusew/pcsclite
 * (pcsclite-service.ts) and, for demos without pcscd, on the simulated card
 * (simulated-pcsc-service.ts).
 */
import { KazasuError } from '../../errors/kazasu-error';

export interface PcscReaderState {
  readonly name: string;
  readonly cardPresent: boolean;
  /** The card's answer to reset, when a card is present and the binding reported it. */
  readonly atr?: Uint8Array;
}

export type PcscEvent =
  | { readonly type: 'reader-added'; readonly reader: string }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-present'; readonly reader: string }
  | { readonly type: 'card-removed'; readonly reader: string };

export interface PcscCardSession {
  readonly atr: Uint8Array;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Resets the card on the way out, so no PIN status survives into another session. */
  disconnect(): Promise<void>;
}

export interface PcscService {
  readers(): readonly PcscReaderState[];
  /**
   * Resolves once the readers present when the service opened have reported their state (PC/SC
   * lists readers and their cards asynchronously), or after `timeoutMs`. For one-shot callers
   * (`kazasu readers`, `--reader`); the bridge follows events instead.
   */
  settled(timeoutMs: number): Promise<void>;
  onEvent(listener: (event: PcscEvent) => void): () => void;
  /** Exclusive connection to the card in `reader`. Rejects with PcscError. */
  connect(reader: string): Promise<PcscCardSession>;
  close(): Promise<void>;
}

export type PcscErrorCode = 'pcsc-unavailable' | 'no-such-reader' | 'no-card' | 'reader-busy' | 'card-removed' | 'reader-removed' | 'transmit-failed';

export class PcscError extends KazasuError {
  constructor(
    readonly code: PcscErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
