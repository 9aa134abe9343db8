/**
 * Fuzzing what other programs hand the page: PC/SC bridge messages both ways
 * (src/transport/bridge/bridge-protocol.ts), the Web Smart Card API's answers
 * (src/transport/smartcard-api/smartcard-answers.ts) and a native shell's object, answers and
 * events (src/transport/native/native-shell-checks.ts). Inputs are arbitrary JS values, JSON text
 * mutated character by character, and objects shaped like the real thing with wrong members —
 * including, for the native shell (injected script), getters and proxies that throw.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { BRIDGE_MAX_MESSAGE_CHARS, parseClientMessage, parseServerMessage } from '../../../src/transport/bridge/bridge-protocol';
import { bytesOfBuffer, connectionStatusOf, connectResultOf, readerNamesOf, readerStateOf } from '../../../src/transport/smartcard-api/smartcard-answers';
import { checkShell, checkTagInfo, decodeApduAnswer, shellEventOf } from '../../../src/transport/native/native-shell-checks';
import { bytesToBase64 } from '../../../src/bytes/base64';
import { check, FuzzCounter, fuzzSync, runs, sameBytes } from './fuzz-harness';

const counter = new FuzzCounter('fuzz-host-messages');
afterAll(() => counter.flush());

const b64 = (n: number) => fc.uint8Array({ maxLength: n }).map(bytesToBase64);
const readerName = fc.oneof(fc.constantFrom('Sony RC-S300', 'ACS ACR1252 1S CL Reader PICC 0'), fc.string({ maxLength: 12 }), fc.string({ minLength: 195, maxLength: 205 }));
const reader = fc.record({ name: readerName, cardPresent: fc.oneof(fc.boolean(), fc.anything({ maxDepth: 0 })) });
const id = fc.oneof(fc.nat({ max: 2 ** 31 - 1 }), fc.constantFrom(-1, 2 ** 31, 1.5, Number.NaN, '1', null));

const validClient = fc.oneof(
  b64(32).map((mac) => ({ t: 'auth', mac })),
  fc.nat({ max: 2 ** 31 - 1 }).map((i) => ({ t: 'list', id: i })),
  fc.tuple(fc.nat({ max: 1000 }), fc.constantFrom('Sony RC-S300', 'Reader 0')).map(([i, r]) => ({ t: 'connect', id: i, reader: r })),
  fc.tuple(fc.nat({ max: 1000 }), b64(300), fc.boolean()).map(([i, apdu, c]) => (c ? { t: 'transmit', id: i, apdu, lastTryConfirmed: true } : { t: 'transmit', id: i, apdu })),
  fc.nat({ max: 1000 }).map((i) => ({ t: 'disconnect', id: i })),
);
const validServer = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((n) => ({ t: 'hello', v: 1, nonce: bytesToBase64(n) })),
  fc.constantFrom('origin-not-allowed', 'auth-failed', 'auth-timeout', 'protocol', 'too-many-connections').map((reason) => ({ t: 'refused', reason })),
  fc.tuple(fc.array(fc.record({ name: fc.constantFrom('R0', 'Sony RC-S300'), cardPresent: fc.boolean() }), { maxLength: 3 }), fc.boolean()).map(([readers, extendedLength]) => ({ t: 'ready', readers, extendedLength })),
  fc.tuple(fc.nat({ max: 1000 }), b64(300)).map(([i, response]) => ({ t: 'result', id: i, ok: true, result: { kind: 'transmit', response } })),
  fc.tuple(fc.nat({ max: 1000 }), b64(33)).map(([i, atr]) => ({ t: 'result', id: i, ok: true, result: { kind: 'connect', atr } })),
  fc.tuple(fc.nat({ max: 1000 }), fc.integer({ min: 0, max: 15 })).map(([i, tries]) => ({ t: 'result', id: i, ok: false, error: 'pin-blocked', tries })),
  fc.constantFrom('reader-added', 'card-removed').map((event) => ({ t: 'event', event, reader: 'R0' })),
);

/** Objects shaped like protocol messages, with any member wrong in any way. */
const shaped = fc.dictionary(
  fc.constantFrom('t', 'id', 'mac', 'reader', 'apdu', 'lastTryConfirmed', 'v', 'nonce', 'reason', 'readers', 'extendedLength', 'ok', 'result', 'error', 'tries', 'event', 'kind', 'atr', 'response', '__proto__', 'constructor'),
  fc.oneof(
    fc.constantFrom('auth', 'list', 'connect', 'transmit', 'disconnect', 'hello', 'refused', 'ready', 'result', 'event', 'transmit', 'pin-blocked', 'card-removed', true, false, 0, 1, 15, 16),
    id,
    b64(40),
    fc.array(reader, { maxLength: 3 }),
    fc.record({ kind: fc.constantFrom('list', 'connect', 'transmit', 'disconnect', 'x'), readers: fc.array(reader, { maxLength: 2 }), atr: b64(40), response: fc.string({ maxLength: 12 }) }, { requiredKeys: ['kind'] }),
    fc.anything({ maxDepth: 2 }),
  ),
  { maxKeys: 6 },
);

