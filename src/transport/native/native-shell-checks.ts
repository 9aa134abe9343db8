/**
 * Run-time checks of everything a native shell hands the page (native-shell-contract.ts). The
 * shell is another program: its object, its answers and its events are all untrusted, so types,
 * ranges and sizes are checked here and only copies leave.
 */
import { base64ToBytes, bytesToBase64 } from '../../bytes/base64';
import {
  NATIVE_SHELL_ERROR_CODES,
  SUPPORTED_CONTRACT_VERSIONS,
  type KazasuNativeShell,
  type NativePayloadEncoding,
  type NativeShellErrorCode,
  type NativeShellEventType,
} from './native-shell-contract';
import { NativeShellError } from './native-shell-error';

/** ISO 7816-4 extended case 4 command: 4 + 3 + 65 535 + 2 (or 3) bytes. */
export const MAX_EXTENDED_COMMAND = 65_544;
/** Extended response: 65 536 data bytes + SW1 SW2. */
export const MAX_EXTENDED_RESPONSE = 65_538;
/** Short APDUs: 4 + 1 + 255 + 1 bytes in, 256 + 2 out. */
export const MAX_SHORT_COMMAND = 261;
export const MAX_SHORT_RESPONSE = 258;
/** Below this a SELECT by the 10-byte AIDs of the card (15 bytes) could not be sent. */
const MIN_TRANSCEIVE_LENGTH = 16;
const MAX_PLATFORM_LENGTH = 32;
const EVENT_TYPES: readonly NativeShellEventType[] = ['tag-discovered', 'tag-lost', 'session-invalidated'];

export interface CheckedShell {
  readonly shell: KazasuNativeShell;
  readonly version: number;
  readonly platform: string;
  readonly encoding: NativePayloadEncoding;
  readonly extendedLength: boolean;
  readonly maxCommandLength: number;
  readonly maxResponseLength: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null;
}

function isIntegerIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function malformedShell(what: string): NativeShellError {
  return new NativeShellError('native-shell-malformed', `window.kazasuNative: ${what}`);
}

/** The shell object, checked against the contract; limits derived from its capabilities. */
export function checkShell(value: unknown): CheckedShell {
  try {
    return checkShellShape(value);
  } catch (e) {
    // A throwing getter on the shell's object is the shell's fault, reported like any other.
    if (e instanceof NativeShellError) throw e;
    throw new NativeShellError('native-shell-malformed', 'window.kazasuNative could not be read', { cause: e });
  }
}

function checkShellShape(value: unknown): CheckedShell {
  if (!isObject(value)) throw new NativeShellError('native-shell-missing', 'No native shell');
  const version = value.version;
  if (!isIntegerIn(version, 0, Number.MAX_SAFE_INTEGER)) throw malformedShell('version is not an integer');
  if (!SUPPORTED_CONTRACT_VERSIONS.includes(version)) {
    throw new NativeShellError('native-version-unsupported', `Contract version ${version} is not supported`);
  }
  const platform = value.platform;
  if (typeof platform !== 'string' || platform.length === 0 || platform.length > MAX_PLATFORM_LENGTH) throw malformedShell('platform');
  for (const m of ['startSession', 'transceive', 'endSession', 'addEventListener', 'removeEventListener'] as const) {
    if (typeof value[m] !== 'function') throw malformedShell(`${m} is not a function`);
  }
  const caps = value.capabilities;
  if (!isObject(caps)) throw malformedShell('capabilities');
  const extended = caps.extendedLength;
  if (typeof extended !== 'boolean') throw malformedShell('capabilities.extendedLength');
  const encoding = caps.encoding;
  if (encoding !== 'base64' && encoding !== 'bytes') throw malformedShell('capabilities.encoding');
  const transceive = caps.maxTransceiveLength;
  if (!isIntegerIn(transceive, MIN_TRANSCEIVE_LENGTH, MAX_EXTENDED_COMMAND)) throw malformedShell('capabilities.maxTransceiveLength');
  const responseCap = extended ? MAX_EXTENDED_RESPONSE : MAX_SHORT_RESPONSE;
  const response = caps.maxResponseLength ?? responseCap;
  // The card library reads 256 data bytes at a time on short paths: less could not work.
  if (!isIntegerIn(response, MAX_SHORT_RESPONSE, MAX_EXTENDED_RESPONSE)) throw malformedShell('capabilities.maxResponseLength');
  return {
    shell: value as unknown as KazasuNativeShell,
    version,
    platform,
    encoding,
    extendedLength: extended,
    maxCommandLength: Math.min(transceive, extended ? MAX_EXTENDED_COMMAND : MAX_SHORT_COMMAND),
    maxResponseLength: Math.min(response, responseCap),
  };
}

/** A command in the shell's encoding. */
export function encodeApdu(apdu: Uint8Array, encoding: NativePayloadEncoding): string | Uint8Array {
  return encoding === 'base64' ? bytesToBase64(apdu) : apdu.slice();
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A response APDU from the shell (base64 text, Uint8Array, ArrayBuffer): 2..max bytes, a copy. */
export function decodeApduAnswer(value: unknown, max: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === 'string') {
    // Check the length before decoding anything: 4 characters per 3 bytes.
    if (value.length > 4 * Math.ceil(max / 3) || value.length % 4 !== 0 || !BASE64.test(value)) {
      throw new NativeShellError('malformed-answer', 'The response is not base64 of an acceptable length');
    }
    bytes = base64ToBytes(value);
  } else if (value instanceof ArrayBuffer) {
    bytes = new Uint8Array(value).slice();
  } else if (ArrayBuffer.isView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  } else {
    throw new NativeShellError('malformed-answer', `The response is a ${value === null ? 'null' : typeof value}, not bytes`);
  }
  if (bytes.length < 2 || bytes.length > max) {
    throw new NativeShellError('malformed-answer', `Response of ${bytes.length} bytes (2..${max} allowed)`);
  }
  return bytes;
}

/** startSession()'s answer: undefined or an object (its members are informational only). */
export function checkTagInfo(value: unknown): void {
  if (value !== undefined && value !== null && !isObject(value)) throw new NativeShellError('malformed-answer', 'startSession() answered a non-object');
}

export interface CheckedShellEvent {
  readonly type: NativeShellEventType;
  readonly code: NativeShellErrorCode | undefined;
}

/** An event from the shell (a CustomEvent's detail, or a plain object); undefined if malformed. */
export function shellEventOf(event: unknown, expected: NativeShellEventType): CheckedShellEvent | undefined {
  try {
    return shellEventShape(event, expected);
  } catch {
    // A throwing getter (or proxy) on the shell's event is as malformed as a wrong shape.
    return undefined;
  }
}

function shellEventShape(event: unknown, expected: NativeShellEventType): CheckedShellEvent | undefined {
  if (!isObject(event)) return undefined;
  const payload = isObject(event.detail) ? event.detail : event;
  const type = payload.type ?? event.type;
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type as NativeShellEventType) || type !== expected) return undefined;
  const code = payload.code;
  const known = typeof code === 'string' && (NATIVE_SHELL_ERROR_CODES as readonly string[]).includes(code) ? (code as NativeShellErrorCode) : undefined;
  return { type: type as NativeShellEventType, code: known };
}
