import { KazasuError } from '../../errors/kazasu-error';

/**
 * Sends one ISO/IEC 14443 frame to the card (the reader adds and checks CRC_B) and resolves with
 * the card's frame (CRC_B already checked and removed). `timeoutMs` is how long the reader waits
 * for the card's answer.
 *
 * A failure ISO-DEP can recover from (the card said nothing in time, or said something the
 * reader could not receive cleanly) rejects with RfExchangeError. Anything else (the reader was
 * unplugged, the reader itself misbehaved) rejects with a TransportError, which ISO-DEP passes on
 * unchanged because no retransmission can help.
 */
export type FrameExchanger = (frame: Uint8Array, timeoutMs: number) => Promise<Uint8Array>;

export type RfExchangeErrorCode =
  /** No frame from the card within the timeout (reader status RECEIVE_TIMEOUT). */
  | 'rf-timeout'
  /** A frame arrived but was damaged: CRC, parity, collision, overflow, framing. */
  | 'rf-garbled';

/** One RF exchange failed in a way ISO 14443-4 §7.5.4 answers with R(NAK) / R(ACK). */
export class RfExchangeError extends KazasuError {
  constructor(
    readonly code: RfExchangeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
