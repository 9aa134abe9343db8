/**
 * The real SmartCardApiTransport against the emulated navigator.smartCard with the default
 * simulated My Number Card: the unchanged card library runs a full counter check; refusals and
 * failures of the API come out as SmartCardApiError with a stable reason.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { TransportError } from '../../src/transport/card-transport';
import { SmartCardApiError } from '../../src/transport/smartcard-api/smartcard-api-error';
import { SmartCardApiTransport } from '../../src/transport/smartcard-api/smartcard-api-transport';
import { card } from '../verify-flows/flow-helpers';
import { counterCheck, DEFAULT_CODE_B, events, rejection, rig } from './rig';

const GET_CHALLENGE = Uint8Array.of(0x00, 0x84, 0x00, 0x00, 0x08);
/** READ BINARY of the current DF's EF 02 (basic four) by SFI, 256 bytes. */
const READ_BASIC_FOUR = Uint8Array.of(0x00, 0xb0, 0x82, 0x00, 0x00);

async function apiError(p: Promise<unknown>): Promise<SmartCardApiError> {
  const e = await rejection(p);
  expect(isKazasuError(e), String(e)).toBe(true);
  expect(e).toBeInstanceOf(SmartCardApiError);
  return e as SmartCardApiError;
}

describe('SmartCardApiTransport: reading through navigator.smartCard', () => {
  it('runs a full counter check → verified, over an exclusive T=1 connection', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    await transport.connect();
    expect(transport.kind).toBe('smartcard-api');
    expect(transport.activeProtocol).toBe('t1');
    expect(toHex(transport.atr!)).toBe(toHex((await card('default')).model.atr));
    expect(emulator.openConnections()).toEqual(['exclusive']);
    const report = await counterCheck(transport);
    expect(report.outcome).toBe('verified');
    expect(report.transport).toBe('smartcard-api');
    expect(report.attributes.name).toBe('山田　花子');
    expect(emulator.transmitLog.length).toBeGreaterThan(20);
    expect(emulator.transmitLog.every((l) => l.outcome === 'answered')).toBe(true);
    // Short APDUs by default: nothing longer than 261 bytes went out, nothing over 258 came back.
    expect(Math.max(...emulator.transmitLog.map((l) => l.commandLength))).toBeLessThanOrEqual(261);
    expect(Math.max(...emulator.transmitLog.map((l) => l.responseLength ?? 0))).toBeLessThanOrEqual(258);
    expect(seen).toEqual(['card-present', 'card-activated']);
    await transport.disconnect();
    expect(emulator.openConnections()).toEqual([]);
    await transport.close();
  });

  it('with extendedLength the same check needs fewer, larger APDUs', async () => {
    const short = await rig();
    await short.transport.connect();
    expect((await counterCheck(short.transport)).outcome).toBe('verified');
    const extended = await rig({ transport: { extendedLength: true } });
    await extended.transport.connect();
    expect(extended.transport.capabilities).toEqual({ extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 });
    expect((await counterCheck(extended.transport)).outcome).toBe('verified');
    expect(extended.emulator.transmitCount).toBeLessThan(short.emulator.transmitCount);
    expect(Math.max(...extended.emulator.transmitLog.map((l) => l.responseLength ?? 0))).toBeGreaterThan(258);
    await short.transport.close();
    await extended.transport.close();
  });

  it("'shared' access and T=0 cards work too", async () => {
    const { transport, emulator } = await rig({ transport: { accessMode: 'shared' }, card: { protocols: ['t0'] } });
    await transport.connect();
    expect(emulator.openConnections()).toEqual(['shared']);
    expect(transport.activeProtocol).toBe('t0');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
  });

  it("disconnect resets the card, so the 照合番号B status does not outlive the session ('leave' would keep it)", async () => {
    for (const disposition of ['reset', 'leave'] as const) {
      const { transport, emulator } = await rig({ transport: { disposition } });
      await transport.connect();
      const mnc = new MyNumberCard(transport);
      await mnc.text.verify('codeB', DEFAULT_CODE_B, { confirmLastTry: false });
      mnc.close();
      await transport.disconnect();
      // The next program on this reader, without any VERIFY, in the DF the session left selected.
      const ctx = await emulator.smartCard.establishContext();
      const { connection } = await ctx.connect(emulator.readerNames[0]!, 'exclusive', { preferredProtocols: ['t1'] });
      const answer = new Uint8Array(await connection.transmit(READ_BASIC_FOUR));
      const sw = toHex(answer.subarray(answer.length - 2));
      if (disposition === 'reset') expect(sw).not.toBe('9000');
      else expect(sw).toBe('9000');
    }
  });

  it("connect resets a card another program left with 照合番号B verified ('leave'); resetOnConnect: false would inherit it", async () => {
    for (const resetOnConnect of [true, false]) {
      const { transport, emulator } = await rig({ transport: { resetOnConnect } });
      // Another program: verifies 照合番号B in the text AP and leaves the card as it is.
      const other = new SmartCardApiTransport(emulator.smartCard, { disposition: 'leave' });
      await other.connect();
      const mnc = new MyNumberCard(other);
      await mnc.text.verify('codeB', DEFAULT_CODE_B, { confirmLastTry: false });
      mnc.close();
      await other.close();
      const seen = events(transport);
      await transport.connect();
      expect(seen).toContain('card-activated');
      const answer = await transport.transmit(READ_BASIC_FOUR);
      const sw = toHex(answer.subarray(answer.length - 2));
      if (resetOnConnect) expect(sw).not.toBe('9000');
      else expect(sw).toBe('9000');
      await transport.close();
    }
  });

  it('picks the contactless slot of a dual reader, not its SAM slot; a named reader must be attached', async () => {
    const readers = ['ACS ACR1252 1S CL Reader SAM 0', 'ACS ACR1252 1S CL Reader PICC 0'];
    const { transport, emulator, sim } = await rig({ emulator: { readers }, inserted: false });
    emulator.insertCard(sim, readers[1]);
    expect(await transport.openReader()).toBe(readers[1]);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const named = new SmartCardApiTransport(emulator.smartCard, { readerName: 'Some Other Reader' });
    const e = await apiError(named.connect());
    expect([e.code, e.reason]).toEqual(['reader-unplugged', 'no-reader']);
  });
});

