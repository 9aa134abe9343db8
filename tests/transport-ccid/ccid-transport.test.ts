/**
 * The real WebUsbCcidTransport (CCID messages, APDU exchange levels, presence, device access)
 * against the emulated CCID reader with the default simulated My Number Card, running the
 * unchanged card library and full counter checks.
 */
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/bytes/byte-ops';
import { toHex } from '../../src/bytes/hex';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { CcidEmulator } from '../../src/sim/readers/ccid-emulator';
import { Rcs380Emulator } from '../../src/sim/readers/rcs380-emulator';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { CcidAccessError } from '../../src/transport/webusb-ccid/ccid-access-error';
import { requestCcidDevice } from '../../src/transport/webusb-ccid/ccid-device-access';
import { CcidSlotError } from '../../src/transport/webusb-ccid/ccid-slot-error';
import { WebUsbCcidTransport, type CcidReaderEvent } from '../../src/transport/webusb-ccid/webusb-ccid-transport';
import { card } from '../verify-flows/flow-helpers';
import { counterCheck, DEFAULT_CODE_B, rejection, rig } from './rig';

const XFR = 0x6f;

function events(t: WebUsbCcidTransport): CardEvent['type'][] {
  const seen: CardEvent['type'][] = [];
  t.onEvent((e) => seen.push(e.type));
  return seen;
}

function nextEvent(t: WebUsbCcidTransport, type: CardEvent['type']): Promise<void> {
  return new Promise((resolve) => {
    const off = t.onEvent((e) => {
      if (e.type === type) {
        off();
        resolve();
      }
    });
  });
}

function readerEvents(t: WebUsbCcidTransport): CcidReaderEvent[] {
  const seen: CcidReaderEvent[] = [];
  t.onReaderEvent((e) => seen.push(e));
  return seen;
}

describe('WebUsbCcidTransport: reader and card activation', () => {
  it('claims the CCID interface (not the vendor one), reads the class descriptor, powers the card on', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    const readers = readerEvents(transport);
    await transport.connect();
    expect(transport.kind).toBe('webusb-ccid');
    expect(transport.readerProfile).toEqual({ exchangeLevel: 'extended-apdu', maxMessageLength: 522, maxSlotIndex: 0, source: 'descriptor', features: 0x0004_04ba, voltageSupport: 0x07 });
    expect(readers).toEqual([{ type: 'reader-ready', profile: transport.readerProfile }]);
    expect(transport.capabilities).toEqual({ extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 });
    expect(emulator.device.configuration!.interfaces.map((i) => [i.interfaceNumber, i.claimed])).toEqual([
      [0, true],
      [1, false],
    ]);
    // GetSlotStatus when opening, then IccPowerOn.
    expect(emulator.messageLog.map((m) => m.type)).toEqual([0x65, 0x62]);
    expect(emulator.messageLog.map((m) => m.seq)).toEqual([0, 1]);
    expect(seen).toEqual(['card-present', 'card-activated']);
    expect(transport.isCardPresent()).toBe(true);
    expect(toHex(transport.atr!)).toBe(toHex((await card('default')).model.atr));
    expect(transport.watchingInterrupt).toBe(true);
    expect(emulator.cardPowered).toBe(true);
  });

  it('finds the reader through the chooser (class 0x0B filter), then remembers it', async () => {
    const { transport, emulator } = await rig({ choose: true });
    expect(await emulator.usb.getDevices()).toHaveLength(1);
    await transport.connect();
    await transport.close();
    expect(emulator.device.opened).toBe(false);
    const again = new WebUsbCcidTransport(emulator.usb, { drainMs: 5 });
    await again.openReader(); // getDevices(), no chooser
    expect(again.readerState).toBe('ready');
    await again.close();
  });

  it('no card: IccPowerOn fails → no-card, reason no-card', async () => {
    const { transport, emulator } = await rig();
    emulator.removeCard();
    const e = (await rejection(transport.connect())) as CcidSlotError;
    expect(e).toBeInstanceOf(CcidSlotError);
    expect([e.code, e.reason, e.slotError]).toEqual(['no-card', 'no-card', 0xfe]);
    expect(transport.isCardPresent()).toBe(false);
  });

  it('reads diagnostics: GetParameters answers T=1', async () => {
    const { transport } = await rig();
    await transport.connect();
    const p = await transport.readParameters();
    expect(p.protocol).toBe(1);
    expect(p.data.length).toBe(7);
  });
});

