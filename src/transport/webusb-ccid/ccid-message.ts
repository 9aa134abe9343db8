/**
 * CCID bulk and interrupt messages (USB CCID specification rev 1.1, §6). Pure functions: bytes in,
 * typed values out; every length and field from the reader is checked.
 *
 * Bulk messages share a 10-byte header (§6.1, §6.2):
 *   bMessageType, dwLength (LE32, bytes after the header), bSlot, bSeq, then three bytes whose
 *   meaning depends on the message (for RDR_to_PC: bStatus, bError, and one specific byte).
 */
import { TransportError } from '../card-transport';

export const CCID_HEADER_LENGTH = 10;

/** PC_to_RDR message types (§6.1). */
export const PC_TO_RDR = {
  IccPowerOn: 0x62,
  IccPowerOff: 0x63,
  GetSlotStatus: 0x65,
  XfrBlock: 0x6f,
  GetParameters: 0x6c,
  /** Vendor commands (§6.1.8); the RC-S300 takes PC/SC transparent-session pseudo-APDUs in it. */
  Escape: 0x6b,
} as const;

/** RDR_to_PC bulk-IN message types (§6.2). */
export const RDR_TO_PC = {
  DataBlock: 0x80,
  SlotStatus: 0x81,
  Parameters: 0x82,
  Escape: 0x83,
} as const;

/** RDR_to_PC interrupt-IN message types (§6.3). */
export const RDR_TO_PC_NOTIFY_SLOT_CHANGE = 0x50;
export const RDR_TO_PC_HARDWARE_ERROR = 0x51;

export type PcToRdrType = (typeof PC_TO_RDR)[keyof typeof PC_TO_RDR];
export type RdrToPcType = (typeof RDR_TO_PC)[keyof typeof RDR_TO_PC];

/** The answer each command gets (§6.1, table 6.1-1 "response" column). */
export function responseTypeFor(command: PcToRdrType): RdrToPcType {
  switch (command) {
    case PC_TO_RDR.IccPowerOn:
    case PC_TO_RDR.XfrBlock:
      return RDR_TO_PC.DataBlock;
    case PC_TO_RDR.GetParameters:
      return RDR_TO_PC.Parameters;
    case PC_TO_RDR.Escape:
      return RDR_TO_PC.Escape;
    default:
      return RDR_TO_PC.SlotStatus;
  }
}

/** bPowerSelect of PC_to_RDR_IccPowerOn (§6.1.1): automatic, 5 V, 3 V, 1.8 V. */
export type PowerSelect = 0 | 1 | 2 | 3;

/**
 * wLevelParameter of PC_to_RDR_XfrBlock at extended APDU level (§6.1.4), and bChainParameter of
 * RDR_to_PC_DataBlock (§6.2.1), which use the same numbers.
 */
export const CHAIN = {
  /** The APDU begins and ends in this message. */
  whole: 0x00,
  /** The APDU begins here and continues in the next message. */
  begins: 0x01,
  /** This message continues the APDU and ends it. */
  ends: 0x02,
  /** This message continues the APDU and another follows. */
  continues: 0x03,
  /** Empty message: "send me the next part" (host → reader: of the response; reader → host: of the command). */
  more: 0x10,
} as const;

const MAX_SLOT = 0xff;
/** CCID §5.1: dwMaxCCIDMessageLength lies between 261 + 10 and 65 544 + 10. */
export const MAX_CCID_MESSAGE_LENGTH = 65_544 + CCID_HEADER_LENGTH;

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new TransportError('protocol', `CCID ${name} ${value} is not a byte`);
}

/** One PC_to_RDR message: header ‖ data. */
export function encodeCommand(type: PcToRdrType, slot: number, seq: number, specific: readonly [number, number, number], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkByte('bSlot', slot);
  checkByte('bSeq', seq);
  for (const b of specific) checkByte('parameter', b);
  if (data.length > MAX_CCID_MESSAGE_LENGTH - CCID_HEADER_LENGTH) throw new TransportError('protocol', `CCID message data of ${data.length} bytes is too long`);
  const out = new Uint8Array(CCID_HEADER_LENGTH + data.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, data.length, true);
  out[5] = slot;
  out[6] = seq;
  out.set(specific, 7);
  out.set(data, CCID_HEADER_LENGTH);
  return out;
}

export function encodeIccPowerOn(slot: number, seq: number, powerSelect: PowerSelect = 0): Uint8Array {
  return encodeCommand(PC_TO_RDR.IccPowerOn, slot, seq, [powerSelect, 0, 0]);
}

export function encodeIccPowerOff(slot: number, seq: number): Uint8Array {
  return encodeCommand(PC_TO_RDR.IccPowerOff, slot, seq, [0, 0, 0]);
}

export function encodeGetSlotStatus(slot: number, seq: number): Uint8Array {
  return encodeCommand(PC_TO_RDR.GetSlotStatus, slot, seq, [0, 0, 0]);
}

export function encodeGetParameters(slot: number, seq: number): Uint8Array {
  return encodeCommand(PC_TO_RDR.GetParameters, slot, seq, [0, 0, 0]);
}

