/**
 * Type A through the real WebUsbPort100Transport and the emulated RC-S380: the Port-100 set-up
 * bytes compared with nfcpy's own test vectors (tests/test_clf_rcs380.py, sense_tta), the frames
 * on the air for 4-, 7- and 10-byte UIDs, SAK refusing a non-ISO-DEP card, PPS to the best rate
 * the ATS and the reader share (and the fall-back to 106), CID in the blocks, and polling that
 * finds A and B cards in turn.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import { counterCheck, nextEvent, rejection, rig } from '../transport-port100/rig';

const onAir = (log: readonly { sent: Uint8Array; technology?: string }[]) => log.filter((l) => l.technology === 'A').map((l) => toHex(l.sent));

/** nfcpy test_sense_tta_*: InSetRF 106A, the defaults, the short-frame overrides. */
const NFCPY_SENSE_TTA = ['00 02030f03', '02 00180101020103000400050006000708080009000a000b000c000e040f001000110012001306', '02 01000200050100060707'];

describe('RC-S380 Type A activation', () => {
  it('sets the reader up byte for byte as nfcpy sense_tta, then anticollision / SELECT / RATS, and verifies a counter check', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', uid: fromHex('01020304') } });
    await transport.connect();
    const settings = emulator.firmware.settingsLog;
    const at = settings.indexOf('00 02030f03');
    expect(settings.slice(at, at + 6)).toEqual([...NFCPY_SENSE_TTA, '02 04010708', '02 01000200', '02 01010201']);
    expect(onAir(emulator.rfLog).slice(0, 4)).toEqual(['26', '9320', '93700102030404', 'E080']);
    expect(transport.activeTechnology).toBe('A');
    expect(toHex(transport.activeTypeATarget!.uid)).toBe('01020304');
    expect(transport.activeTypeATarget!.ats.fsc).toBe(256);
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.card!.violations).toEqual([]);
    await transport.close();
  });

  it.each([
    ['7-byte UID: two cascade levels', '044B5A53554131', ['26', '9320', '937088044B5A9D', '9520', '95705355413176', 'E080']],
    ['10-byte UID: three cascade levels', '0102030405060708090A', ['26', '9320', '93708801020388', '9520', '9570880405068F', '9720', '97700708090A0C', 'E080']],
  ])('%s', async (_label, uid, frames) => {
    const { transport, emulator } = await rig({ card: { technology: 'A', uid: fromHex(uid) } });
    await transport.connect();
    expect(onAir(emulator.rfLog).slice(0, frames.length)).toEqual(frames);
    expect(toHex(transport.activeTypeATarget!.uid)).toBe(uid.toUpperCase());
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.close();
  });

  it('a Type A card whose SAK does not announce ISO/IEC 14443-4 is refused as unsupported, before RATS', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', sak: 0x08 } });
    const e = await rejection(transport.connect());
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('unsupported');
    expect(onAir(emulator.rfLog)).not.toContain('E080');
    await transport.close();
  });

  it('PPS to the best rate TA(1) and the RC-S380 share (424: D0 11 0A), R(NAK) probe at 424, then the session runs there', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', ta: 0x77 } });
    await transport.connect();
    expect(transport.activeBitRate).toBe(424);
    const a = emulator.rfLog.filter((l) => l.technology === 'A');
    const pps = a.findIndex((l) => toHex(l.sent) === 'D0110A');
    expect(pps).toBeGreaterThan(0);
    expect(a[pps]!.rate).toBe(106);
    expect(toHex(a[pps + 1]!.sent)).toBe('B2');
    expect(a[pps + 1]!.rate).toBe(424);
    expect(emulator.firmware.settingsLog).toContain('00 05050f05');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(a.every((l) => l.outcome === 'answered' || l.sent.length === 1)).toBe(true);
    await transport.close();
  });

  it('a card that offers 424 but does not get through there falls back to 106 and stays there', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', ta: 0x33 } });
    emulator.faults.brokenRates = [424];
    await transport.connect();
    expect(transport.activeBitRate).toBe(106);
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.disconnect();
    const before = emulator.rfLog.length;
    await transport.connect();
    expect(onAir(emulator.rfLog.slice(before))).not.toContain('D0110A');
    await transport.close();
  });

  it('maxBitRate 106 sends no PPS at all', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', ta: 0x77 }, transport: { maxBitRate: 106 } });
    await transport.connect();
    expect(onAir(emulator.rfLog).some((f) => f.startsWith('D0'))).toBe(false);
    await transport.close();
  });

  it('with a CID asked for and TC(1) saying the card takes one, every block carries it (PCB b4, CID byte)', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A' }, transport: { cid: 1 } });
    await transport.connect();
    expect((await counterCheck(transport)).outcome).toBe('verified');
    const blocks = onAir(emulator.rfLog).slice(onAir(emulator.rfLog).indexOf('E081') + 1);
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.every((b) => (parseInt(b.slice(0, 2), 16) & 0x08) !== 0 && b.slice(2, 4) === '01')).toBe(true);
    expect(emulator.card!.violations).toEqual([]);
    await transport.close();
  });

  it('polls for A and B in turn: a Type B card after a Type A one is found, and the presence poll uses SENSB_REQ, WUPA and HLTA', async () => {
    const { transport, emulator, sim } = await rig({ card: { technology: 'A' }, transport: { pollIntervalMs: 5 } });
    await transport.connect();
    expect(transport.activeTechnology).toBe('A');
    await transport.disconnect();
    emulator.placeCard(sim);
    await transport.connect();
    expect(transport.activeTechnology).toBe('B');
    expect((await counterCheck(transport)).outcome).toBe('verified');
    await transport.disconnect();
    emulator.removeCard();
    const removed = nextEvent(transport, 'card-removed');
    transport.startPolling();
    await removed;
    const before = emulator.rfLog.length;
    const present = nextEvent(transport, 'card-present');
    emulator.placeCard(sim, { technology: 'A' });
    await present;
    const polled = emulator.rfLog.slice(before).map((l) => toHex(l.sent));
    const wupa = polled.indexOf('52');
    expect(polled[wupa + 1]).toBe('5000');
    expect(polled.slice(0, wupa)).toContain('050010');
    await transport.close();
  });
});
