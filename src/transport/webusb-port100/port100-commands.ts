/**
 * NFC Port-100 command codes and payloads used for ISO/IEC 14443 Type B. Facts: reference
 * browser-readers.md §2.1–§2.2, from nfcpy `src/nfc/clf/rcs380.py` (Chipset: CMD table,
 * in_set_rf settings, in_set_protocol_defaults and KEYS, in_comm_rf, CommunicationError,
 * StatusError) and `tests/test_clf_rcs380.py` (byte vectors).
 */
import { TransportError } from '../card-transport';
import type { TypeBBitRate } from '../iso-dep/type-b-bit-rate';

/** Command codes (the response code is the command code + 1). */
export const PORT100_COMMAND = {
  InSetRF: 0x00,
  InSetProtocol: 0x02,
  InCommRF: 0x04,
  SwitchRF: 0x06,
  ResetDevice: 0x12,
  GetFirmwareVersion: 0x20,
  GetPDDataVersion: 0x22,
  GetProperty: 0x24,
  InGetProtocol: 0x26,
  GetCommandType: 0x28,
  SetCommandType: 0x2a,
} as const;

export const PORT100_COMMAND_PREFIX = 0xd6;
export const PORT100_RESPONSE_PREFIX = 0xd7;

/** One-byte status answers (nfcpy StatusError), index = status byte. */
export const PORT100_STATUS_NAMES: readonly string[] = [
  'SUCCESS',
  'PARAMETER_ERROR',
  'PB_ERROR',
  'RFCA_ERROR',
  'TEMPERATURE_ERROR',
  'PWD_ERROR',
  'RECEIVE_ERROR',
  'COMMANDTYPE_ERROR',
];

export function port100StatusName(status: number): string {
  return PORT100_STATUS_NAMES[status] ?? `STATUS_0x${status.toString(16).padStart(2, '0')}`;
}

/** Type B rates the RC-S380's InSetRF has settings for (nfcpy in_set_rf: 106B, 212B, 424B). */
export const PORT100_TYPE_B_RATES: readonly TypeBBitRate[] = [106, 212, 424];

/**
 * InSetRF settings: send (type, rate) + receive (type, rate). 106B `03 07 0F 07`,
 * 212B `03 08 0F 08`, 424B `03 09 0F 09` (nfcpy in_set_rf; reference updates-2026-12.md §4).
 * Activation always runs at 106B; a higher rate is set only after the Answer to ATTRIB
 * (iso-dep/type-b-card-link.ts), since nfcpy notes targets may not understand activation at
 * other rates.
 */
export function inSetRfPayload(rate: TypeBBitRate): Uint8Array {
  const code = rate === 106 ? 0x07 : rate === 212 ? 0x08 : rate === 424 ? 0x09 : undefined;
  if (code === undefined) throw new TransportError('unsupported', `The RC-S380 has no Type B setting for ${rate} kbit/s`);
  return Uint8Array.of(0x03, code, 0x0f, code);
}

/** InSetProtocol defaults nfcpy sends first (key, value pairs). */
export const IN_SET_PROTOCOL_DEFAULTS: Uint8Array = Uint8Array.of(
  0x00, 0x18, 0x01, 0x01, 0x02, 0x01, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x08,
  0x08, 0x00, 0x09, 0x00, 0x0a, 0x00, 0x0b, 0x00, 0x0c, 0x00, 0x0e, 0x04, 0x0f, 0x00, 0x10, 0x00,
  0x11, 0x00, 0x12, 0x00, 0x13, 0x06,
);

/**
 * Type B overrides, in nfcpy's order (its kwargs sorted by name): add_eof(0B)=1, add_sof(09)=1,
 * check_eof(0C)=1, check_sof(0A)=1, initial_guard_time(00)=0x14. Same bytes as
 * aruneko/WebUSB-MyNumberCard `src/Type4B.ts`.
 */
export const IN_SET_PROTOCOL_TYPE_B: Uint8Array = Uint8Array.of(0x0b, 0x01, 0x09, 0x01, 0x0c, 0x01, 0x0a, 0x01, 0x00, 0x14);

/** Type A rates the RC-S380's InSetRF has settings for (nfcpy in_set_rf: 106A, 212A, 424A). */
export const PORT100_TYPE_A_RATES: readonly TypeBBitRate[] = [106, 212, 424];

/**
 * InSetRF for Type A (nfcpy in_set_rf): 106A `02 03 0F 03`, 212A `04 04 0F 04`, 424A
 * `05 05 0F 05`. Activation runs at 106A; a higher rate is set after the PPS response.
 */
export function inSetRfTypeAPayload(rate: TypeBBitRate): Uint8Array {
  const setting = rate === 106 ? [0x02, 0x03] : rate === 212 ? [0x04, 0x04] : rate === 424 ? [0x05, 0x05] : undefined;
  if (!setting) throw new TransportError('unsupported', `The RC-S380 has no Type A setting for ${rate} kbit/s`);
  return Uint8Array.of(setting[0]!, setting[1]!, 0x0f, setting[1]!);
}

