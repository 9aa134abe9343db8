/**
 * The Kazasu PC/SC bridge protocol, version 1: JSON text frames over a WebSocket on loopback
 * between the kiosk page (transport/bridge) and `kazasu bridge` (src/node/bridge). Shared by both
 * ends and free of Node imports. Every message is untrusted on arrival: the parsers below accept
 * only the exact shapes listed here, with bounded sizes, and throw BridgeProtocolError otherwise.
 *
 * Handshake (reference browser-readers.md §6: Origin is a signal, not authentication):
 *   server → {t:'hello', v:1, nonce}                        nonce: 32 random bytes, base64
 *   client → {t:'auth', mac}                                mac = HMAC-SHA256(token, authMessage)
 *   server → {t:'ready', readers, extendedLength}  or  {t:'refused', reason} and close
 * Then requests carry an `id` and get exactly one {t:'result', id, ok, …}; reader and card
 * changes arrive as {t:'event', …}. One card session per connection.
 */
import { KazasuError } from '../../errors/kazasu-error';

export const BRIDGE_PROTOCOL_VERSION = 1;
/** Largest frame either side accepts: an extended APDU (65,544 bytes) in base64 plus JSON. */
export const BRIDGE_MAX_MESSAGE_CHARS = 96 * 1024;
/** Largest APDU either way (ISO 7816-4 extended command / response). */
export const BRIDGE_MAX_APDU_BYTES = 65_544;
const MAX_READERS = 32;
const MAX_READER_NAME = 200;
const MAX_ID = 2 ** 31;

export class BridgeProtocolError extends KazasuError {
  readonly code = 'bridge-protocol' as const;
}

/** Why the bridge closed a connection during the handshake. */
export type BridgeRefusal = 'origin-not-allowed' | 'auth-failed' | 'auth-timeout' | 'protocol' | 'too-many-connections';
const REFUSALS: readonly BridgeRefusal[] = ['origin-not-allowed', 'auth-failed', 'auth-timeout', 'protocol', 'too-many-connections'];

/** Why one request failed; the session stays open. */
export type BridgeErrorCode =
  | 'pcsc-unavailable'
  | 'no-such-reader'
  | 'no-card'
  | 'reader-busy'
  | 'not-connected'
  | 'already-connected'
  | 'card-removed'
  | 'reader-removed'
  | 'transmit-failed'
  /** A VERIFY while the card reports one try left, without the person's confirmation. */
  | 'last-try-unconfirmed'
  /** A VERIFY for a key the card reports blocked. */
  | 'pin-blocked'
  /** More PIN commands on one connection than any real check needs. */
  | 'verify-limit'
  /** A command the bridge never forwards (e.g. RESET RETRY COUNTER). */
  | 'command-refused'
  | 'bad-request';
const ERROR_CODES: readonly BridgeErrorCode[] = [
  'pcsc-unavailable',
  'no-such-reader',
  'no-card',
  'reader-busy',
  'not-connected',
  'already-connected',
  'card-removed',
  'reader-removed',
  'transmit-failed',
  'last-try-unconfirmed',
  'pin-blocked',
  'verify-limit',
  'command-refused',
  'bad-request',
];

export type BridgeEventKind = 'reader-added' | 'reader-removed' | 'card-present' | 'card-removed';
const EVENT_KINDS: readonly BridgeEventKind[] = ['reader-added', 'reader-removed', 'card-present', 'card-removed'];

export interface BridgeReaderInfo {
  readonly name: string;
  readonly cardPresent: boolean;
}

export type ClientMessage =
  | { readonly t: 'auth'; readonly mac: string }
  | { readonly t: 'list'; readonly id: number }
  | { readonly t: 'connect'; readonly id: number; readonly reader: string }
  | { readonly t: 'transmit'; readonly id: number; readonly apdu: string; readonly lastTryConfirmed?: true }
  | { readonly t: 'disconnect'; readonly id: number };

export type ResultPayload =
  | { readonly kind: 'list'; readonly readers: readonly BridgeReaderInfo[] }
  | { readonly kind: 'connect'; readonly atr: string }
  | { readonly kind: 'transmit'; readonly response: string }
  | { readonly kind: 'disconnect' };