/** XfrBlock (§6.1.4): bBWI, then wLevelParameter little-endian. */
export function encodeXfrBlock(slot: number, seq: number, data: Uint8Array, levelParameter = 0, bwi = 0): Uint8Array {
  if (!Number.isInteger(levelParameter) || levelParameter < 0 || levelParameter > 0xffff) {
    throw new TransportError('protocol', `wLevelParameter ${levelParameter} out of range`);
  }
  return encodeCommand(PC_TO_RDR.XfrBlock, slot, seq, [bwi, levelParameter & 0xff, levelParameter >> 8], data);
}

/** bmICCStatus (§6.2.6, table 6.2-3, bits 0–1). */
export type IccStatus = 'active' | 'inactive' | 'absent';
/** bmCommandStatus (bits 6–7). */
export type CommandStatus = 'ok' | 'failed' | 'time-extension';

export interface CcidResponse {
  readonly type: RdrToPcType;
  readonly slot: number;
  readonly seq: number;
  readonly iccStatus: IccStatus;
  readonly commandStatus: CommandStatus;
  /** bError: the slot error when failed, the BWT multiplier when time extension. */
  readonly error: number;
  /** Byte 9: bChainParameter (DataBlock), bClockStatus (SlotStatus), bProtocolNum (Parameters), bRFU (Escape). */
  readonly specific: number;
  readonly data: Uint8Array;
}

const ICC_STATUS: readonly (IccStatus | undefined)[] = ['active', 'inactive', 'absent', undefined];
const COMMAND_STATUS: readonly (CommandStatus | undefined)[] = ['ok', 'failed', 'time-extension', undefined];

/** dwLength of a message header (the first 10 bytes), checked against `maxDataLength`. */
export function messageDataLength(header: Uint8Array, maxDataLength: number): number {
  if (header.length < CCID_HEADER_LENGTH) throw new TransportError('protocol', `CCID header of ${header.length} bytes`);
  const length = new DataView(header.buffer, header.byteOffset, CCID_HEADER_LENGTH).getUint32(1, true);
  if (length > maxDataLength) throw new TransportError('protocol', `CCID message announces ${length} data bytes; at most ${maxDataLength} allowed`);
  return length;
}

/** Decode one complete RDR_to_PC bulk message. The length must match dwLength exactly. */
export function decodeResponse(message: Uint8Array, maxDataLength: number = MAX_CCID_MESSAGE_LENGTH - CCID_HEADER_LENGTH): CcidResponse {
  const length = messageDataLength(message, maxDataLength);
  if (message.length !== CCID_HEADER_LENGTH + length) {
    throw new TransportError('protocol', `CCID message of ${message.length} bytes, header says ${CCID_HEADER_LENGTH + length}`);
  }
  const type = message[0]!;
  if (type !== RDR_TO_PC.DataBlock && type !== RDR_TO_PC.SlotStatus && type !== RDR_TO_PC.Parameters && type !== RDR_TO_PC.Escape) {
    throw new TransportError('protocol', `Unknown CCID bulk-IN message type 0x${type.toString(16)}`);
  }
  const bStatus = message[7]!;
  // Bits 2–5 are RFU; values 3 of both fields are RFU (§6.2.6): refuse rather than guess.
  const iccStatus = ICC_STATUS[bStatus & 0x03];
  const commandStatus = COMMAND_STATUS[bStatus >> 6];
  if (!iccStatus || !commandStatus || (bStatus & 0x3c) !== 0) {
    throw new TransportError('protocol', `CCID bStatus 0x${bStatus.toString(16)} uses reserved values`);
  }
  return {
    type,
    slot: message[5]!,
    seq: message[6]!,
    iccStatus,
    commandStatus,
    error: message[8]!,
    specific: message[9]!,
    data: message.slice(CCID_HEADER_LENGTH),
  };
}

export interface SlotChange {
  readonly present: boolean;
  readonly changed: boolean;
}

/**
 * RDR_to_PC_NotifySlotChange (§6.3.1): bmSlotICCState packs two bits per slot, slot 0 in the low
 * bits of the first byte (bit 0: card present, bit 1: changed since the last notification).
 * Undefined when the message does not cover `slot`.
 */
export function parseNotifySlotChange(message: Uint8Array, slot: number): SlotChange | undefined {
  checkByte('bSlot', slot);
  if (message.length < 2 || message[0] !== RDR_TO_PC_NOTIFY_SLOT_CHANGE) {
    throw new TransportError('protocol', 'Not an RDR_to_PC_NotifySlotChange message');
  }
  const byteIndex = 1 + (slot >> 2);
  if (byteIndex >= message.length) return undefined;
  const bits = (message[byteIndex]! >> ((slot & 3) * 2)) & 0x03;
  return { present: (bits & 1) !== 0, changed: (bits & 2) !== 0 };
}

/** RDR_to_PC_HardwareError (§6.3.2): bSlot, bSeq, bHardwareErrorCode (0x01 = overcurrent). */
export function parseHardwareError(message: Uint8Array): { readonly slot: number; readonly seq: number; readonly code: number } {
  if (message.length !== 4 || message[0] !== RDR_TO_PC_HARDWARE_ERROR) throw new TransportError('protocol', 'Not an RDR_to_PC_HardwareError message');
  return { slot: message[1]!, seq: message[2]!, code: message[3]! };
}

/** A slot number the host may address (bSlot is one byte; readers have at most bMaxSlotIndex + 1). */
export function checkSlot(slot: number): number {
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) throw new TransportError('protocol', `CCID slot ${slot} out of range`);
  return slot;
}
