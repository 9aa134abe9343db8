/**
 * The CCID codec against byte strings written out by hand from CCID rev 1.1 §6, and the class
 * descriptor parser against the ACS ACR1252U / ACR122U dumps in LudovicRousseau/CCID readers/.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { TransportError } from '../../src/transport/card-transport';
import {
  configurationTotalLength,
  exchangeLevelOf,
  findCcidDescriptor,
  parseCcidClassDescriptor,
} from '../../src/transport/webusb-ccid/ccid-class-descriptor';
import {
  decodeResponse,
  encodeGetParameters,
  encodeGetSlotStatus,
  encodeIccPowerOff,
  encodeIccPowerOn,
  encodeXfrBlock,
  messageDataLength,
  parseHardwareError,
  parseNotifySlotChange,
} from '../../src/transport/webusb-ccid/ccid-message';
import { slotFailure, CcidSlotError } from '../../src/transport/webusb-ccid/ccid-slot-error';
import { FALLBACK_PROFILE, resolveReaderProfile } from '../../src/transport/webusb-ccid/ccid-reader-profile';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return (e as TransportError).code;
  }
  throw new Error('expected a TransportError');
}

describe('PC_to_RDR messages', () => {
  it('IccPowerOn / IccPowerOff / GetSlotStatus / GetParameters: type, dwLength 0, slot, seq, parameters', () => {
    expect(toHex(encodeIccPowerOn(0, 5))).toBe('62000000000005000000');
    expect(toHex(encodeIccPowerOn(1, 0xff, 1))).toBe('620000000001FF010000');
    expect(toHex(encodeIccPowerOff(0, 6))).toBe('63000000000006000000');
    expect(toHex(encodeGetSlotStatus(0, 7))).toBe('65000000000007000000');
    expect(toHex(encodeGetParameters(0, 8))).toBe('6C000000000008000000');
  });

  it('XfrBlock: dwLength and wLevelParameter little-endian, then the APDU', () => {
    const apdu = fromHex('00A4040C0AD392F000260100000001');
    expect(toHex(encodeXfrBlock(0, 9, apdu))).toBe('6F0F00000000090000' + '00' + '00A4040C0AD392F000260100000001');
    expect(toHex(encodeXfrBlock(0, 1, new Uint8Array(0), 0x0010))).toBe('6F000000000001001000');
    expect(toHex(encodeXfrBlock(0, 1, new Uint8Array(300), 0x0001)).slice(0, 20)).toBe('6F2C010000000100' + '0100');
  });

  it('refuses fields that are not bytes', () => {
    expect(code(() => encodeIccPowerOn(256, 0))).toBe('protocol');
    expect(code(() => encodeXfrBlock(0, 256, new Uint8Array(4)))).toBe('protocol');
    expect(code(() => encodeXfrBlock(0, 0, new Uint8Array(4), 0x10000))).toBe('protocol');
  });
});

describe('RDR_to_PC messages', () => {
  it('DataBlock with an ATR: status bits, error, chain parameter, data', () => {
    const r = decodeResponse(fromHex('80040000000005000000' + '3B8F8001'));
    expect(r).toMatchObject({ type: 0x80, slot: 0, seq: 5, iccStatus: 'active', commandStatus: 'ok', error: 0, specific: 0 });
    expect(toHex(r.data)).toBe('3B8F8001');
  });

  it('bmICCStatus and bmCommandStatus (§6.2.6): failed + absent, time extension, inactive', () => {
    expect(decodeResponse(fromHex('80000000000003' + '42FE00'))).toMatchObject({ iccStatus: 'absent', commandStatus: 'failed', error: 0xfe });
    expect(decodeResponse(fromHex('80000000000003' + '800200'))).toMatchObject({ iccStatus: 'active', commandStatus: 'time-extension', error: 2 });
    expect(decodeResponse(fromHex('81000000000003' + '010001'))).toMatchObject({ type: 0x81, iccStatus: 'inactive', commandStatus: 'ok', specific: 1 });
  });

  it('refuses reserved status values, unknown types and lengths that do not add up', () => {
    expect(code(() => decodeResponse(fromHex('80000000000003' + '030000')))).toBe('protocol'); // bmICCStatus 3
    expect(code(() => decodeResponse(fromHex('80000000000003' + 'C00000')))).toBe('protocol'); // bmCommandStatus 3
    expect(code(() => decodeResponse(fromHex('80000000000003' + '040000')))).toBe('protocol'); // RFU bit 2
    expect(code(() => decodeResponse(fromHex('84000000000003' + '000000')))).toBe('protocol'); // no such RDR_to_PC type
    expect(decodeResponse(fromHex('83010000000003' + '000000' + '90')).type).toBe(0x83); // RDR_to_PC_Escape (the RC-S300's interface 1)
    expect(code(() => decodeResponse(fromHex('80020000000003' + '000000' + 'AA')))).toBe('protocol'); // 1 of 2 data bytes
    expect(code(() => decodeResponse(fromHex('80000000000003' + '000000' + 'AA')))).toBe('protocol'); // 1 byte too many
    expect(code(() => decodeResponse(fromHex('800000000000')))).toBe('protocol'); // short header
  });

  it('bounds dwLength by the reader maximum', () => {
    const header = fromHex('800001000000000000');
    expect(code(() => messageDataLength(fromHex('80' + '00010000' + '0000000000'), 255))).toBe('protocol');
    expect(messageDataLength(fromHex('80' + 'FF000000' + '0000000000'), 255)).toBe(255);
    expect(header.length).toBe(9);
    expect(code(() => messageDataLength(header, 255))).toBe('protocol');
  });

  it('NotifySlotChange: two bits per slot (present, changed)', () => {
    expect(parseNotifySlotChange(fromHex('5003'), 0)).toEqual({ present: true, changed: true });
    expect(parseNotifySlotChange(fromHex('5002'), 0)).toEqual({ present: false, changed: true });
    expect(parseNotifySlotChange(fromHex('5001'), 0)).toEqual({ present: true, changed: false });
    // slot 1 is bits 2–3; slot 5 is in the second byte, bits 2–3
    expect(parseNotifySlotChange(fromHex('5008'), 1)).toEqual({ present: false, changed: true });
    expect(parseNotifySlotChange(fromHex('50000C'), 5)).toEqual({ present: true, changed: true });
    expect(parseNotifySlotChange(fromHex('5003'), 4)).toBeUndefined();
    expect(code(() => parseNotifySlotChange(fromHex('51'), 0))).toBe('protocol');
    expect(parseHardwareError(fromHex('51000701'))).toEqual({ slot: 0, seq: 7, code: 1 });
  });
});

describe('slot errors (§6.2.6 table 6.2-2)', () => {
  const r = (bStatus: string, bError: string) => decodeResponse(fromHex(`80000000000001${bStatus}${bError}00`));

  it('no card: no-card before a session, card-removed during one', () => {
    const before = slotFailure(r('42', 'FE'), false)!;
    expect([before.code, before.reason]).toEqual(['no-card', 'no-card']);
    const during = slotFailure(r('42', 'FE'), true)!;
    expect([during.code, during.reason]).toEqual(['card-removed', 'no-card']);
    // GetSlotStatus-style "no card" without a failed status is still no card
    expect(slotFailure(r('02', '00'), true)!.code).toBe('card-removed');
  });

  it('mute or deactivated cards end the session; other errors are protocol / unsupported', () => {
    expect([slotFailure(r('40', 'FE'), true)!.code, slotFailure(r('40', 'FE'), true)!.reason]).toEqual(['card-removed', 'card-mute']);
    expect(slotFailure(r('41', 'FD'), true)!.reason).toBe('card-deactivated');
    expect(slotFailure(r('41', 'F8'), false)!.reason).toBe('bad-atr');
    expect([slotFailure(r('40', 'FB'), true)!.code, slotFailure(r('40', 'FB'), true)!.reason]).toEqual(['protocol', 'hardware-error']);
    expect([slotFailure(r('40', '00'), true)!.code, slotFailure(r('40', '00'), true)!.reason]).toEqual(['unsupported', 'command-not-supported']);
    expect(slotFailure(r('40', '05'), true)!.reason).toBe('bad-parameter');
    expect(slotFailure(r('40', 'E0'), true)!.reason).toBe('reader-busy');
    expect(slotFailure(r('40', 'F6'), false)!.code).toBe('unsupported');
    expect(slotFailure(r('00', '00'), true)).toBeUndefined();
    expect(slotFailure(r('40', 'FB'), true)).toBeInstanceOf(CcidSlotError);
  });
});

/** ACS ACR1252U (LudovicRousseau/CCID readers/ACS_ACR1252_Reader.txt), as the 54 bytes on the wire. */
const ACR1252_DESCRIPTOR =
  '3621' + '0001' + '00' + '07' + '02000000' + 'A00F0000' + 'A00F0000' + '00' + '002A0000' + '90D00300' + '00' + 'FE000000' +
  '00000000' + '00000000' + 'BA040400' + '0A020000' + '00' + '00' + '0000' + '00' + '01';