describe('SmartCardApiTransport: refusals and failures are typed', () => {
  it('permission prompt refused (NotAllowedError) → permission-denied', async () => {
    const { transport, emulator } = await rig();
    emulator.access.permission = 'denied';
    const e = await apiError(transport.connect());
    expect([e.code, e.reason, e.domName]).toEqual(['permission-denied', 'permission-denied', 'NotAllowedError']);
  });

  it('"smart-card" permissions policy not allowed (SecurityError) → policy-blocked', async () => {
    const { transport, emulator } = await rig();
    emulator.access.policyAllowed = false;
    const e = await apiError(transport.connect());
    expect([e.code, e.reason]).toEqual(['permission-denied', 'policy-blocked']);
  });

  it('no PC/SC service (no-service) → pcsc-unavailable', async () => {
    const { transport, emulator } = await rig();
    emulator.access.serviceRunning = false;
    const e = await apiError(transport.connect());
    expect([e.code, e.reason, e.responseCode]).toEqual(['unsupported', 'pcsc-unavailable', 'no-service']);
  });

  it('no reader → no-reader; no card → no-card; a mute card → card-unresponsive', async () => {
    const none = await rig({ emulator: { readers: [] }, inserted: false });
    expect((await apiError(none.transport.connect())).reason).toBe('no-reader');

    const empty = await rig({ inserted: false });
    const seen = events(empty.transport);
    const e = await apiError(empty.transport.connect());
    expect([e.code, e.reason, e.responseCode]).toEqual(['no-card', 'no-card', 'no-smartcard']);
    expect(seen).toEqual([]);

    const mute = await rig({ card: { mute: true } });
    expect((await apiError(mute.transport.connect())).reason).toBe('card-unresponsive');
  });

  it('another program holds the card → reader-busy; once released, the check runs', async () => {
    const { transport, emulator } = await rig();
    emulator.holdElsewhere(true);
    const e = await apiError(transport.connect());
    expect([e.code, e.reason, e.responseCode]).toEqual(['permission-denied', 'reader-busy', 'sharing-violation']);
    emulator.holdElsewhere(false);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('a card that offers no wanted protocol → card-unsupported', async () => {
    const { transport } = await rig({ card: { protocols: ['t0'] }, transport: { preferredProtocols: ['t1'] } });
    const e = await apiError(transport.connect());
    expect([e.code, e.reason, e.responseCode]).toEqual(['unsupported', 'card-unsupported', 'proto-mismatch']);
  });

  it('another program resets the card mid-session → card-reset (as card-removed); a new connect reads again', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const mnc = new MyNumberCard(transport);
    await mnc.text.verify('codeB', DEFAULT_CODE_B, { confirmLastTry: false });
    emulator.resetByOtherProgram();
    const e = await apiError(mnc.text.readBasicFour());
    expect([e.code, e.reason, e.responseCode]).toEqual(['card-removed', 'card-reset', 'reset-card']);
    expect((await apiError(transport.transmit(GET_CHALLENGE))).reason).toBe('card-reset');
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('a transmit that never answers → reader-timeout; the hung handle keeps the card busy (typed, not a hang)', async () => {
    const { transport, emulator } = await rig({ transport: { transmitTimeoutMs: 50 } });
    await transport.connect();
    emulator.faults.hangAtTransmit = emulator.transmitCount + 3;
    const e = await apiError(counterCheck(transport));
    expect([e.code, e.reason]).toEqual(['timeout', 'reader-timeout']);
    expect((await apiError(transport.transmit(GET_CHALLENGE))).reason).toBe('reader-timeout');
    // The stuck exclusive handle still holds the card in PC/SC: the next connect says so.
    expect((await apiError(transport.connect())).reason).toBe('reader-busy');
  });

  it('an oversized or non-buffer answer → malformed-answer, and the session is over', async () => {
    for (const fault of ['oversizeAtTransmit', 'wrongTypeAtTransmit'] as const) {
      const { transport, emulator } = await rig();
      await transport.connect();
      emulator.faults[fault] = emulator.transmitCount + 2;
      const e = await apiError(counterCheck(transport));
      expect([e.code, e.reason]).toEqual(['protocol', 'malformed-answer']);
      expect((await apiError(transport.transmit(GET_CHALLENGE))).reason).toBe('malformed-answer');
    }
  });

  it('transmit before connect → not-connected; a command over the path limit is refused without sending', async () => {
    const { transport, emulator } = await rig();
    const e = await rejection(transport.transmit(GET_CHALLENGE));
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('not-connected');
    await transport.connect();
    const before = emulator.transmitCount;
    const big = await rejection(transport.transmit(new Uint8Array(262)));
    expect((big as TransportError).code).toBe('protocol');
    expect(emulator.transmitCount).toBe(before);
  });

  it('fromGlobal without navigator.smartCard → smartcard-api-missing', () => {
    let e: unknown;
    try {
      SmartCardApiTransport.fromGlobal({ navigator: {}, isSecureContext: true });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SmartCardApiError);
    expect([(e as SmartCardApiError).code, (e as SmartCardApiError).reason]).toEqual(['unsupported', 'smartcard-api-missing']);
  });
});
