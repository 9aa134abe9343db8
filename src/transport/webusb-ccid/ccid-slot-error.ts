/**
 * A command the reader answered with bmCommandStatus = 1 (failed), or with no card in the slot,
 * turned into a TransportError with a stable reason. bError values: CCID rev 1.1 §6.2.6,
 * table 6.2-2 (slot error register).
 */
import { ReasonedTransportError, type TransportErrorCode } from '../card-transport';
import type { CcidResponse } from './ccid-message';

export const SLOT_ERROR = {
  CMD_ABORTED: 0xff,
  ICC_MUTE: 0xfe,
  XFR_PARITY_ERROR: 0xfd,
  XFR_OVERRUN: 0xfc,
  HW_ERROR: 0xfb,
  BAD_ATR_TS: 0xf8,
  BAD_ATR_TCK: 0xf7,
  ICC_PROTOCOL_NOT_SUPPORTED: 0xf6,
  ICC_CLASS_NOT_SUPPORTED: 0xf5,
  PROCEDURE_BYTE_CONFLICT: 0xf4,
  DEACTIVATED_PROTOCOL: 0xf3,
  BUSY_WITH_AUTO_SEQUENCE: 0xf2,
  CMD_SLOT_BUSY: 0xe0,
  CMD_NOT_SUPPORTED: 0x00,
} as const;

/**
 * - `no-card`: the slot reports no card (bmICCStatus 2);
 * - `card-mute`: the card did not answer (ICC_MUTE);
 * - `card-deactivated`: the card is present but no longer powered (bmICCStatus 1, or
 *   DEACTIVATED_PROTOCOL);
 * - `transfer-error`: parity error or overrun between reader and card;
 * - `hardware-error`: the reader reported a hardware fault;
 * - `bad-atr`: the card's ATR was malformed;
 * - `card-unsupported`: the reader cannot use the card's protocol or voltage class;
 * - `reader-busy`: the slot is busy (another command, or the reader's own activation sequence);
 * - `command-aborted`: the reader aborted the command;
 * - `command-not-supported`: the reader does not implement the command;
 * - `bad-parameter`: the reader rejected a field of our message (bError = its offset);
 * - `slot-error`: any other slot error value.
 */
export type CcidSlotErrorReason =
  | 'no-card'
  | 'card-mute'
  | 'card-deactivated'
  | 'transfer-error'
  | 'hardware-error'
  | 'bad-atr'
  | 'card-unsupported'
  | 'reader-busy'
  | 'command-aborted'
  | 'command-not-supported'
  | 'bad-parameter'
  | 'slot-error';

export class CcidSlotError extends ReasonedTransportError<CcidSlotErrorReason> {
  constructor(
    code: TransportErrorCode,
    reason: CcidSlotErrorReason,
    /** The bError byte (0 when the failure is only the slot's ICC status). */
    readonly slotError: number,
    message: string,
  ) {
    super(code, reason, message);
  }
}

function reasonOf(bError: number): CcidSlotErrorReason {
  switch (bError) {
    case SLOT_ERROR.ICC_MUTE:
      return 'card-mute';
    case SLOT_ERROR.XFR_PARITY_ERROR:
    case SLOT_ERROR.XFR_OVERRUN:
    case SLOT_ERROR.PROCEDURE_BYTE_CONFLICT:
      return 'transfer-error';
    case SLOT_ERROR.HW_ERROR:
      return 'hardware-error';
    case SLOT_ERROR.BAD_ATR_TS:
    case SLOT_ERROR.BAD_ATR_TCK:
      return 'bad-atr';
    case SLOT_ERROR.ICC_PROTOCOL_NOT_SUPPORTED:
    case SLOT_ERROR.ICC_CLASS_NOT_SUPPORTED:
      return 'card-unsupported';
    case SLOT_ERROR.DEACTIVATED_PROTOCOL:
      return 'card-deactivated';
    case SLOT_ERROR.BUSY_WITH_AUTO_SEQUENCE:
    case SLOT_ERROR.CMD_SLOT_BUSY:
      return 'reader-busy';
    case SLOT_ERROR.CMD_ABORTED:
      return 'command-aborted';
    case SLOT_ERROR.CMD_NOT_SUPPORTED:
      return 'command-not-supported';
    default:
      // 0x01..0x7F: index of the offending field in our message (§6.2.6).
      return bError < 0x80 ? 'bad-parameter' : 'slot-error';
  }
}

/**
 * The error for a response that did not succeed, or undefined if it did.
 *
 * `duringSession`: a card session was open. Then a card that is absent, mute or deactivated has
 * left (or lost power): 'card-removed', the same outcome the RC-S380 path gives a card that
 * stops answering. Before a session (power-on), the same statuses mean 'no-card'.
 */
export function slotFailure(r: CcidResponse, duringSession: boolean): CcidSlotError | undefined {
  const gone: TransportErrorCode = duringSession ? 'card-removed' : 'no-card';
  if (r.iccStatus === 'absent') {
    return new CcidSlotError(gone, 'no-card', r.commandStatus === 'failed' ? r.error : 0, 'The reader reports no card in the slot');
  }
  if (r.commandStatus !== 'failed') return undefined;
  const reason = reasonOf(r.error);
  const hex = `0x${r.error.toString(16).padStart(2, '0')}`;
  if (reason === 'card-mute' || reason === 'card-deactivated') {
    return new CcidSlotError(gone, reason, r.error, `The card stopped answering (slot error ${hex})`);
  }
  if (duringSession && r.iccStatus === 'inactive') {
    // Whatever the error, the card lost power: the session (selected DF, security status) is gone.
    return new CcidSlotError('card-removed', 'card-deactivated', r.error, `The card was deactivated (slot error ${hex})`);
  }
  return commandFailure(r.error);
}

/**
 * A failed command whose slot status says nothing about a card (an escape command: the reader's
 * own business, e.g. the RC-S300's transparent session), by its bError alone.
 */
export function commandFailure(bError: number): CcidSlotError {
  const reason = reasonOf(bError);
  const code: TransportErrorCode = reason === 'command-not-supported' || reason === 'card-unsupported' ? 'unsupported' : 'protocol';
  return new CcidSlotError(code, reason, bError, `The reader failed the command (slot error 0x${bError.toString(16).padStart(2, '0')}, ${reason})`);
}
