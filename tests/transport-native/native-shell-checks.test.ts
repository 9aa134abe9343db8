/**
 * Everything the native shell hands the page is untrusted: a malformed shell object, malformed
 * answers (wrong types, bad base64, oversize, too short), rejections outside the contract and
 * malformed events all end as typed errors or are ignored — never a crash, never a report.
 */
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../src/bytes/base64';
import { nativeAvailability } from '../../src/transport/native/native-availability';
import { checkShell, decodeApduAnswer, shellEventOf } from '../../src/transport/native/native-shell-checks';
import { NativeShellError } from '../../src/transport/native/native-shell-error';
import { NativeTransport } from '../../src/transport/native/native-transport';
import { NativeShellEmulator } from '../../src/sim/readers/native-shell-emulator';
import { counterCheck, rejection, rig } from './rig';

const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NativeShellError);
    return (e as NativeShellError).reason;
  }
  throw new Error('accepted');
}

/** The emulator's shell object with some members replaced. */
function shellWith(over: Record<string, unknown>, caps: Record<string, unknown> = {}): unknown {
  const shell = new NativeShellEmulator().shell;
  return { ...shell, capabilities: { ...shell.capabilities, ...caps }, ...over };
}

describe('nativeAvailability and the shell object', () => {
  it('a proper shell is usable; its limits come from its capabilities', () => {
    const a = nativeAvailability({ kazasuNative: new NativeShellEmulator({ maxTransceiveLength: 255 }).shell });
    expect(a.usable).toBe(true);
    expect(a.usable && [a.shell.maxCommandLength, a.shell.maxResponseLength, a.shell.encoding]).toEqual([255, 258, 'base64']);
  });

  it('missing, malformed or of another version → the reason the UI explains', () => {
    expect(nativeAvailability({})).toEqual({ usable: false, reason: 'native-shell-missing' });
    expect(nativeAvailability(undefined)).toEqual({ usable: false, reason: 'native-shell-missing' });
    expect(nativeAvailability(globalThis)).toEqual({ usable: false, reason: 'native-shell-missing' });
    expect(nativeAvailability({ kazasuNative: shellWith({ version: 2 }) })).toEqual({ usable: false, reason: 'native-version-unsupported' });
    const malformed: unknown[] = [
      42,
      shellWith({ version: '1' }),
      shellWith({ platform: '' }),
      shellWith({ platform: 'x'.repeat(33) }),
      shellWith({ transceive: undefined }),
      shellWith({ addEventListener: 'yes' }),
      shellWith({ capabilities: null }),
      shellWith({}, { extendedLength: 'true' }),
      shellWith({}, { encoding: 'hex' }),
      shellWith({}, { maxTransceiveLength: 3.5 }),
      shellWith({}, { maxTransceiveLength: 8 }),
      shellWith({}, { maxTransceiveLength: 1e9 }),
      shellWith({}, { maxResponseLength: 100 }),
      shellWith({}, { maxResponseLength: 70_000 }),
      Object.defineProperty({}, 'version', {
        get() {
          throw new Error('hostile getter');
        },
      }),
    ];
    for (const m of malformed) expect(nativeAvailability({ kazasuNative: m }), String(m)).toEqual({ usable: false, reason: 'native-shell-malformed' });
    expect(reasonOf(() => new NativeTransport(shellWith({ endSession: null })))).toBe('native-shell-malformed');
    expect(reasonOf(() => checkShell(null))).toBe('native-shell-missing');
  });
});

