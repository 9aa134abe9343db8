/**
 * The real WebUsbPort100Transport (Port-100 framing + Type B activation + ISO-DEP) against the
 * emulated RC-S380 with the default simulated My Number Card: what is this path's own (reader
 * init, frames on the air, ISO-DEP recovery, WebUSB permission reasons). What every path shares
 * (events, removal, unplug, presence) is in tests/transport-conformance.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import { TransportError, type CardEvent } from '../../src/transport/card-transport';
import { fwtMsFromFwi } from '../../src/transport/iso-dep/iso-dep-timing';
import { requestPort100Device } from '../../src/transport/webusb-port100/port100-device-access';
import { ReaderAccessError } from '../../src/transport/webusb/reader-access-error';
import { WebUsbPort100Transport } from '../../src/transport/webusb-port100/webusb-port100-transport';
import { card } from '../verify-flows/flow-helpers';
import { counterCheck, DEFAULT_CODE_B, rig } from './rig';

function events(t: WebUsbPort100Transport): CardEvent['type'][] {
  const seen: CardEvent['type'][] = [];
  t.onEvent((e) => seen.push(e.type));
  return seen;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** Host → card frames of ISO-DEP (after SENSB_REQ / ATTRIB). */
function hostBlocks(log: readonly { sent: Uint8Array }[]): Uint8Array[] {
  return log.map((l) => l.sent).filter((s) => s[0] !== 0x05 && s[0] !== 0x1d);
}

describe('WebUsbPort100Transport: reader and card activation', () => {
  it('initialises the reader as nfcpy does: SetCommandType, GetFirmwareVersion, GetPDDataVersion, SwitchRF', async () => {
    const { transport, emulator } = await rig();
    expect(await transport.openReader()).toEqual({ firmware: '1.11', pdData: '1.00' });
    expect(emulator.firmware.commandLog).toEqual([0x2a, 0x20, 0x22, 0x06]);
    expect(transport.kind).toBe('webusb-port100');
    expect(transport.capabilities).toEqual({ extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 });
  });

  it('finds the reader through the chooser, then remembers it', async () => {
    const { transport, emulator } = await rig({ choose: true });
    expect(await emulator.usb.getDevices()).toHaveLength(1);
    await transport.connect();
    const again = new WebUsbPort100Transport(emulator.usb);
    await transport.close();
    await again.openReader(); // getDevices(), no chooser
    expect(again.readerState).toBe('ready');
  });

  it('activates with SENSB_REQ 05 00 10 (30 ms) and ATTRIB 1D PUPI 00 08 01 00', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    await transport.connect();
    const [sensb, attrib] = emulator.rfLog;
    expect(toHex(sensb!.sent)).toBe('050010');
    expect(sensb!.timeoutMs).toBe(31); // (30 + 1) × 10 units of 0.1 ms
    expect(toHex(attrib!.sent)).toBe('1D4B5A533100080100');
    expect(seen).toEqual(['card-present', 'card-activated']);
    expect(transport.activeTarget?.fsc).toBe(256);
    expect(transport.isCardPresent()).toBe(true);
    // InSetRF 106B and the two InSetProtocol commands went first.
    expect(emulator.firmware.commandLog.slice(4)).toEqual([0x06, 0x00, 0x02, 0x02, 0x04, 0x04]);
  });

});