export type ServerMessage =
  | { readonly t: 'hello'; readonly v: number; readonly nonce: string }
  | { readonly t: 'refused'; readonly reason: BridgeRefusal }
  | { readonly t: 'ready'; readonly readers: readonly BridgeReaderInfo[]; readonly extendedLength: boolean }
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly result: ResultPayload }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly error: BridgeErrorCode; readonly tries?: number }
  | { readonly t: 'event'; readonly event: BridgeEventKind; readonly reader: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes the MAC covers: protocol tag, the server's nonce and the page's origin. */
export function authMessage(nonce: string, origin: string): string {
  return `kazasu-bridge/${BRIDGE_PROTOCOL_VERSION}\n${nonce}\n${origin}`;
}

function fail(message: string): never {
  throw new BridgeProtocolError(message);
}

function parseObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') fail('frame is not text');
  if (text.length > BRIDGE_MAX_MESSAGE_CHARS) fail(`frame of ${text.length} characters exceeds the limit`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('frame is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('frame is not a JSON object');
  return value as Record<string, unknown>;
}

function id(o: Record<string, unknown>): number {
  const v = o.id;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= MAX_ID) fail('bad request id');
  return v;
}

function str(o: Record<string, unknown>, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > max) fail(`bad ${key}`);
  return v;
}

/** A base64 field with at most `maxBytes` decoded bytes. */
function b64(o: Record<string, unknown>, key: string, maxBytes: number): string {
  const v = str(o, key, Math.ceil(maxBytes / 3) * 4);
  if (!BASE64.test(v)) fail(`${key} is not base64`);
  return v;
}

function readerName(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_READER_NAME || /[\u0000-\u001f\u007f]/.test(v)) fail('bad reader name');
  return v;
}

function readers(v: unknown): BridgeReaderInfo[] {
  if (!Array.isArray(v) || v.length > MAX_READERS) fail('bad reader list');
  return v.map((r: unknown) => {
    if (typeof r !== 'object' || r === null) fail('bad reader entry');
    const e = r as Record<string, unknown>;
    if (typeof e.cardPresent !== 'boolean') fail('bad reader entry');
    return { name: readerName(e.name), cardPresent: e.cardPresent };
  });
}

export function parseClientMessage(text: unknown): ClientMessage {
  const o = parseObject(text);
  switch (o.t) {
    case 'auth':
      return { t: 'auth', mac: b64(o, 'mac', 32) };
    case 'list':
      return { t: 'list', id: id(o) };
    case 'connect':
      return { t: 'connect', id: id(o), reader: readerName(o.reader) };
    case 'transmit': {
      const apdu = b64(o, 'apdu', BRIDGE_MAX_APDU_BYTES);
      if (o.lastTryConfirmed !== undefined && o.lastTryConfirmed !== true) fail('bad lastTryConfirmed');
      return o.lastTryConfirmed === true ? { t: 'transmit', id: id(o), apdu, lastTryConfirmed: true } : { t: 'transmit', id: id(o), apdu };
    }
    case 'disconnect':
      return { t: 'disconnect', id: id(o) };
    default:
      return fail('unknown client message');
  }
}

function resultPayload(v: unknown): ResultPayload {
  if (typeof v !== 'object' || v === null) fail('bad result');
  const r = v as Record<string, unknown>;
  switch (r.kind) {
    case 'list':
      return { kind: 'list', readers: readers(r.readers) };
    case 'connect':
      return { kind: 'connect', atr: b64(r, 'atr', 33) };
    case 'transmit':
      return { kind: 'transmit', response: b64(r, 'response', 65_538) };
    case 'disconnect':
      return { kind: 'disconnect' };
    default:
      return fail('unknown result kind');
  }
}

export function parseServerMessage(text: unknown): ServerMessage {
  const o = parseObject(text);
  switch (o.t) {
    case 'hello': {
      if (typeof o.v !== 'number' || !Number.isInteger(o.v)) fail('bad protocol version');
      const nonce = b64(o, 'nonce', 64);
      if (nonce.length < 22) fail('nonce too short');
      return { t: 'hello', v: o.v, nonce };
    }
    case 'refused': {
      const reason = REFUSALS.find((r) => r === o.reason);
      if (!reason) fail('unknown refusal');
      return { t: 'refused', reason };
    }
    case 'ready':
      if (typeof o.extendedLength !== 'boolean') fail('bad extendedLength');
      return { t: 'ready', readers: readers(o.readers), extendedLength: o.extendedLength };
    case 'result': {
      const rid = id(o);
      if (o.ok === true) return { t: 'result', id: rid, ok: true, result: resultPayload(o.result) };
      if (o.ok !== false) fail('bad ok');
      const error = ERROR_CODES.find((c) => c === o.error);
      if (!error) fail('unknown error code');
      if (o.tries !== undefined) {
        if (typeof o.tries !== 'number' || !Number.isInteger(o.tries) || o.tries < 0 || o.tries > 15) fail('bad tries');
        return { t: 'result', id: rid, ok: false, error, tries: o.tries };
      }
      return { t: 'result', id: rid, ok: false, error };
    }
    case 'event': {
      const event = EVENT_KINDS.find((k) => k === o.event);
      if (!event) fail('unknown event');
      return { t: 'event', event, reader: readerName(o.reader) };
    }
    default:
      return fail('unknown server message');
  }
}