/** JSON text with a few characters inserted, deleted or replaced. */
function textMutated(texts: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat({ max: 0xffff }), fc.nat({ max: 2 }), fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '0', 'e', '-', '\u0000', '\u202e', 'null', '1e999', '"t"'));
  return fc.tuple(texts, fc.array(edit, { maxLength: 3 })).map(([t, edits]) => {
    let s = t;
    for (const [at, op, ch] of edits) {
      const i = at % (s.length + 1);
      s = op === 0 ? s.slice(0, i) + ch + s.slice(i) : op === 1 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i + ch.length);
    }
    return s;
  });
}

const frames = (valid: fc.Arbitrary<object>) =>
  fc.oneof(
    { weight: 3, arbitrary: textMutated(valid.map((o) => JSON.stringify(o))) },
    { weight: 3, arbitrary: shaped.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '"x"', '1', '{}', '{"t":"transmit","id":1,"apdu":"' + 'A'.repeat(BRIDGE_MAX_MESSAGE_CHARS) + '"}', '['.repeat(5000) + ']'.repeat(5000)) },
  );

describe('PC/SC bridge protocol', () => {
  it('parseClientMessage (what the bridge accepts from a page)', () => {
    fuzzSync(counter, 'bridge client message (parseClientMessage)', frames(validClient), parseClientMessage, runs(60_000));
  });

  it('parseServerMessage (what the kiosk accepts from the bridge)', () => {
    fuzzSync(counter, 'bridge server message (parseServerMessage)', frames(validServer), parseServerMessage, runs(60_000));
  });

  it('valid messages round trip through JSON', () => {
    fuzzSync(counter, 'bridge messages (round trip)', fc.oneof(validClient.map((m) => ({ m, side: 'client' as const })), validServer.map((m) => ({ m, side: 'server' as const }))), ({ m, side }) => (side === 'client' ? parseClientMessage(JSON.stringify(m)) : parseServerMessage(JSON.stringify(m))), runs(20_000), (parsed, { m }) =>
      check(JSON.stringify(parsed) === JSON.stringify(m), 'parsed message equals what was sent'),
    );
  });
});

/** ArrayBuffer / views / look-alikes, as an API could answer bytes. */
const bufferLike = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((b) => b.buffer),
  fc.uint8Array({ maxLength: 40 }),
  fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 40 }), fc.nat({ max: 3 })).map(([b, o]) => new DataView(b.buffer, o)),
  fc.uint8Array({ maxLength: 40 }).map((b) => new Uint16Array(b.buffer.slice(0, b.length & ~1))),
  fc.uint8Array({ maxLength: 40 }).map((b) => Array.from(b)),
  fc.anything({ maxDepth: 1 }),
);

describe('Web Smart Card API answers', () => {
  const flags = fc.dictionary(fc.constantFrom('ignore', 'changed', 'unavailable', 'unknown', 'empty', 'present', 'exclusive', 'inuse', 'mute', 'unpowered', 'other'), fc.oneof(fc.boolean(), fc.anything({ maxDepth: 0 })), { maxKeys: 5 });
  const state = fc.record(
    { readerName: fc.constantFrom('R0', 'R1'), eventState: fc.oneof(flags, fc.anything({ maxDepth: 1 })), eventCount: fc.oneof(fc.nat({ max: 0x10000 }), fc.anything({ maxDepth: 0 })), answerToReset: bufferLike },
    { requiredKeys: [] },
  );
  const fn = () => undefined;
  const connectResult = fc.record(
    {
      connection: fc.oneof(fc.record({ transmit: fc.oneof(fc.constant(fn), fc.anything({ maxDepth: 0 })), status: fc.constant(fn), disconnect: fc.oneof(fc.constant(fn), fc.constant(1)) }, { requiredKeys: [] }), fc.anything({ maxDepth: 1 })),
      activeProtocol: fc.oneof(fc.constantFrom('raw', 't0', 't1', 'T1'), fc.anything({ maxDepth: 0 })),
    },
    { requiredKeys: [] },
  );
  const status = fc.record({ state: fc.oneof(fc.constantFrom('absent', 'present', 'swallowed', 'powered', 'negotiable', 't0', 't1', 'raw', 'x'), fc.anything({ maxDepth: 0 })), answerToReset: bufferLike }, { requiredKeys: [] });

  it('answers of every call, shaped and arbitrary', () => {
    fuzzSync(counter, 'Smart Card API: bytes (bytesOfBuffer)', fc.tuple(bufferLike, fc.nat({ max: 40 })), ([v, max]) => bytesOfBuffer(v, max, 'answer'), runs(20_000), (b, [, max]) => check(b.length <= max, 'bounded copy'));
    fuzzSync(counter, 'Smart Card API: reader list', fc.oneof(fc.array(readerName, { maxLength: 70 }), fc.anything({ maxDepth: 2 })), readerNamesOf, runs(20_000), (names) => check(names.length <= 64 && new Set(names).size === names.length, 'bounded, no duplicates'));
    fuzzSync(counter, 'Smart Card API: reader state', fc.oneof(fc.array(state, { maxLength: 2 }), fc.anything({ maxDepth: 2 })), (v) => readerStateOf(v, 'R0'), runs(20_000), (s) => check(s.eventCount <= 0xffff && (s.atr?.length ?? 0) <= 33, 'count and ATR bounded'));
    fuzzSync(counter, 'Smart Card API: connect result', fc.oneof(connectResult, fc.anything({ maxDepth: 2 })), connectResultOf, runs(15_000));
    fuzzSync(counter, 'Smart Card API: connection status', fc.oneof(status, fc.anything({ maxDepth: 2 })), connectionStatusOf, runs(15_000));
  });
});