describe('answers from the shell', () => {
  it('decodeApduAnswer accepts strict base64 and byte buffers of 2..max bytes, as copies', () => {
    expect([...decodeApduAnswer('kAA=', 258)]).toEqual([0x90, 0x00]);
    const src = Uint8Array.of(1, 0x90, 0x00);
    const copy = decodeApduAnswer(src, 258);
    src[0] = 7;
    expect([...copy]).toEqual([1, 0x90, 0x00]);
    expect([...decodeApduAnswer(Uint8Array.of(0x90, 0).buffer, 258)]).toEqual([0x90, 0]);
    for (const bad of [42, null, undefined, {}, [0x90, 0], 'kAA', 'kA A=', 'k@A=', 'AA==', bytesToBase64(new Uint8Array(259)), new Uint8Array(1), new Uint8Array(300)]) {
      expect(reasonOf(() => decodeApduAnswer(bad, 258)), String(bad)).toBe('malformed-answer');
    }
  });

  it('a malformed answer mid-read ends the session with malformed-answer', async () => {
    const bad: unknown[] = [12345, { data: 'kAA=' }, '!!!!', 'kA==', bytesToBase64(new Uint8Array(300)), null];
    for (const value of bad) {
      const { transport, emulator } = await rig();
      await transport.connect();
      emulator.faults.answerAtTransceive = { index: emulator.transceiveCount + 3, value };
      const e = await rejection(counterCheck(transport));
      expect(e, JSON.stringify(value)).toBeInstanceOf(NativeShellError);
      expect([(e as NativeShellError).code, (e as NativeShellError).reason]).toEqual(['protocol', 'malformed-answer']);
      expect(((await rejection(transport.transmit(GET_CHALLENGE))) as NativeShellError).reason).toBe('malformed-answer');
    }
  });

  it('rejections: contract codes keep their meaning, anything else is shell-failure', async () => {
    const cases: [unknown, string, string][] = [
      [{ code: 'timeout' }, 'timeout', 'nfc-timeout'],
      [{ code: 'io-error' }, 'protocol', 'nfc-io-error'],
      [{ code: 'tag-lost' }, 'card-removed', 'tag-lost'],
      [{ code: 'made-up' }, 'protocol', 'shell-failure'],
      ['just a string', 'protocol', 'shell-failure'],
      [undefined, 'protocol', 'shell-failure'],
    ];
    for (const [error, code, reason] of cases) {
      const { transport, emulator } = await rig();
      await transport.connect();
      emulator.faults.rejectAtTransceive = { index: emulator.transceiveCount + 1, error };
      const e = await rejection(counterCheck(transport));
      expect(e, String(error)).toBeInstanceOf(NativeShellError);
      expect([(e as NativeShellError).code, (e as NativeShellError).reason]).toEqual([code, reason]);
    }
  });

  it('startSession answering a non-object → malformed-answer, and the session is ended', async () => {
    const { transport, emulator } = await rig();
    emulator.faults.startSessionAnswer = { value: 'connected!' };
    const e = await rejection(transport.connect());
    expect((e as NativeShellError).reason).toBe('malformed-answer');
    expect(emulator.sessionActive).toBe(false);
  });
});

describe('events from the shell', () => {
  it('shellEventOf reads CustomEvent-like and plain objects; anything else is ignored', () => {
    expect(shellEventOf({ type: 'tag-lost', detail: { type: 'tag-lost' } }, 'tag-lost')).toEqual({ type: 'tag-lost', code: undefined });
    expect(shellEventOf({ type: 'session-invalidated', code: 'user-cancelled' }, 'session-invalidated')).toEqual({ type: 'session-invalidated', code: 'user-cancelled' });
    expect(shellEventOf({ type: 'session-invalidated', code: 'whatever' }, 'session-invalidated')?.code).toBeUndefined();
    for (const bad of [null, 42, 'tag-lost', {}, { type: 'tag-found' }, { detail: { type: 'tag-discovered' } }]) {
      expect(shellEventOf(bad, 'tag-lost'), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('malformed events change nothing; a proper tag-lost ends the session at once', async () => {
    const { transport, emulator } = await rig();
    const seen: string[] = [];
    transport.onEvent((e) => seen.push(e.type));
    await transport.connect();
    for (const junk of [42, null, { type: 'tag-lost', detail: { type: 'something-else' } }, 'tag-lost']) emulator.dispatchRaw('tag-lost', junk);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['card-present', 'card-activated']);
    expect((await counterCheck(transport)).outcome).toBe('verified');
    emulator.dispatchRaw('tag-lost', { type: 'tag-lost', detail: { type: 'tag-lost' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.at(-1)).toBe('card-removed');
    expect(((await rejection(transport.transmit(GET_CHALLENGE))) as NativeShellError).reason).toBe('tag-lost');
  });

  it('a tag-lost event fails a transceive in flight even if the shell never answers it', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    emulator.faults.hangAtTransceive = emulator.transceiveCount;
    const pending = transport.transmit(GET_CHALLENGE);
    await new Promise((r) => setTimeout(r, 0));
    emulator.removeCard();
    const e = await rejection(pending);
    expect([(e as NativeShellError).code, (e as NativeShellError).reason]).toEqual(['card-removed', 'tag-lost']);
  });
});
