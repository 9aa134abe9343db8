/**
 * The bridge message parsers accept exactly the protocol's shapes and reject the rest with a
 * typed error; the PIN-command classifier and the counter rule.
 */
import { describe, expect, it } from 'vitest';
import { classifyPinCommand, counterQueryFor, decideFromCounter } from '../../src/node/bridge/pin-command-guard';
import { BRIDGE_MAX_MESSAGE_CHARS, BridgeProtocolError, parseClientMessage, parseServerMessage } from '../../src/transport/bridge/bridge-protocol';
import { fromHex, toHex } from '../../src/bytes/hex';

function rejects(parse: (t: unknown) => unknown, input: unknown): void {
  expect(() => parse(input), JSON.stringify(input)?.slice(0, 80)).toThrow(BridgeProtocolError);
}

describe('parseClientMessage', () => {
  it('accepts each request shape', () => {
    expect(parseClientMessage('{"t":"transmit","id":7,"apdu":"AKQEDA==","lastTryConfirmed":true}')).toEqual({ t: 'transmit', id: 7, apdu: 'AKQEDA==', lastTryConfirmed: true });
    expect(parseClientMessage('{"t":"transmit","id":7,"apdu":"AKQEDA=="}')).toEqual({ t: 'transmit', id: 7, apdu: 'AKQEDA==' });
    expect(parseClientMessage('{"t":"connect","id":1,"reader":"Virtual PCD 00 00"}')).toEqual({ t: 'connect', id: 1, reader: 'Virtual PCD 00 00' });
    expect(parseClientMessage('{"t":"list","id":0}')).toEqual({ t: 'list', id: 0 });
    expect(parseClientMessage('{"t":"disconnect","id":3}')).toEqual({ t: 'disconnect', id: 3 });
  });

  it('rejects everything else', () => {
    for (const bad of [
      undefined,
      42,
      '',
      'null',
      '[]',
      '"auth"',
      '{"t":"nope","id":1}',
      '{"t":"list"}',
      '{"t":"list","id":-1}',
      '{"t":"list","id":1.5}',
      '{"t":"list","id":"1"}',
      '{"t":"transmit","id":1,"apdu":"not base64!"}',
      '{"t":"transmit","id":1,"apdu":"AKQ"}',
      '{"t":"transmit","id":1,"apdu":"AKQEDA==","lastTryConfirmed":false}',
      '{"t":"transmit","id":1,"apdu":"AKQEDA==","lastTryConfirmed":"yes"}',
      '{"t":"connect","id":1,"reader":""}',
      '{"t":"connect","id":1,"reader":"a\\u0000b"}',
      `{"t":"connect","id":1,"reader":"${'r'.repeat(201)}"}`,
      '{"t":"auth","mac":123}',
      `{"t":"auth","mac":"${'A'.repeat(48)}"}`,
      `{"t":"transmit","id":1,"apdu":"${'A'.repeat(BRIDGE_MAX_MESSAGE_CHARS)}"}`,
    ]) {
      rejects(parseClientMessage, bad);
    }
  });
});

describe('parseServerMessage', () => {
  it('accepts each server message and bounds the values', () => {
    expect(parseServerMessage(`{"t":"hello","v":1,"nonce":"${'A'.repeat(44)}"}`)).toMatchObject({ t: 'hello', v: 1 });
    expect(parseServerMessage('{"t":"ready","readers":[{"name":"R","cardPresent":true}],"extendedLength":false}')).toEqual({
      t: 'ready',
      readers: [{ name: 'R', cardPresent: true }],
      extendedLength: false,
    });
    expect(parseServerMessage('{"t":"result","id":2,"ok":false,"error":"last-try-unconfirmed","tries":1}')).toEqual({ t: 'result', id: 2, ok: false, error: 'last-try-unconfirmed', tries: 1 });
    expect(parseServerMessage('{"t":"result","id":2,"ok":true,"result":{"kind":"transmit","response":"kAA="}}')).toMatchObject({ ok: true, result: { response: 'kAA=' } });
    expect(parseServerMessage('{"t":"event","event":"card-removed","reader":"R"}')).toEqual({ t: 'event', event: 'card-removed', reader: 'R' });
    for (const bad of [
      '{"t":"hello","v":1,"nonce":"AAAA"}',
      '{"t":"refused","reason":"because"}',
      '{"t":"ready","readers":[{"name":"R"}],"extendedLength":true}',
      `{"t":"ready","readers":[${Array(33).fill('{"name":"R","cardPresent":true}').join(',')}],"extendedLength":true}`,
      '{"t":"result","id":2,"ok":false,"error":"made-up"}',
      '{"t":"result","id":2,"ok":false,"error":"pin-blocked","tries":99}',
      '{"t":"result","id":2,"ok":"yes"}',
      '{"t":"result","id":2,"ok":true,"result":{"kind":"transmit","response":"%%%"}}',
      '{"t":"event","event":"card-present","reader":1}',
    ]) {
      rejects(parseServerMessage, bad);
    }
  });
});

describe('PIN commands', () => {
  it('classifies VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER', () => {
    expect(classifyPinCommand(fromHex('00200080'))).toEqual({ kind: 'counter-query' });
    expect(classifyPinCommand(fromHex('002000800431323334'))).toEqual({ kind: 'uses-try', cla: 0, p2: 0x80 });
    expect(classifyPinCommand(fromHex('0020009100'))).toEqual({ kind: 'uses-try', cla: 0, p2: 0x91 });
    expect(classifyPinCommand(fromHex('0021008105A1031234FF'))).toMatchObject({ kind: 'uses-try', p2: 0x81 });
    expect(classifyPinCommand(fromHex('1020008004313233'))).toMatchObject({ kind: 'uses-try', cla: 0x10 });
    expect(classifyPinCommand(fromHex('0024018004313233'))).toMatchObject({ kind: 'uses-try' });
    expect(classifyPinCommand(fromHex('002C0180083132333435363738'))).toEqual({ kind: 'refused' });
    expect(classifyPinCommand(fromHex('00B0820000'))).toEqual({ kind: 'plain' });
    expect(classifyPinCommand(fromHex('0020'))).toEqual({ kind: 'plain' });
  });

  it('queries the counter of the same reference with a plain empty VERIFY', () => {
    expect(toHex(counterQueryFor(0x10, 0x80))).toBe('00200080');
    expect(toHex(counterQueryFor(0x0c, 0x81))).toBe('00200081');
    expect(toHex(counterQueryFor(0x00, 0x91))).toBe('00200091');
  });

  it('refuses at one try left unless confirmed, and when blocked', () => {
    expect(decideFromCounter(0x63c3, false)).toEqual({ action: 'forward' });
    expect(decideFromCounter(0x63c2, false)).toEqual({ action: 'forward' });
    expect(decideFromCounter(0x63c1, false)).toEqual({ action: 'refuse', error: 'last-try-unconfirmed', tries: 1 });
    expect(decideFromCounter(0x63c1, true)).toEqual({ action: 'forward' });
    expect(decideFromCounter(0x63c0, true)).toEqual({ action: 'refuse', error: 'pin-blocked', tries: 0 });
    expect(decideFromCounter(0x6984, true)).toEqual({ action: 'refuse', error: 'pin-blocked', tries: 0 });
    expect(decideFromCounter(0x6983, true)).toEqual({ action: 'refuse', error: 'pin-blocked', tries: 0 });
    expect(decideFromCounter(0x9000, false)).toEqual({ action: 'forward' });
    expect(decideFromCounter(0x6a88, false)).toEqual({ action: 'forward' });
  });
});