describe('WebUsbCcidTransport: the card library over XfrBlock', () => {
  it("reads the default card's basic-4 with 照合番号B", async () => {
    const { transport } = await rig();
    await transport.connect();
    const mnc = new MyNumberCard(transport);
    await mnc.text.verify('codeB', DEFAULT_CODE_B, { confirmLastTry: false });
    const b4 = await mnc.text.readBasicFour();
    expect(b4.name).toBe('山田　花子');
    expect(b4.birthDate).toBe('1980-02-17');
    mnc.close();
  });

  it('extended APDU level: a full counter check → verified; long responses come chained', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const report = await counterCheck(transport);
    expect(report.outcome).toBe('verified');
    expect(report.transport).toBe('webusb-ccid');
    const log = emulator.messageLog;
    expect(log.every((m) => m.outcome === 'answered')).toBe(true);
    // A response longer than 512 bytes began with bChainParameter 01 and was fetched with
    // empty XfrBlocks, wLevelParameter 0010, the last answered 02.
    expect(log.some((m) => m.type === XFR && m.answerChain === 0x01)).toBe(true);
    const fetches = log.filter((m) => m.type === XFR && m.levelParameter === 0x0010);
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches.every((m) => m.dataLength === 0 && (m.answerChain === 0x02 || m.answerChain === 0x03))).toBe(true);
    // bSeq counts up by one per message, modulo 256.
    expect(log.every((m, i) => m.seq === i % 256)).toBe(true);
    await transport.disconnect();
    expect(log.at(-1)!.type).toBe(0x63); // IccPowerOff
    expect(emulator.cardPowered).toBe(false);
  });

  it('short APDU level (ACR122U-like, 271-byte messages): short APDUs only → verified', async () => {
    const { transport, emulator } = await rig({ emulator: { level: 'short-apdu', maxMessageLength: 271 } });
    await transport.connect();
    expect(transport.readerProfile).toMatchObject({ exchangeLevel: 'short-apdu', maxMessageLength: 271 });
    expect(transport.capabilities).toEqual({ extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 });
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const xfr = emulator.messageLog.filter((m) => m.type === XFR);
    expect(xfr.length).toBeGreaterThan(20);
    expect(xfr.every((m) => m.levelParameter === 0 && m.dataLength <= 261 && m.outcome === 'answered')).toBe(true);
    // A command longer than a short APDU is refused before it reaches the reader.
    const before = emulator.messageCount;
    const e = (await rejection(transport.transmit(new Uint8Array(300)))) as TransportError;
    expect(e.code).toBe('protocol');
    expect(emulator.messageCount).toBe(before);
  });

  it('extended level with 271-byte messages: commands and responses chained both ways', async () => {
    const { transport, emulator, sim } = await rig({ emulator: { level: 'extended-apdu', maxMessageLength: 271 } });
    const reached: Uint8Array[] = [];
    const spy: ApduResponder = {
      powerOn: () => sim.powerOn(),
      powerOff: () => sim.powerOff(),
      process: (c) => {
        reached.push(c.slice());
        return sim.process(c);
      },
    };
    emulator.placeCard(spy);
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.messageLog.filter((m) => m.type === XFR && m.levelParameter === 0x0010).length).toBeGreaterThan(5);
    // An extended UPDATE BINARY with 1000 data bytes: 1007 bytes in pieces of 261.
    const big = new Uint8Array(1007);
    big.set([0x00, 0xd6, 0x00, 0x00, 0x00, 0x03, 0xe8]);
    for (let i = 7; i < big.length; i++) big[i] = i & 0xff;
    const from = emulator.messageLog.length;
    const response = await transport.transmit(big);
    expect(response.length).toBeGreaterThanOrEqual(2);
    expect(emulator.messageLog.slice(from).map((m) => m.levelParameter)).toEqual([0x01, 0x03, 0x03, 0x02]);
    expect(emulator.messageLog.slice(from, from + 3).every((m) => m.answerChain === 0x10)).toBe(true);
    expect(bytesEqual(reached.at(-1)!, big)).toBe(true); // the card got the 1007 bytes intact
  });

  it('with the descriptor out of reach: unknown reader → short level; a known reader → its table entry', async () => {
    const unknown = await rig({ emulator: { vendorId: 0x1234, productId: 0x5678 } });
    unknown.emulator.accessFaults.controlError = 'SecurityError';
    const readers = readerEvents(unknown.transport);
    await unknown.transport.connect();
    expect(unknown.transport.readerProfile).toMatchObject({ exchangeLevel: 'short-apdu', maxMessageLength: 271, source: 'fallback' });
    expect(readers[0]).toMatchObject({ type: 'reader-ready' });
    expect((readers[0] as { descriptorProblem?: string }).descriptorProblem).toContain('GET_DESCRIPTOR refused');
    expect((await counterCheck(unknown.transport)).outcome).toBe('verified');

    const known = await rig({ emulator: { classDescriptor: false } }); // 054c:0dc9, RC-S300/P
    await known.transport.connect();
    expect(known.transport.readerProfile).toMatchObject({ exchangeLevel: 'extended-apdu', maxMessageLength: 522, source: 'known-reader' });
    expect((await counterCheck(known.transport)).outcome).toBe('verified');
  });

  it('a declared level wins over the descriptor', async () => {
    const { transport, emulator } = await rig({ transport: { exchangeLevel: 'short-apdu' } });
    expect(transport.capabilities.extendedLength).toBe(false); // before opening: what was declared
    await transport.connect();
    expect(transport.readerProfile).toMatchObject({ exchangeLevel: 'short-apdu', source: 'declared' });
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.messageLog.filter((m) => m.type === XFR).every((m) => m.levelParameter === 0)).toBe(true);
  });

  it('TPDU and character level readers are refused with unsupported-exchange-level, and left unclaimed', async () => {
    for (const level of ['tpdu', 'character'] as const) {
      const { transport, emulator } = await rig({ emulator: { level } });
      const e = (await rejection(transport.connect())) as CcidAccessError;
      expect(e).toBeInstanceOf(CcidAccessError);
      expect([e.code, e.reason]).toEqual(['unsupported', 'unsupported-exchange-level']);
      expect(e.message).toContain(level);
      expect(emulator.device.opened).toBe(false);
      expect(emulator.messageCount).toBe(0);
    }
  });
});