/**
 * Type A short frame (REQA / WUPA), after the defaults, as nfcpy sense_tta (its kwargs sorted by
 * name): add_crc(01)=0, check_crc(02)=0, check_parity(05)=1, initial_guard_time(00)=6,
 * last_byte_bit_count(07)=7. nfcpy's test vector: `02 01000200050100060707`.
 */
export const IN_SET_PROTOCOL_TYPE_A_SHORT_FRAME: Uint8Array = Uint8Array.of(0x01, 0x00, 0x02, 0x00, 0x05, 0x01, 0x00, 0x06, 0x07, 0x07);
/** Whole bytes with parity after the short frame: add_parity(04)=1, last_byte_bit_count(07)=8 (nfcpy `02 04010708`). */
export const IN_SET_PROTOCOL_TYPE_A_BYTES: Uint8Array = Uint8Array.of(0x04, 0x01, 0x07, 0x08);
/** No CRC_A either way, for SDD_REQ / SDD_RES (nfcpy `02 01000200`). */
export const IN_SET_PROTOCOL_CRC_OFF: Uint8Array = Uint8Array.of(0x01, 0x00, 0x02, 0x00);
/** CRC_A added and checked, for SEL_REQ and everything after (nfcpy `02 01010201`). */
export const IN_SET_PROTOCOL_CRC_ON: Uint8Array = Uint8Array.of(0x01, 0x01, 0x02, 0x01);
/**
 * Type A frames at a rate set afresh (after PPS), after the defaults (which add and check
 * CRC): add_parity(04)=1, check_parity(05)=1, as nfcpy send_cmd_recv_rsp does for 106A/212A/424A.
 */
export const IN_SET_PROTOCOL_TYPE_A: Uint8Array = Uint8Array.of(0x04, 0x01, 0x05, 0x01);

/** InCommRF timeout field: units of 0.1 ms, nfcpy `(ms + 1) × 10`, capped at 0xFFFF. */
export function inCommRfTimeoutUnits(timeoutMs: number): number {
  if (!(timeoutMs > 0)) return 0;
  return Math.min((Math.ceil(timeoutMs) + 1) * 10, 0xffff);
}

/** InCommRF parameters: timeout (u16 little-endian) ‖ RF bytes. */
export function inCommRfParams(rf: Uint8Array, timeoutMs: number): Uint8Array {
  const units = inCommRfTimeoutUnits(timeoutMs);
  const out = new Uint8Array(2 + rf.length);
  out[0] = units & 0xff;
  out[1] = units >> 8;
  out.set(rf, 2);
  return out;
}

/** InCommRF error bits (little-endian u32 after `D7 05`; nfcpy CommunicationError). */
export const IN_COMM_RF_STATUS = {
  PROTOCOL: 0x00000001,
  PARITY: 0x00000002,
  CRC: 0x00000004,
  COLLISION: 0x00000008,
  OVERFLOW: 0x00000010,
  TEMPERATURE: 0x00000040,
  RECEIVE_TIMEOUT: 0x00000080,
  CRYPTO1: 0x00000100,
  RFCA: 0x00000200,
  RF_OFF: 0x00000400,
  TRANSMIT_TIMEOUT: 0x00000800,
  RECEIVE_LENGTH: 0x80000000,
} as const;

/** Bits that mean "a frame arrived but was damaged": ISO-DEP may recover with R(NAK). */
export const IN_COMM_RF_GARBLED =
  IN_COMM_RF_STATUS.PROTOCOL | IN_COMM_RF_STATUS.PARITY | IN_COMM_RF_STATUS.CRC | IN_COMM_RF_STATUS.COLLISION | IN_COMM_RF_STATUS.OVERFLOW | IN_COMM_RF_STATUS.RECEIVE_LENGTH;

export function describeInCommRfStatus(status: number): string {
  if (status === 0) return 'NO_ERROR';
  const names = Object.entries(IN_COMM_RF_STATUS)
    .filter(([, bit]) => (status & bit) >>> 0 !== 0)
    .map(([name]) => name);
  return names.length > 0 ? names.join('|') : `0x${(status >>> 0).toString(16).padStart(8, '0')}`;
}

export interface InCommRfResult {
  /** The error bitmask (0 = a frame was received). */
  readonly status: number;
  /** The card's frame (empty unless status is 0). */
  readonly rf: Uint8Array;
}

/**
 * Parse the InCommRF answer after `D7 05`: 4-byte little-endian status, then (on success) one
 * byte whose meaning is UNCONFIRMED (nfcpy skips it: `data[5:]`; its test vectors carry 08),
 * then the card's frame. nfcpy's vectors answer errors with the 4 status bytes only.
 */
export function parseInCommRfResponse(payload: Uint8Array): InCommRfResult {
  if (payload.length < 4) throw new TransportError('protocol', `InCommRF answer of ${payload.length} bytes`);
  const status = (payload[0]! | (payload[1]! << 8) | (payload[2]! << 16) | (payload[3]! << 24)) >>> 0;
  if (status !== 0) return { status, rf: new Uint8Array(0) };
  if (payload.length < 5) throw new TransportError('protocol', 'InCommRF success answer without its fifth byte');
  return { status, rf: payload.slice(5) };
}
