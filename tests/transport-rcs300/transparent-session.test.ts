/**
 * The transparent-session pseudo-APDUs and answers, against byte vectors from public RC-S300
 * code (laddge/esp32-pasori-rcs300 `src/RCS300.cpp`, marimelon/rcs300-poc) and the PC/SC Part 3
 * objects as ACS documents them. Every answer is untrusted: malformed ones are typed errors.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import { endSession, getFirmwareVersion, parseSessionAnswer, rfOff, rfOn, setCommunicationSpeed, startSession, STANDARD, switchProtocol, transceive } from '../../src/transport/webusb-rcs300/transparent-session';

const hex = (s: string) => fromHex(s.replace(/ /g, ''));

describe('pseudo-APDUs (FF 50 00 P2 …)', () => {
  it('manage session: the exact bytes of esp32-pasori-rcs300 cmd1–cmd4 and marimelon/rcs300-poc', () => {
    expect(toHex(endSession())).toBe('FF5000000282' + '0000');
    expect(toHex(startSession())).toBe('FF5000000281' + '0000');
    expect(toHex(rfOff())).toBe('FF5000000283' + '0000');
    expect(toHex(rfOn())).toBe('FF5000000284' + '0000');
  });

  it('switch protocol: FeliCa 8F 02 03 00 as esp32 cmd5; Type B 8F 02 01 <layer>', () => {
    expect(toHex(switchProtocol(STANDARD.felica, 0x00))).toBe('FF500002048F0203' + '0000');
    expect(toHex(switchProtocol(STANDARD.typeB, 0x04))).toBe('FF500002048F020104' + '00');
  });

  it('transparent exchange: esp32 cmd6 (FeliCa polling, timer 100 000 µs, no flags) byte for byte', () => {
    // FF 50 00 01 00 00 11 | 5F 46 04 A0 86 01 00 | 95 82 00 06 | 06 00 FF FF 01 00 | 00 00 00
    expect(toHex(transceive(hex('06 00 FF FF 01 00'), 100, null))).toBe('FF50000100001 15F4604A0860100958200060600FFFF0100000000'.replace(/ /g, ''));
  });

  it('transparent exchange for Type B: flags 00 1C (CRC on, no parity, no prologue), the RF timeout in µs', () => {
    // Lc 0x12 = 4 (flags) + 7 (timer) + 4 (95 82 00 03) + 3; 30.5 ms = 30 500 µs = 0x7724, little-endian.
    expect(toHex(transceive(hex('05 00 10'), 30.5))).toBe('FF5000010000' + '12' + '9002001C' + '5F460424770000' + '95820003' + '050010' + '000000');
  });

  it('speed (felica-rs, UNCONFIRMED): FF 6E 03 05 01 (DRI << 3 | DSI); firmware version FF 56 00 00', () => {
    expect(toHex(setCommunicationSpeed(424))).toBe('FF50000006FF6E03050112' + '00');
    expect(toHex(setCommunicationSpeed(212))).toBe('FF50000006FF6E03050109' + '00');
    expect(toHex(getFirmwareVersion())).toBe('FF560000');
  });
});

describe('answers (data objects, then SW1 SW2)', () => {
  it('the 46-byte FeliCa polling answer of esp32-pasori-rcs300 (without its 10-byte CCID header)', () => {
    const frame = hex('14 01 0102030405060708 1112131415161718 0003');
    const a = parseSessionAnswer(hex(`C0 03 00 90 00 92 01 00 96 02 00 00 97 14 ${toHex(frame)} 90 00`));
    expect(a).toMatchObject({ sw: 0x9000, status: { object: 0, sw: 0x9000 }, rxBits: 0, responseStatus: 0 });
    expect(toHex(a.iccResponse!)).toBe(toHex(frame));
  });

  it('long forms 81 and 82, the two-byte FF6D object (skipped), a failed data object', () => {
    const big = new Uint8Array(300).fill(0xab);
    expect(parseSessionAnswer(hex(`97 82 01 2C ${toHex(big)} 90 00`)).iccResponse).toHaveLength(300);
    expect(parseSessionAnswer(hex(`97 81 80 ${toHex(big.subarray(0, 128))} 90 00`)).iccResponse).toHaveLength(128);
    expect(parseSessionAnswer(hex('FF 6D 03 01 01 08 C0 03 03 64 01 90 00')).status).toEqual({ object: 3, sw: 0x6401 });
  });

  it('refuses what does not add up: truncated objects, lengths past the end, repeats, unknown tags, bad sizes', () => {
    const bad = [
      '',
      '90',
      'C0 03 00 90 90 00', // C0 claims 3 bytes, only 2 before the SW
      'C0 02 00 90 90 00',
      '97 82 01 90 00',
      '97 83 00 00 01 AA 90 00',
      'C0 03 00 90 00 C0 03 00 90 00 90 00',
      '42 01 00 90 00',
      '92 01 09 90 00',
      '96 01 00 90 00',
      'FF',
    ];
    for (const b of bad) {
      let e: unknown;
      try {
        parseSessionAnswer(hex(b));
      } catch (x) {
        e = x;
      }
      expect(e, b).toBeInstanceOf(TransportError);
      expect((e as TransportError).code, b).toBe('protocol');
    }
  });
});