describe('WebUsbCcidTransport: time extensions and damaged answers', () => {
  it('three time extensions before every XfrBlock answer → verified', async () => {
    const { transport, emulator } = await rig();
    emulator.faults.timeExtension = { messages: 'all', count: 3, multiplier: 2 };
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    // Every XfrBlock that carried a whole APDU to the card was answered after three extensions.
    const toCard = emulator.messageLog.filter((m) => m.type === XFR && m.levelParameter === 0);
    expect(toCard.length).toBeGreaterThan(10);
    expect(toCard.every((m) => m.timeExtensions === 3 && m.outcome === 'answered')).toBe(true);
  });

  it('time extensions past the command deadline → timeout, however many are allowed', async () => {
    // 500 time extensions, each delivered 5 ms apart: 2.5 s of "wait", against a 300 ms deadline.
    const { transport, emulator } = await rig({ emulator: { latencyMs: 5 }, transport: { commandDeadlineMs: 300, maxTimeExtensions: 10_000 } });
    await transport.connect();
    emulator.faults.timeExtension = { messages: [emulator.messageCount], count: 500 };
    const e = (await rejection(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8)))) as TransportError;
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('within 300 ms');
  });

  it('more time extensions than allowed → timeout; the next activation recovers', async () => {
    const { transport, emulator } = await rig({ transport: { maxTimeExtensions: 2 } });
    await transport.connect();
    emulator.faults.timeExtension = { messages: [emulator.messageCount], count: 3 };
    const e = (await rejection(counterCheck(transport))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe('timeout');
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  const faults = [
    ['truncate', 'protocol'],
    ['huge-length', 'protocol'],
    ['reserved-status', 'protocol'],
    ['wrong-type', 'protocol'],
    ['stall', 'protocol'],
    ['hardware-error', 'protocol'],
    ['silent', 'timeout'],
    ['wrong-seq', 'timeout'],
  ] as const;
  for (const [fault, code] of faults) {
    it(`a ${fault} answer mid-read → ${code}; the next activation recovers and verifies`, async () => {
      const { transport, emulator } = await rig({ transport: { responseTimeoutMs: 150 } });
      await transport.connect();
      emulator.faults.answer[emulator.messageCount + 3] = fault;
      const e = (await rejection(counterCheck(transport))) as TransportError;
      expect(e).toBeInstanceOf(TransportError);
      expect(e.code).toBe(code);
      if (fault === 'hardware-error') expect((e as CcidSlotError).reason).toBe('hardware-error');
      // The session is over: later commands fail the same way without reaching the reader.
      const before = emulator.messageCount;
      expect(((await rejection(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8)))) as TransportError).code).toBe(code);
      expect(emulator.messageCount).toBe(before);
      await transport.connect();
      expect((await counterCheck(transport)).outcome).toBe('verified');
    });
  }
});