describe('CCID class descriptor (§5.1)', () => {
  it('parses the ACR1252U descriptor: extended APDU level, 522-byte messages, T=1', () => {
    const d = parseCcidClassDescriptor(fromHex(ACR1252_DESCRIPTOR));
    expect(d).toMatchObject({ bcdCcid: 0x0100, maxSlotIndex: 0, protocols: 2, maxIfsd: 254, features: 0x000404ba, exchangeLevel: 'extended-apdu', maxMessageLength: 522, maxBusySlots: 1 });
  });

  it('exchange level from dwFeatures', () => {
    expect(exchangeLevelOf(0x000404ba)).toBe('extended-apdu');
    expect(exchangeLevelOf(0x00020040)).toBe('short-apdu'); // ACR122U
    expect(exchangeLevelOf(0x000100ba)).toBe('tpdu');
    expect(exchangeLevelOf(0x000000ba)).toBe('character');
  });

  it('refuses a wrong type, a short descriptor, or an impossible message length', () => {
    expect(code(() => parseCcidClassDescriptor(fromHex(ACR1252_DESCRIPTOR).subarray(0, 40)))).toBe('protocol');
    const wrongType = fromHex(ACR1252_DESCRIPTOR);
    wrongType[1] = 0x24;
    expect(code(() => parseCcidClassDescriptor(wrongType))).toBe('protocol');
    const tiny = fromHex(ACR1252_DESCRIPTOR);
    tiny.set([5, 0, 0, 0], 44);
    expect(code(() => parseCcidClassDescriptor(tiny))).toBe('protocol');
    const huge = fromHex(ACR1252_DESCRIPTOR);
    huge.set([0, 0, 0x10, 0], 44);
    expect(code(() => parseCcidClassDescriptor(huge))).toBe('protocol');
  });

  it('finds the descriptor of the right interface in a configuration descriptor', () => {
    const iface = (n: number, cls: string) => `0904${n.toString(16).padStart(2, '0')}0003${cls}000000`;
    const ep = (addr: string, attr: string) => `0705${addr}${attr}400000`;
    const body = iface(0, '0B') + ACR1252_DESCRIPTOR + ep('01', '02') + ep('82', '02') + ep('83', '03') + iface(1, 'FF') + ep('04', '02');
    const total = 9 + body.length / 2;
    const config = fromHex(`0902${(total & 0xff).toString(16).padStart(2, '0')}${(total >> 8).toString(16).padStart(2, '0')}0201008032` + body);
    expect(configurationTotalLength(config)).toBe(total);
    expect(findCcidDescriptor(config, 0)?.maxMessageLength).toBe(522);
    expect(findCcidDescriptor(config, 1)).toBeUndefined();
    // A descriptor whose bLength runs past the end, or is 0, is refused rather than looped over.
    const broken = config.slice();
    broken[9] = 0;
    expect(code(() => findCcidDescriptor(broken, 0))).toBe('protocol');
    const overrun = config.slice();
    overrun[18] = 0xff;
    expect(code(() => findCcidDescriptor(overrun, 0))).toBe('protocol');
  });
});

