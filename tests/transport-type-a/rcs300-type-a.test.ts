/**
 * Type A through the real WebUsbRcs300Transport and the emulated RC-S300 (vendor interface 1,
 * PC/SC transparent session): Switch Protocol to Type A layer 3, the short frame's bit framing
 * (91 01 07) undone for whole bytes (91 01 00), CRC_A off for REQA and anticollision (flags
 * 00 13) and on afterwards (00 10) — felica-rs' choices, UNCONFIRMED on a real RC-S300 — PPS via
 * the speed parameter, and a counter check.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { transceive, TYPE_A_FLAGS_NO_CRC } from '../../src/transport/webusb-rcs300/transparent-session';
import { counterCheck, rig } from '../transport-rcs300/rig';

describe('RC-S300 Type A (transparent session)', () => {
  it('REQA as a pseudo-APDU: flags 00 13, bit framing 7, timer 30 ms, the one-byte frame', () => {
    expect(toHex(transceive(Uint8Array.of(0x26), 30, TYPE_A_FLAGS_NO_CRC, 7))).toBe('FF5000010000139002001391010' + '75F4604307500009582000126000000');
  });

  it('activates a Type A card (Switch Protocol 00 03, short frame, anticollision, RATS, PPS to 424) and verifies', async () => {
    const { transport, emulator } = await rig({ card: { technology: 'A', ta: 0x33 } });
    await transport.connect();
    expect(transport.activeTechnology).toBe('A');
    expect(transport.activeBitRate).toBe(424);
    const exchanges = emulator.sessionLog.filter((l) => l.p2 === 0x01);
    const a = emulator.rfLog.findIndex((l) => l.technology === 'A');
    const reqa = exchanges[a]!;
    expect(toHex(emulator.rfLog[a]!.sent)).toBe('26');
    expect(reqa.tags).toEqual([0x90, 0x91, 0x5f46, 0x95]);
    expect(exchanges[a + 1]!.tags).toEqual([0x90, 0x91, 0x5f46, 0x95]); // SDD_REQ: the short framing undone
    expect(exchanges[a + 2]!.tags).toEqual([0x90, 0x5f46, 0x95]);
    expect(emulator.sessionLog.some((l) => l.p2 === 0x02 && l.status === 'ok')).toBe(true);
    expect((await counterCheck(transport)).outcome).toBe('verified');
    expect(emulator.card!.violations).toEqual([]);
    await transport.close();
  });
});