describe('WebUsbCcidTransport: presence', () => {
  it('NotifySlotChange on the interrupt endpoint: card-removed / card-present without any bulk message', async () => {
    const { transport, emulator, sim } = await rig();
    await transport.openReader();
    const seen = events(transport);
    const count = emulator.messageCount;
    const removed = nextEvent(transport, 'card-removed');
    emulator.removeCard();
    await removed;
    const present = nextEvent(transport, 'card-present');
    emulator.placeCard(sim);
    await present;
    expect(seen).toEqual(['card-removed', 'card-present']);
    expect(emulator.messageCount).toBe(count);
  });

  it('a card leaving while a session is idle ends it: the next command fails without reaching the reader', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const removed = nextEvent(transport, 'card-removed');
    emulator.removeCard();
    await removed;
    const before = emulator.messageCount;
    const e = (await rejection(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8)))) as CcidSlotError;
    expect([e.code, e.reason]).toEqual(['card-removed', 'no-card']);
    expect(emulator.messageCount).toBe(before);
  });

  it('a reader without an interrupt endpoint is polled with GetSlotStatus', async () => {
    const { transport, emulator, sim } = await rig({ emulator: { interruptEndpoint: false } });
    const seen = events(transport);
    emulator.removeCard();
    await transport.openReader();
    expect(transport.watchingInterrupt).toBe(false);
    await transport.pollOnce();
    expect(seen).toEqual([]);
    emulator.placeCard(sim);
    await transport.pollOnce();
    expect(seen).toEqual(['card-present']);
    await transport.connect();
    await transport.pollOnce();
    expect((await counterCheck(transport)).outcome).toBe('verified'); // polling did not disturb the session
    emulator.removeCard();
    await transport.pollOnce();
    expect(seen.at(-1)).toBe('card-removed');
    expect(((await rejection(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8)))) as TransportError).code).toBe('card-removed');
    expect(emulator.messageLog.filter((m) => m.type === 0x65).length).toBe(5); // open + 4 polls
  });

  it('startPolling notices a card arriving and leaving (presence: poll)', async () => {
    const { transport, emulator, sim } = await rig({ transport: { presence: 'poll', pollIntervalMs: 5 } });
    emulator.removeCard();
    await transport.openReader();
    expect(transport.watchingInterrupt).toBe(false);
    const seen = events(transport);
    transport.startPolling();
    const present = nextEvent(transport, 'card-present');
    emulator.placeCard(sim);
    await present;
    const removed = nextEvent(transport, 'card-removed');
    emulator.removeCard();
    await removed;
    transport.stopPolling();
    expect(seen).toEqual(['card-present', 'card-removed']);
  });

});