describe('WebUsbPort100Transport: the card library over ISO-DEP', () => {
  it("reads the default card's basic-4 with 照合番号B", async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const mnc = new MyNumberCard(transport);
    await mnc.text.verify('codeB', DEFAULT_CODE_B, { confirmLastTry: false });
    const b4 = await mnc.text.readBasicFour();
    expect(b4.name).toBe('山田　花子');
    expect(b4.address).toBe('東京都千代田区かざす町一丁目２番３号');
    expect(b4.birthDate).toBe('1980-02-17');
    expect(b4.sexCode).toBe((await card('default')).profile.person.sex);
    expect(b4.sex).toBe('female');
    mnc.close();
    expect(emulator.card!.violations).toEqual([]);
  });

  it('runs a full counter check → verified, every frame answered in time', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    const report = await counterCheck(transport);
    expect(report.outcome).toBe('verified');
    expect(report.transport).toBe('webusb-port100');
    expect(emulator.rfLog.every((l) => l.outcome === 'answered')).toBe(true);
    expect(emulator.card!.violations).toEqual([]);
    // Responses longer than FSD − 3 = 253 bytes came back chained (12|n from the card).
    expect(emulator.rfLog.some((l) => l.answer !== undefined && (l.answer[0]! & 0xf0) === 0x10)).toBe(true);
    await transport.disconnect();
    expect(toHex(emulator.rfLog.at(-1)!.sent)).toBe('C2');
    expect(emulator.card!.state).toBe('off'); // SwitchRF off after DESELECT
  });

  it('with FSC 32 and FSD 64, chaining both ways → verified', async () => {
    const { transport, emulator } = await rig({ card: { fsci: 2 }, transport: { fsdi: 5 } });
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const sent = hostBlocks(emulator.rfLog);
    expect(Math.max(...sent.map((s) => s.length))).toBe(30); // FSC 32 − CRC_B
    expect(sent.some((s) => (s[0]! & 0xfe) === 0x12)).toBe(true); // we chained
    const answers = emulator.rfLog.map((l) => l.answer).filter((a): a is Uint8Array => a !== undefined && a[0] !== 0x50);
    expect(Math.max(...answers.map((a) => a.length))).toBe(62); // FSD 64 − CRC_B
    expect(emulator.card!.violations).toEqual([]);
  });

  it('with S(WTX) before every answer → verified, waiting WTXM × FWT each time', async () => {
    const { transport, emulator } = await rig();
    emulator.faults.wtx = { apdus: 'all', count: 2, wtxm: 4 };
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const wtxAnswers = emulator.rfLog.filter((l) => l.sent[0] === 0xf2);
    expect(wtxAnswers.length).toBe(2 * emulator.card!.apduCount);
    for (const l of wtxAnswers) {
      expect(toHex(l.sent)).toBe('F204');
      expect(l.timeoutMs).toBeGreaterThanOrEqual(4 * fwtMsFromFwi(8));
    }
    expect(emulator.rfLog.filter((l) => l.outcome === 'late')).toEqual([]);
  });

  it('with lost commands, lost answers and CRC errors → recovered, verified', async () => {
    const { transport, emulator } = await rig();
    emulator.faults.loseCommand = [3, 20, 41];
    emulator.faults.loseAnswer = [7, 30, 31, 50];
    emulator.faults.garbleAnswer = [9, 35, 60];
    emulator.faults.wtx = { apdus: [4, 9], count: 1, wtxm: 2 };
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const outcomes = emulator.rfLog.map((l) => l.outcome);
    expect(outcomes.filter((o) => o === 'lost-command')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'lost-answer')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'garbled')).toHaveLength(3);
    // Each loss was followed by R(NAK) or R(ACK) from the host.
    for (const l of emulator.rfLog.filter((x) => x.outcome !== 'answered')) {
      const next = emulator.rfLog[l.index + 1]!;
      expect([0xa2, 0xb2]).toContain(next.sent[0]! & 0xfe);
    }
    expect(emulator.card!.violations).toEqual([]);
  });

  it('retransmits a block at most maxRetries times', async () => {
    // Frame 3 (the VERIFY I-block) lost; R(NAK) answered with R(ACK)(other number), so the
    // I-block is sent again (rule 6) and its answer lost twice: four retransmissions in all.
    const dense = { loseCommand: [3], loseAnswer: [5, 6], garbleAnswer: [] };
    const a = await rig();
    a.emulator.faults = { ...dense };
    await a.transport.connect();
    const e = (await rejection(counterCheck(a.transport))) as TransportError;
    expect(e.code).toBe('card-removed');
    expect(a.emulator.rfLog.map((l) => toHex(l.sent).slice(0, 2))).toEqual(['05', '1D', '02', '03', 'B3', '03', 'B3']);
    const b = await rig({ transport: { maxRetries: 5 } });
    b.emulator.faults = { ...dense };
    await b.transport.connect();
    expect((await counterCheck(b.transport)).outcome).toBe('verified');
  });

  it('recovers from a Port-100 frame the reader rejected, on the next activation', async () => {
    const { transport, emulator } = await rig();
    await transport.connect();
    emulator.corruptOutTransfers = 1;
    const e = (await rejection(new MyNumberCard(transport).getChallenge(8))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe('protocol');
    await transport.connect(); // host ACK resynchronises the reader
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });
});

