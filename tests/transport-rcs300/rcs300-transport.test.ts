/**
 * The real WebUsbRcs300Transport (vendor interface 1, CCID escape, PC/SC transparent session,
 * host Type B activation and ISO-DEP) against the emulated RC-S300/P with the default simulated
 * card: what is this path's own. What every path shares is in tests/transport-conformance.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { Rcs380Emulator } from '../../src/sim/readers/rcs380-emulator';
import { TransportError } from '../../src/transport/card-transport';
import { ReaderAccessError } from '../../src/transport/webusb/reader-access-error';
import { CcidSlotError } from '../../src/transport/webusb-ccid/ccid-slot-error';
import { requestRcs300Device } from '../../src/transport/webusb-rcs300/rcs300-device-access';
import { WebUsbRcs300Transport } from '../../src/transport/webusb-rcs300/webusb-rcs300-transport';
import { counterCheck, rejection, rig } from './rig';

const P2 = { manage: 0x00, exchange: 0x01, switchProtocol: 0x02 };

describe('WebUsbRcs300Transport: an ordinary page (no usb-unrestricted)', () => {
  it('claims vendor interface 1, never the CCID interface 0, and opens a transparent session', async () => {
    const { transport, emulator } = await rig({ choose: true });
    expect(emulator.usb.policy.usbUnrestricted).toBe(false);
    expect(emulator.device.configuration!.interfaces.map((i) => [i.interfaceNumber, i.claimed])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(transport.readerFirmware).toBe('01.00.05.00');
    // End a stale session (refused: none open), start ours, RF off, firmware version.
    expect(emulator.sessionLog.map((l) => `${l.p2 ?? 'FF56'}:${l.tags.map((t) => t.toString(16)).join(',')}:${l.status}`)).toEqual([
      '0:82:no session',
      '0:81:ok',
      '0:83:ok',
      'FF56::version',
    ]);
    expect(emulator.escapeLog.every((m) => m.type === 0x6b)).toBe(true);
    await transport.close();
  });

  it('activation: RF off, RF on, Switch Protocol Type B, then SENSB_REQ and ATTRIB as transceive objects with flags 00 1C', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const after = emulator.sessionLog.slice(4).map((l) => `${l.p2}:${l.tags.map((t) => t.toString(16)).join(',')}:${l.status}`);
    expect(after).toEqual(['0:83:ok', '0:84:ok', '2:8f:ok', '1:90,5f46,95:answered', '1:90,5f46,95:answered']);
    expect(toHex(emulator.rfLog[0]!.sent)).toBe('050010');
    expect(toHex(emulator.rfLog[1]!.sent)).toBe('1D4B5A533100080100');
    expect(emulator.rfLog[0]!.timeoutMs).toBeCloseTo(30, 3);
    expect(transport.kind).toBe('webusb-rcs300');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.card!.violations).toEqual([]);
  });

  it('close(): RF off and the session ended, so the next program can start one; the interface is released', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    await transport.close();
    expect(emulator.session.sessionOpen).toBe(false);
    expect(emulator.sessionLog.slice(-2).map((l) => l.tags[0])).toEqual([0x83, 0x82]);
    expect(emulator.device.opened).toBe(false);
  });
});

describe('WebUsbRcs300Transport: bit rate (Set Parameter speed after ATTRIB, UNCONFIRMED)', () => {
  for (const [capability, rate, speed] of [
    [0xb3, 424, 0x12],
    [0x11, 212, 0x09],
  ] as const) {
    it(`a card offering ${capability.toString(16).toUpperCase()}: ATTRIB asks for ${rate}, then FF 6E 05 ${speed.toString(16).padStart(2, '0')}; frames at ${rate} → verified`, async () => {
      const { transport, emulator } = await rig({ card: { bitRateCapability: capability } });
      await transport.connect();
      expect(transport.activeBitRate).toBe(rate);
      const speedSet = emulator.sessionLog.filter((l) => l.p2 === P2.manage && l.tags[0] === 0xff6e);
      expect(speedSet).toHaveLength(1);
      expect(emulator.session.bitRate).toBe(rate);
      expect((await counterCheck(transport)).outcome).toBe('verified');
      expect([...new Set(emulator.rfLog.slice(2).map((l) => l.rate))]).toEqual([rate]);
      expect(emulator.card!.violations).toEqual([]);
    });
  }

  it('a card offering only 106: no speed parameter is sent, frames at 106 → verified', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0x00 } });
    await transport.connect();
    expect(emulator.sessionLog.some((l) => l.tags.includes(0xff6e))).toBe(false);
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect([...new Set(emulator.rfLog.map((l) => l.rate))]).toEqual([106]);
  });

  it('a link that fails at 424: fall back to 106 (Switch Protocol again), verified', async () => {
    const { transport, emulator } = await rig({ card: { bitRateCapability: 0xb3 } });
    emulator.faults.brokenRates = [424];
    await transport.connect();
    expect(transport.activeBitRate).toBe(106);
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });
});

describe('WebUsbRcs300Transport: ISO-DEP and the reader under stress', () => {
  it('FSC 32 / FSD 64 with S(WTX) before every answer, lost and garbled frames → recovered, verified', async () => {
    const { transport, emulator } = await rig({ card: { fsci: 2 }, transport: { fsdi: 5 } });
    emulator.faults.wtx = { apdus: 'all', count: 1, wtxm: 2 };
    emulator.faults.loseCommand = [5, 30];
    emulator.faults.loseAnswer = [9, 40];
    emulator.faults.garbleAnswer = [12, 50];
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const outcomes = emulator.rfLog.map((l) => l.outcome);
    expect(outcomes.filter((o) => o === 'garbled')).toHaveLength(2); // C0 90 00 with 96 01 00: rf-garbled, then R(NAK)
    expect(outcomes.filter((o) => o === 'lost-command' || o === 'lost-answer')).toHaveLength(4); // C0 xx 64 01: rf-timeout
    expect(emulator.card!.violations).toEqual([]);
  });

  it('a slot busy for a while is waited out; busy for longer than the retries is reader-busy', async () => {
    const a = await rig();
    await a.transport.openReader();
    a.emulator.sessionFaults.busy = 3;
    await a.transport.connect();
    expect((await counterCheck(a.transport)).outcome).toBe('verified');
    const b = await rig();
    await b.transport.openReader();
    b.emulator.sessionFaults.busy = 50;
    const e = (await rejection(b.transport.connect())) as CcidSlotError;
    expect(e).toBeInstanceOf(CcidSlotError);
    expect([e.code, e.reason, e.slotError]).toEqual(['protocol', 'reader-busy', 0xe0]);
  });
});

describe('WebUsbRcs300Transport: which device', () => {
  it('an RC-S380 is not an RC-S300: not-an-rcs300; claim refused and a busy interface have their reasons', async () => {
    const pasori = new Rcs380Emulator({ granted: true });
    let e = (await rejection(new WebUsbRcs300Transport(pasori.usb, { device: pasori.device }).connect())) as ReaderAccessError;
    expect(e).toBeInstanceOf(ReaderAccessError);
    expect([e.code, e.reason]).toEqual(['unsupported', 'not-an-rcs300']);
    const { emulator } = await rig({ emulator: { granted: false } });
    await expect(requestRcs300Device(emulator.usb)).resolves.toBe(emulator.device);
    emulator.accessFaults.claimError = 'SecurityError';
    e = (await rejection(new WebUsbRcs300Transport(emulator.usb).connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'claim-refused']);
    emulator.accessFaults.claimError = 'NetworkError';
    e = (await rejection(new WebUsbRcs300Transport(emulator.usb).connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'interface-busy']);
  });

  it('no remembered RC-S300: reader-unplugged, no-reader; the chooser lists RC-S300/S and /P only', async () => {
    const { emulator } = await rig({ emulator: { granted: false } });
    const e = (await rejection(new WebUsbRcs300Transport(emulator.usb).connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['reader-unplugged', 'no-reader']);
    const pasori = new Rcs380Emulator();
    expect(((await rejection(requestRcs300Device(pasori.usb))) as ReaderAccessError).reason).toBe('chooser-cancelled');
  });
});