describe('WebUsbCcidTransport: the reader leaving', () => {

  it('unplugged while idle: the USB disconnect event alone gives reader-removed', async () => {
    const { transport, emulator } = await rig({ transport: { autoReconnect: false } });
    const seen = events(transport);
    await transport.openReader();
    emulator.unplug();
    expect(seen.at(-1)).toBe('reader-removed');
    const e = (await rejection(transport.connect())) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['reader-unplugged', 'no-reader']);
  });
});

describe('WebUsbCcidTransport: permission', () => {
  it('an ordinary page (no usb-unrestricted): claimInterface SecurityError → protected-class-blocked', async () => {
    const { transport, emulator } = await rig({ emulator: { usbUnrestricted: false } });
    const e = (await rejection(transport.connect())) as CcidAccessError;
    expect(e).toBeInstanceOf(CcidAccessError);
    expect([e.code, e.reason]).toEqual(['permission-denied', 'protected-class-blocked']);
    expect(e.message).toMatch(/Isolated Web App.*Electron.*PC\/SC bridge/);
    expect(emulator.messageCount).toBe(0);
    expect(emulator.device.opened).toBe(false); // closed again after the refused claim
    // The same page may still claim a vendor-class reader (the RC-S380), as in Chrome.
    const pasori = new Rcs380Emulator({ usb: emulator.usb, granted: true });
    await pasori.device.open();
    await expect(pasori.device.claimInterface(0)).resolves.toBeUndefined();
  });

  it('claimInterface NetworkError (the system CCID driver or pcscd holds it) → interface-busy; open() refused → open-refused', async () => {
    const a = await rig();
    a.emulator.accessFaults.claimError = 'NetworkError';
    let e = (await rejection(a.transport.connect())) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'interface-busy']);
    const b = await rig();
    b.emulator.accessFaults.openError = 'SecurityError';
    e = (await rejection(b.transport.connect())) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'open-refused']);
  });

  it('chooser cancelled or blocked, no WebUSB, no remembered reader, not a CCID device', async () => {
    const { emulator } = await rig({ emulator: { granted: false } });
    emulator.usb.chooser = 'cancel';
    let e = (await rejection(requestCcidDevice(emulator.usb))) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'chooser-cancelled']);
    emulator.usb.chooser = 'blocked';
    e = (await rejection(requestCcidDevice(emulator.usb))) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'request-blocked']);
    e = (await rejection(requestCcidDevice(undefined))) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['unsupported', 'webusb-unavailable']);
    e = (await rejection(new WebUsbCcidTransport(emulator.usb).connect())) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['reader-unplugged', 'no-reader']);
    const pasori = new Rcs380Emulator({ granted: true });
    e = (await rejection(new WebUsbCcidTransport(pasori.usb, { device: pasori.device }).connect())) as CcidAccessError;
    expect([e.code, e.reason]).toEqual(['unsupported', 'not-a-ccid-reader']);
  });

  it('a second emulated reader on the same navigator.usb does not confuse the chooser', async () => {
    const { emulator } = await rig({ emulator: { granted: false } });
    const other = new CcidEmulator({ usb: emulator.usb, serialNumber: 'OTHER', level: 'short-apdu' });
    expect(await requestCcidDevice(emulator.usb)).toBe(emulator.device);
    expect(other.device).not.toBe(emulator.device);
  });
});