describe('WebUsbPort100Transport: a reader that goes quiet', () => {
  it('a command the reader never ACKs times out; the next activation resynchronises', async () => {
    const { transport, emulator } = await rig({ emulator: { badFrameReply: 'silent' } });
    await transport.connect();
    emulator.corruptOutTransfers = 1;
    const e = (await rejection(new MyNumberCard(transport).getChallenge(8))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe('timeout');
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
  });
});

describe('WebUsbPort100Transport: card and reader leaving', () => {

  it('presence polling: SENSB_REQ while idle, R(NAK) during a session', async () => {
    const { transport, emulator, sim } = await rig();
    const seen = events(transport);
    emulator.removeCard();
    await transport.openReader();
    await transport.pollOnce();
    expect(seen).toEqual([]);
    emulator.placeCard(sim);
    await transport.pollOnce();
    expect(seen).toEqual(['card-present']);
    await transport.pollOnce();
    expect(seen).toEqual(['card-present']);
    emulator.removeCard();
    await transport.pollOnce();
    expect(seen).toEqual(['card-present', 'card-removed']);
    emulator.placeCard(sim);
    await transport.connect();
    const before = emulator.rfFrameCount;
    await transport.pollOnce();
    expect(toHex(emulator.rfLog[before]!.sent)).toBe('B2'); // presence check, our block number 0
    expect(transport.isCardPresent()).toBe(true);
    expect((await counterCheck(transport)).outcome).toBe('verified'); // the check did not disturb ISO-DEP
    emulator.removeCard();
    await transport.pollOnce();
    expect(seen.at(-1)).toBe('card-removed');
    expect(((await rejection(transport.transmit(Uint8Array.of(0, 0x84, 0, 0, 8)))) as TransportError).code).toBe('card-removed');
  });

  it('unplugged while idle: the USB disconnect event alone gives reader-removed', async () => {
    const { transport, emulator } = await rig();
    const seen = events(transport);
    await transport.openReader();
    emulator.unplug();
    expect(seen).toEqual(['reader-removed']);
    const e = (await rejection(transport.connect())) as TransportError;
    expect(e.code).toBe('reader-unplugged');
    expect((e as ReaderAccessError).reason).toBe('no-reader');
  });
});

describe('WebUsbPort100Transport: permission', () => {
  it('claimInterface SecurityError → permission-denied, claim-refused', async () => {
    const { transport, emulator } = await rig();
    emulator.accessFaults.claimError = 'SecurityError';
    const e = await rejection(transport.connect());
    expect(e).toBeInstanceOf(ReaderAccessError);
    expect((e as ReaderAccessError).code).toBe('permission-denied');
    expect((e as ReaderAccessError).reason).toBe('claim-refused');
  });

  it('claimInterface NetworkError (a kernel driver holds it) → permission-denied, interface-busy', async () => {
    const { transport, emulator } = await rig();
    emulator.accessFaults.claimError = 'NetworkError';
    const e = (await rejection(transport.connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'interface-busy']);
  });

  it('open() refused → permission-denied, open-refused', async () => {
    const { transport, emulator } = await rig();
    emulator.accessFaults.openError = 'SecurityError';
    const e = (await rejection(transport.connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'open-refused']);
  });

  it('chooser cancelled or blocked, no WebUSB, no remembered reader', async () => {
    const { emulator } = await rig({ emulator: { granted: false } });
    emulator.usb.chooser = 'cancel';
    let e = (await rejection(requestPort100Device(emulator.usb))) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'chooser-cancelled']);
    emulator.usb.chooser = 'blocked';
    e = (await rejection(requestPort100Device(emulator.usb))) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['permission-denied', 'request-blocked']);
    e = (await rejection(requestPort100Device(undefined))) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['unsupported', 'webusb-unavailable']);
    e = (await rejection(new WebUsbPort100Transport(emulator.usb).connect())) as ReaderAccessError;
    expect([e.code, e.reason]).toEqual(['reader-unplugged', 'no-reader']);
  });

});