describe('reader profile', () => {
  const descriptor = parseCcidClassDescriptor(fromHex(ACR1252_DESCRIPTOR));

  it('descriptor, then known reader, then short APDU level; a declaration wins', () => {
    expect(resolveReaderProfile({}, descriptor, { vendorId: 1, productId: 2 })).toMatchObject({ exchangeLevel: 'extended-apdu', source: 'descriptor' });
    expect(resolveReaderProfile({}, undefined, { vendorId: 0x054c, productId: 0x0dc9 })).toMatchObject({ exchangeLevel: 'extended-apdu', maxMessageLength: 522, source: 'known-reader' });
    expect(resolveReaderProfile({}, undefined, { vendorId: 0x072f, productId: 0x2200 })).toMatchObject({ exchangeLevel: 'short-apdu', maxMessageLength: 271 });
    expect(resolveReaderProfile({}, undefined, { vendorId: 1, productId: 2 })).toEqual(FALLBACK_PROFILE);
    expect(resolveReaderProfile({ exchangeLevel: 'short-apdu' }, descriptor, { vendorId: 1, productId: 2 })).toMatchObject({ exchangeLevel: 'short-apdu', maxMessageLength: 522, source: 'declared' });
    expect(code(() => resolveReaderProfile({ maxMessageLength: 70_000 }, undefined, { vendorId: 1, productId: 2 }))).toBe('protocol');
  });
});
