/**
 * The real NativeTransport against the emulated phone shell (window.kazasuNative) with the
 * default simulated My Number Card: full counter checks over base64 and byte bridges, session
 * start/stop, and every shell failure as a NativeShellError with a stable reason.
 */
import { describe, expect, it } from 'vitest';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { installAsKazasuNative } from '../../src/sim/readers/native-shell-emulator';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { NativeShellError } from '../../src/transport/native/native-shell-error';
import { NativeTransport } from '../../src/transport/native/native-transport';
import { counterCheck, rejection, rig } from './rig';

const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);

function events(t: NativeTransport): CardEvent['type'][] {
  const seen: CardEvent['type'][] = [];
  t.onEvent((e) => seen.push(e.type));
  return seen;
}

/** Wait (by polling, not by asserting time) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!cond()) throw new Error('condition never held');
}

async function shellError(p: Promise<unknown>): Promise<NativeShellError> {
  const e = await rejection(p);
  expect(isKazasuError(e), String(e)).toBe(true);
  expect(e).toBeInstanceOf(NativeShellError);
  return e as NativeShellError;
}

describe('NativeTransport: reading through the phone shell', () => {
  it('Android-like shell, base64 bridge: a full counter check → verified', async () => {
    const { transport, emulator } = await rig({ transport: { alertMessage: 'カードをかざしてください' } });
    const seen = events(transport);
    expect(transport.kind).toBe('native');
    expect(transport.platform).toBe('android');
    expect(transport.capabilities).toEqual({ extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 });
    await transport.connect();
    expect(emulator.lastSessionOptions).toEqual({ alertMessage: 'カードをかざしてください', timeoutMs: 60_000 });
    const report = await counterCheck(transport);
    expect(report.outcome).toBe('verified');
    expect(report.transport).toBe('native');
    expect(report.attributes.name).toBe('山田　花子');
    expect(emulator.log.length).toBeGreaterThan(20);
    expect(emulator.log.every((l) => l.outcome === 'answered')).toBe(true);
    expect(seen).toEqual(['card-present', 'card-activated']);
    await transport.disconnect();
    expect(emulator.sessionActive).toBe(false);
    expect(emulator.endSessionCalls).toBe(1);
  });

  it('iOS-like shell, Uint8Array bridge, extended length: verified with fewer, larger APDUs', async () => {
    const short = await rig();
    await short.transport.connect();
    expect((await counterCheck(short.transport)).outcome).toBe('verified');
    const { transport, emulator } = await rig({ shell: { platform: 'ios', encoding: 'bytes', extendedLength: true } });
    expect(transport.capabilities).toEqual({ extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 });
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.transceiveCount).toBeLessThan(short.emulator.transceiveCount);
    expect(Math.max(...emulator.log.map((l) => l.responseLength ?? 0))).toBeGreaterThan(258);
  });

  it('connect() waits for the card to be held to the phone', async () => {
    const { transport, emulator, sim } = await rig({ placed: false });
    const connecting = transport.connect();
    await until(() => emulator.startSessionCalls === 1);
    expect(transport.isCardPresent()).toBe(false);
    emulator.placeCard(sim);
    await connecting;
    expect(transport.isCardPresent()).toBe(true);
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('connect() again restarts discovery: the card is freshly activated and the check runs again', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.connect();
    expect(emulator.startSessionCalls).toBe(2);
    expect(seen.filter((e) => e === 'card-activated')).toHaveLength(2);
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('fromGlobal uses window.kazasuNative; close() stops listening to the shell', async () => {
    const { emulator } = await rig();
    const page = {};
    installAsKazasuNative(emulator.shell, page);
    const before = emulator.listenerCount; // the rig's own transport listens too
    const transport = NativeTransport.fromGlobal(page);
    expect(emulator.listenerCount).toBe(before + 3);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
    expect(emulator.listenerCount).toBe(before);
    let e: unknown;
    try {
      NativeTransport.fromGlobal({});
    } catch (x) {
      e = x;
    }
    expect([(e as NativeShellError).code, (e as NativeShellError).reason]).toEqual(['unsupported', 'native-shell-missing']);
  });
});

describe('NativeTransport: session failures are typed', () => {
  it('NFC off / no NFC / another session → nfc-disabled, nfc-unavailable, session-busy', async () => {
    const off = await rig({ shell: { nfc: 'disabled' } });
    expect((await shellError(off.transport.connect())).reason).toBe('nfc-disabled');
    const none = await rig({ shell: { nfc: 'absent' } });
    const e = await shellError(none.transport.connect());
    expect([e.code, e.reason]).toEqual(['unsupported', 'nfc-unavailable']);
    const b = await rig({ placed: false });
    void b.emulator.shell.startSession().catch(() => undefined); // another session, still waiting for a card
    const be = await shellError(b.transport.connect());
    expect([be.code, be.reason]).toEqual(['permission-denied', 'session-busy']);
  });

  it('the person closes the NFC sheet → user-cancelled (no-card)', async () => {
    const { transport, emulator } = await rig({ placed: false });
    const connecting = transport.connect();
    await until(() => emulator.startSessionCalls === 1);
    emulator.invalidate('user-cancelled');
    const e = await shellError(connecting);
    expect([e.code, e.reason]).toEqual(['no-card', 'user-cancelled']);
  });

  it("the shell's own wait runs out → session-timeout; a shell that never answers → shell-timeout", async () => {
    const own = await rig({ placed: false, shell: { sessionTimeoutMs: 5 } });
    expect((await shellError(own.transport.connect())).reason).toBe('session-timeout');
    const silent = await rig({ placed: false, transport: { sessionTimeoutMs: 20 } });
    const e = await shellError(silent.transport.connect());
    expect([e.code, e.reason]).toEqual(['timeout', 'shell-timeout']);
    // Nothing is left running on the phone.
    expect(silent.emulator.sessionActive).toBe(false);
  });

  it('the phone invalidates the session mid-read → session-invalidated (card-removed); later transmits too', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    await transport.connect();
    emulator.faults.invalidateAtTransceive = emulator.transceiveCount + 5;
    const e = await shellError(counterCheck(transport));
    expect([e.code, e.reason]).toEqual(['card-removed', 'session-invalidated']);
    expect((await shellError(transport.transmit(GET_CHALLENGE))).reason).toBe('session-invalidated');
    expect(seen.at(-1)).toBe('card-removed');
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('a transceive that never answers → shell-timeout (timeout)', async () => {
    const { transport, emulator } = await rig({ transport: { transceiveTimeoutMs: 30 } });
    await transport.connect();
    emulator.faults.hangAtTransceive = emulator.transceiveCount + 2;
    const e = await shellError(counterCheck(transport));
    expect([e.code, e.reason]).toEqual(['timeout', 'shell-timeout']);
  });

  it('transmit before connect → not-connected; a command over the phone limit is refused without sending', async () => {
    const { transport, emulator } = await rig({ shell: { maxTransceiveLength: 200 } });
    expect(transport.capabilities.maxCommandLength).toBe(200);
    const e = await rejection(transport.transmit(GET_CHALLENGE));
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('not-connected');
    await transport.connect();
    const big = await shellError(transport.transmit(new Uint8Array(201)));
    expect([big.code, big.reason]).toEqual(['protocol', 'command-too-long']);
    expect(emulator.transceiveCount).toBe(0);
  });
});