/** A value whose members throw when read (a hostile or buggy injected shell). */
function hostile(inner: object): object {
  return new Proxy(inner, {
    get(target, key) {
      if (typeof key === 'string' && key.length % 2 === 0) throw new TypeError(`shell getter ${key} throws`);
      return Reflect.get(target, key);
    },
  });
}

describe('native shell checks', () => {
  const fn = () => undefined;
  const caps = fc.record(
    {
      extendedLength: fc.oneof(fc.boolean(), fc.anything({ maxDepth: 0 })),
      encoding: fc.oneof(fc.constantFrom('base64', 'bytes', 'hex'), fc.anything({ maxDepth: 0 })),
      maxTransceiveLength: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom(16, 261, 65_544, 1.5, -1)),
      maxResponseLength: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constantFrom(258, 65_538, Number.NaN)),
    },
    { requiredKeys: [] },
  );
  const shell = fc.record(
    {
      version: fc.oneof(fc.constantFrom(1, 2, 0, 1.5, '1'), fc.anything({ maxDepth: 0 })),
      platform: fc.oneof(fc.constantFrom('android', 'ios', ''), fc.string({ maxLength: 40 })),
      startSession: fc.constant(fn),
      transceive: fc.oneof(fc.constant(fn), fc.constant('x')),
      endSession: fc.constant(fn),
      addEventListener: fc.constant(fn),
      removeEventListener: fc.oneof(fc.constant(fn), fc.constant(null)),
      capabilities: fc.oneof(caps, fc.anything({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  );
  const maybeHostile = <T extends object>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: a.map(hostile) });

  it('checkShell: the injected object', () => {
    fuzzSync(counter, 'native shell object (checkShell)', fc.oneof(maybeHostile(shell), fc.anything({ maxDepth: 2 })), checkShell, runs(30_000), (c) =>
      check(c.maxCommandLength >= 16 && c.maxCommandLength <= 65_544 && c.maxResponseLength >= 258 && c.maxResponseLength <= 65_538, 'limits in range'),
    );
  });

  it('decodeApduAnswer: base64 text, bytes, buffers and anything else', () => {
    const answer = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map(bytesToBase64),
      textMutated(fc.uint8Array({ maxLength: 40 }).map(bytesToBase64)),
      fc.string({ maxLength: 40 }),
      bufferLike,
    );
    fuzzSync(counter, 'native shell APDU answer (decodeApduAnswer)', fc.tuple(answer, fc.constantFrom(258, 65_538, 2, 10)), ([v, max]) => decodeApduAnswer(v, max), runs(40_000), (b, [v, max]) => {
      check(b.length >= 2 && b.length <= max, 'answer of 2..max bytes');
      // atob also takes non-canonical final groups ('AB==' and 'AA==' both give 00), so compare lengths, not text.
      if (typeof v === 'string') check(b.length === (v.length / 4) * 3 - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0), 'one byte per 8 bits of base64');
      if (v instanceof Uint8Array) check(sameBytes(b, v) && b !== v, 'a copy of the bytes');
    });
  });

  it('checkTagInfo and shellEventOf: answers and events', () => {
    fuzzSync(counter, 'native shell tag info (checkTagInfo)', fc.oneof(fc.anything({ maxDepth: 1 }), maybeHostile(fc.object({ maxDepth: 1 }))), checkTagInfo, runs(10_000));
    const event = fc.record(
      {
        type: fc.oneof(fc.constantFrom('tag-discovered', 'tag-lost', 'session-invalidated', 'x'), fc.anything({ maxDepth: 0 })),
        detail: fc.oneof(fc.record({ type: fc.constantFrom('tag-lost', 'session-invalidated', 'y'), code: fc.oneof(fc.constantFrom('tag-lost', 'user-cancelled', 'nope'), fc.anything({ maxDepth: 0 })) }, { requiredKeys: [] }), fc.anything({ maxDepth: 1 })),
        code: fc.anything({ maxDepth: 0 }),
      },
      { requiredKeys: [] },
    );
    fuzzSync(
      counter,
      'native shell event (shellEventOf)',
      fc.tuple(fc.oneof(maybeHostile(event), fc.anything({ maxDepth: 2 })), fc.constantFrom('tag-discovered' as const, 'tag-lost' as const, 'session-invalidated' as const)),
      ([e, expected]) => shellEventOf(e, expected),
      runs(20_000),
      (r, [, expected]) => check(r === undefined || r.type === expected, 'only the expected event type'),
    );
  });
});