describe('WebUsbCcidTransport: power-on voltage (bPowerSelect from dwFeatures)', () => {
  const powerOns = (e: CcidEmulator) => e.messageLog.filter((m) => m.type === 0x62).map((m) => m.powerSelect);

  it('a reader that advertises automatic voltage (dwFeatures 0x08) gets bPowerSelect 00 only', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    expect(powerOns(emulator)).toEqual([0]);
    expect(transport.powerSelect).toBe(0);
  });

  it('a reader without automatic voltage (as the ACR122U) gets 5 V first; a 5 V card comes up at once → verified', async () => {
    const { transport, emulator } = await rig({ emulator: { autoVoltage: false } });
    await transport.connect();
    expect(transport.readerProfile?.features && transport.readerProfile.features & 0x08).toBe(0);
    expect(powerOns(emulator)).toEqual([1]);
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('a card that answers only at 3 V: 5 V (mute), then 3 V → verified at 3 V', async () => {
    const { transport, emulator } = await rig({ emulator: { autoVoltage: false, cardVoltages: [2] } });
    await transport.connect();
    expect(powerOns(emulator)).toEqual([1, 2]);
    expect(transport.powerSelect).toBe(2);
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });

  it('a 1.8 V card: 5 V, 3 V, 1.8 V in turn; voltages the reader does not list are skipped', async () => {
    const a = await rig({ emulator: { autoVoltage: false, cardVoltages: [3] } });
    await a.transport.connect();
    expect(powerOns(a.emulator)).toEqual([1, 2, 3]);
    const b = await rig({ emulator: { autoVoltage: false, voltageSupport: 0x06, cardVoltages: [3] } }); // no 5 V
    await b.transport.connect();
    expect(powerOns(b.emulator)).toEqual([2, 3]);
    expect(b.transport.powerSelect).toBe(3);
  });

  it('a card that answers at no voltage: three tries, then a typed card-mute error (no-card)', async () => {
    const { transport, emulator } = await rig({ emulator: { autoVoltage: false, cardVoltages: [] } });
    const e = (await rejection(transport.connect())) as CcidSlotError;
    expect([e.code, e.reason]).toEqual(['no-card', 'card-mute']);
    expect(powerOns(emulator)).toEqual([1, 2, 3]);
  });

  it('no card at all: one IccPowerOn, no voltage hunting', async () => {
    const { transport, emulator } = await rig({ emulator: { autoVoltage: false } });
    emulator.removeCard();
    expect(((await rejection(transport.connect())) as CcidSlotError).reason).toBe('no-card');
    expect(powerOns(emulator)).toEqual([1]);
  });

  it('a reader that refuses bPowerSelect 00 would fail a fixed "automatic" choice; a declared value is the only one tried', async () => {
    const { transport, emulator } = await rig({ emulator: { autoVoltage: false }, transport: { powerSelect: 0 } });
    const e = (await rejection(transport.connect())) as CcidSlotError;
    expect([e.code, e.reason, e.slotError]).toEqual(['protocol', 'bad-parameter', 7]);
    expect(powerOns(emulator)).toEqual([0]);
  });

  it('without a descriptor: a known reader without automatic voltage (ACR122U) and an unknown reader both start at 5 V', async () => {
    for (const ids of [
      { vendorId: 0x072f, productId: 0x2200 },
      { vendorId: 0x1234, productId: 0x5678 },
    ]) {
      const { transport, emulator } = await rig({ emulator: { ...ids, classDescriptor: false, autoVoltage: false } });
      await transport.connect();
      expect(powerOns(emulator)).toEqual([1]);
    }
  });
});
