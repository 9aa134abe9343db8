/**
 * Run-time checks of what the Web Smart Card API hands back. The browser is trusted to follow
 * its IDL, but the bytes and names come from a PC/SC stack, a reader driver and a card, and the
 * object behind `navigator.smartCard` may not be the browser's at all; so every answer is
 * checked for type and size and only copies leave this module.
 */
import { SmartCardApiError } from './smartcard-api-error';
import type {
  SmartCardConnectionLike,
  SmartCardConnectionState,
  SmartCardProtocol,
  SmartCardReaderStateFlagsOut,
} from './smartcard-api-types';

/** PC/SC MAX_ATR_SIZE: an ISO 7816-3 ATR is TS plus at most 32 bytes. */
export const MAX_ATR_LENGTH = 33;
/** More readers than any kiosk has; a longer list is not believed. */
export const MAX_READERS = 64;
/** pcsc-lite's MAX_READERNAME is 128; allow room for other stacks. */
export const MAX_READER_NAME_LENGTH = 256;
/** The high word of a PC/SC DWORD (§"high word"). */
const MAX_EVENT_COUNT = 0xffff;

const PROTOCOLS: readonly SmartCardProtocol[] = ['raw', 't0', 't1'];
const CONNECTION_STATES: readonly SmartCardConnectionState[] = ['absent', 'present', 'swallowed', 'powered', 'negotiable', 't0', 't1', 'raw'];
const FLAGS_OUT: readonly (keyof SmartCardReaderStateFlagsOut)[] = [
  'ignore',
  'changed',
  'unavailable',
  'unknown',
  'empty',
  'present',
  'exclusive',
  'inuse',
  'mute',
  'unpowered',
];

function malformed(what: string): SmartCardApiError {
  return new SmartCardApiError('malformed-answer', `The Web Smart Card API returned a malformed ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A copy of an ArrayBuffer / ArrayBufferView answer of at most `max` bytes. */
export function bytesOfBuffer(value: unknown, max: number, what: string): Uint8Array<ArrayBuffer> {
  let view: Uint8Array;
  if (value instanceof ArrayBuffer) view = new Uint8Array(value);
  else if (ArrayBuffer.isView(value)) view = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else throw malformed(what);
  if (view.byteLength > max) throw malformed(`${what} (${view.byteLength} bytes, at most ${max} allowed)`);
  return view.slice();
}

/** listReaders(): a bounded list of non-empty, bounded names, duplicates dropped. */
export function readerNamesOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_READERS) throw malformed('reader list');
  const names: string[] = [];
  for (const n of value) {
    if (typeof n !== 'string' || n.length === 0 || n.length > MAX_READER_NAME_LENGTH) throw malformed('reader name');
    if (!names.includes(n)) names.push(n);
  }
  return names;
}

export interface ReaderStateSnapshot {
  readonly flags: SmartCardReaderStateFlagsOut;
  readonly eventCount: number;
  readonly atr: Uint8Array | undefined;
}

/** getStatusChange(): exactly one state for `readerName` (we always ask about one). */
export function readerStateOf(value: unknown, readerName: string): ReaderStateSnapshot {
  if (!Array.isArray(value) || value.length !== 1) throw malformed('reader state list');
  const s: unknown = value[0];
  if (!isObject(s) || s.readerName !== readerName || !isObject(s.eventState)) throw malformed('reader state');
  const eventState = s.eventState;
  const flags = {} as Record<keyof SmartCardReaderStateFlagsOut, boolean>;
  for (const f of FLAGS_OUT) {
    const v = eventState[f];
    // Dictionary members default to false (§SmartCardReaderStateFlagsOut).
    if (v !== undefined && typeof v !== 'boolean') throw malformed('reader state flag');
    flags[f] = v === true;
  }
  const count = s.eventCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_EVENT_COUNT) throw malformed('event count');
  const atr = s.answerToReset === undefined ? undefined : bytesOfBuffer(s.answerToReset, MAX_ATR_LENGTH, 'ATR');
  return { flags, eventCount: count, atr };
}

export interface CheckedConnectResult {
  readonly connection: SmartCardConnectionLike;
  readonly activeProtocol: SmartCardProtocol | undefined;
}

/** connect(): a connection object with the methods we call, and a known protocol if any. */
export function connectResultOf(value: unknown): CheckedConnectResult {
  if (!isObject(value) || !isObject(value.connection)) throw malformed('connect result');
  const c = value.connection;
  for (const m of ['transmit', 'status', 'disconnect'] as const) {
    if (typeof c[m] !== 'function') throw malformed('connection');
  }
  const p = value.activeProtocol;
  if (p !== undefined && !PROTOCOLS.includes(p as SmartCardProtocol)) throw malformed('active protocol');
  return { connection: c as unknown as SmartCardConnectionLike, activeProtocol: p as SmartCardProtocol | undefined };
}

export interface CheckedConnectionStatus {
  readonly state: SmartCardConnectionState;
  readonly atr: Uint8Array | undefined;
}

/** status(): a known state and an ATR of at most 33 bytes. */
export function connectionStatusOf(value: unknown): CheckedConnectionStatus {
  if (!isObject(value) || !CONNECTION_STATES.includes(value.state as SmartCardConnectionState)) throw malformed('connection status');
  const atr = value.answerToReset === undefined ? undefined : bytesOfBuffer(value.answerToReset, MAX_ATR_LENGTH, 'ATR');
  return { state: value.state as SmartCardConnectionState, atr };
}
