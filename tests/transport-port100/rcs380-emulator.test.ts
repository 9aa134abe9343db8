/**
 * The emulated RC-S380 at the USB-transfer level, driven with hand-built frames (no transport
 * code on the host side except the frame encoder, itself checked against hand vectors).
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { Rcs380Emulator, installAsNavigatorUsb } from '../../src/sim/readers/rcs380-emulator';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { encodePort100Frame } from '../../src/transport/webusb-port100/port100-frame';
import type { UsbDeviceLike } from '../../src/transport/webusb/webusb-types';

const echoCard: ApduResponder = { powerOn: () => new Uint8Array(0), powerOff: () => undefined, process: async () => fromHex('9000') };

async function opened(emulator: Rcs380Emulator): Promise<UsbDeviceLike> {
  const device = await emulator.usb.requestDevice({ filters: [{ vendorId: 0x054c, productId: 0x06c3 }] });
  await device.open();
  await device.claimInterface(0);
  return device;
}

/**
 * WebUSB cannot cancel a transferIn, so a read that "timed out" stays outstanding and takes the
 * next transfer: keep it and hand its result to the next read.
 */
const outstanding = new WeakMap<UsbDeviceLike, Promise<string>>();

function read(device: UsbDeviceLike): Promise<string> {
  const kept = outstanding.get(device);
  if (kept) {
    outstanding.delete(device);
    return kept;
  }
  return device.transferIn(1, 512).then((r) => {
    expect(r.status).toBe('ok');
    return toHex(new Uint8Array(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength));
  });
}

/** Resolves with the next IN transfer, or 'nothing' if none comes within a few ms. */
async function readOrNothing(device: UsbDeviceLike): Promise<string> {
  const next = read(device);
  const result = await Promise.race([next, new Promise<string>((r) => setTimeout(() => r('nothing'), 30))]);
  if (result === 'nothing') outstanding.set(device, next);
  return result;
}

async function command(device: UsbDeviceLike, hex: string): Promise<string> {
  await device.transferOut(2, encodePort100Frame(fromHex(hex)));
  expect(await read(device)).toBe('0000FF00FF00');
  return read(device);
}

describe('RC-S380 emulator: USB descriptor and chooser', () => {
  it('looks like an RC-S380/P with one vendor interface and 64-byte bulk endpoints', async () => {
    const e = new Rcs380Emulator();
    expect(await e.usb.getDevices()).toEqual([]); // no permission yet
    const d = await e.usb.requestDevice({ filters: [{ vendorId: 0x054c, productId: 0x06c1 }, { vendorId: 0x054c, productId: 0x06c3 }] });
    expect([d.vendorId, d.productId]).toEqual([0x054c, 0x06c3]);
    const iface = d.configurations[0]!.interfaces[0]!;
    expect(iface.alternate.interfaceClass).toBe(0xff);
    expect(iface.alternate.endpoints).toEqual([
      { endpointNumber: 1, direction: 'in', type: 'bulk', packetSize: 64 },
      { endpointNumber: 2, direction: 'out', type: 'bulk', packetSize: 64 },
    ]);
    expect(await e.usb.getDevices()).toEqual([d]);
  });

  it('the chooser can be cancelled or blocked, and filters must match', async () => {
    const e = new Rcs380Emulator();
    await expect(e.usb.requestDevice({ filters: [{ vendorId: 0x072f }] })).rejects.toMatchObject({ name: 'NotFoundError' });
    e.usb.chooser = 'cancel';
    await expect(e.usb.requestDevice({ filters: [{ vendorId: 0x054c }] })).rejects.toMatchObject({ name: 'NotFoundError' });
    e.usb.chooser = 'blocked';
    await expect(e.usb.requestDevice({ filters: [{ vendorId: 0x054c }] })).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('transfers need an open device and a claimed interface', async () => {
    const e = new Rcs380Emulator({ granted: true });
    const [d] = await e.usb.getDevices();
    await expect(d!.transferOut(2, fromHex('00'))).rejects.toMatchObject({ name: 'InvalidStateError' });
    await d!.open();
    await expect(d!.transferIn(1, 64)).rejects.toMatchObject({ name: 'InvalidStateError' });
  });

  it('refuses claimInterface with SecurityError when told to', async () => {
    const e = new Rcs380Emulator({ granted: true });
    e.accessFaults.claimError = 'SecurityError';
    const [d] = await e.usb.getDevices();
    await d!.open();
    await expect(d!.claimInterface(0)).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('can be installed as navigator.usb', () => {
    const e = new Rcs380Emulator();
    const nav = {};
    installAsNavigatorUsb(e.usb, nav);
    expect((nav as { usb: unknown }).usb).toBe(e.usb);
  });
});

describe('RC-S380 emulator: Port-100 frames', () => {
  it('answers the init sequence with ACK then D7 frames', async () => {
    const d = await opened(new Rcs380Emulator());
    await d.transferOut(2, fromHex('0000FF00FF00')); // host ACK: abort, no answer
    expect(await readOrNothing(d)).toBe('nothing');
    // SetCommandType(1) → D7 2B 00: LEN 03 00 FD, D7+2B+00 = 0x102 → DCS FE
    await d.transferOut(2, fromHex('0000FFFFFF0300FDD62A01FF00'));
    expect(await read(d)).toBe('0000FF00FF00');
    expect(await read(d)).toBe('0000FFFFFF0300FDD72B00FE00');
    // GetFirmwareVersion → D7 21 11 01: LEN 04 00 FC, D7+21+11+01 = 0x10A → DCS F6
    expect(await command(d, 'D620')).toBe('0000FFFFFF0400FCD7211101F600');
    expect(await command(d, 'D622')).toBe(toHex(encodePort100Frame(fromHex('D7230001'))));
    expect(await command(d, 'D60600')).toBe(toHex(encodePort100Frame(fromHex('D70700'))));
  });

  it('answers a bad data checksum with the error frame and no ACK, or with silence', async () => {
    const e = new Rcs380Emulator();
    const d = await opened(e);
    await d.transferOut(2, fromHex('0000FFFFFF0300FDD62A01FE00')); // DCS should be FF
    expect(await read(d)).toBe('0000FFFFFF');
    expect(e.firmware.badFrames).toBe(1);
    e.firmware.badFrameReply = 'silent';
    await d.transferOut(2, fromHex('0000FFFFFF0300FCD62A01FF00')); // LCS should be FD
    expect(await readOrNothing(d)).toBe('nothing');
    expect(e.firmware.badFrames).toBe(2);
  });

  it('waits for the zero-length packet after a 64-byte write', async () => {
    const d = await opened(new Rcs380Emulator());
    expect(await command(d, 'D62A01')).toBe(toHex(encodePort100Frame(fromHex('D72B00'))));
    // InSetProtocol with 26 pairs: DATA 54 bytes → frame 64 bytes.
    const frame = encodePort100Frame(fromHex('D602' + '0101'.repeat(26)));
    expect(frame.length).toBe(64);
    await d.transferOut(2, frame);
    expect(await readOrNothing(d)).toBe('nothing');
    await d.transferOut(2, new Uint8Array(0));
    expect(await read(d)).toBe('0000FF00FF00');
    expect(await read(d)).toBe(toHex(encodePort100Frame(fromHex('D70300'))));
  });

  it('refuses RF commands before SetCommandType(1) and InCommRF before InSetRF', async () => {
    const d = await opened(new Rcs380Emulator());
    expect(await command(d, 'D60003070F07')).toBe(toHex(encodePort100Frame(fromHex('D70107')))); // COMMANDTYPE_ERROR
    await command(d, 'D62A01');
    expect(await command(d, 'D6043601050010')).toBe(toHex(encodePort100Frame(fromHex('D70500040000')))); // RF_OFF
    expect(await command(d, 'D60003070E07')).toBe(toHex(encodePort100Frame(fromHex('D70101')))); // PARAMETER_ERROR
  });

  it('answers SENSB_REQ only once InSetRF 106B and the Type B protocol settings are in place', async () => {
    const e = new Rcs380Emulator();
    e.placeCard(echoCard, { pupi: fromHex('E8253EEC'), fwi: 8, fsci: 8 });
    const d = await opened(e);
    await command(d, 'D62A01');
    await command(d, 'D60003070F07');
    await command(d, 'D602' + '0018010102010300040005000600070808000900 0A000B000C000E040F00100011001200 1306'.replace(/ /g, ''));
    // SOF/EOF not yet switched on: the card does not hear us.
    expect(await command(d, 'D6043601050010')).toBe(toHex(encodePort100Frame(fromHex('D70580000000'))));
    await command(d, 'D6020B01 0901 0C01 0A01 0014'.replace(/ /g, ''));
    // SENSB_RES 50 E8253EEC 00000000 | 00 | FSCI 8, type 1 → 81 | FWI 8 → 80
    expect(await command(d, 'D6043601050010')).toBe(toHex(encodePort100Frame(fromHex('D70500000000 08 50E8253EEC00000000 00 81 80'.replace(/ /g, '')))));
    // ATTRIB → 00; then an I-block; the card is in ISO-DEP mode.
    expect(await command(d, 'D60436011DE8253EEC00080100')).toBe(toHex(encodePort100Frame(fromHex('D7050000000008 00'.replace(/ /g, '')))));
    expect(await command(d, 'D604 3403 02 00A4040C'.replace(/ /g, ''))).toBe(toHex(encodePort100Frame(fromHex('D70500000000 08 02 9000'.replace(/ /g, '')))));
    expect(e.rfLog.map((x) => x.outcome)).toEqual(['not-type-b', 'answered', 'answered', 'answered']);
    expect(e.card!.violations).toEqual([]);
  });

  it('a card offering 424 (ATQB B3) answers ATTRIB A8 at 106, then hears only 424; one offering 106 only refuses A8', async () => {
    const e = new Rcs380Emulator();
    e.placeCard(echoCard, { pupi: fromHex('E8253EEC'), bitRateCapability: 0xb3 });
    const d = await opened(e);
    await command(d, 'D62A01');
    const typeB = async (code: string) => {
      await command(d, `D600 03${code}0F${code}`.replace(/ /g, ''));
      await command(d, 'D602' + '0018010102010300040005000600070808000900 0A000B000C000E040F00100011001200 1306'.replace(/ /g, ''));
      await command(d, 'D6020B01 0901 0C01 0A01 0014'.replace(/ /g, ''));
    };
    await typeB('07');
    expect(await command(d, 'D6043601050010')).toBe(toHex(encodePort100Frame(fromHex('D70500000000 08 50E8253EEC00000000 B3 81 80'.replace(/ /g, '')))));
    expect(await command(d, 'D60436011DE8253EEC00A80100')).toBe(toHex(encodePort100Frame(fromHex('D7050000000008 00'.replace(/ /g, '')))));
    expect(e.card!.bitRate).toBe(424);
    // Still at 106: the card does not hear the I-block.
    expect(await command(d, 'D604 3403 02 00A4040C'.replace(/ /g, ''))).toBe(toHex(encodePort100Frame(fromHex('D70580000000'))));
    await typeB('09');
    expect(await command(d, 'D604 3403 02 00A4040C'.replace(/ /g, ''))).toBe(toHex(encodePort100Frame(fromHex('D70500000000 08 02 9000'.replace(/ /g, '')))));
    expect(e.rfLog.map((x) => `${x.rate}:${x.outcome}`)).toEqual(['106:answered', '106:answered', '106:rate-mismatch', '424:answered']);

    const slow = new Rcs380Emulator();
    slow.placeCard(echoCard, { pupi: fromHex('E8253EEC'), bitRateCapability: 0x00 });
    const s2 = await opened(slow);
    await command(s2, 'D62A01');
    await command(s2, 'D60003070F07');
    await command(s2, 'D602' + '0018010102010300040005000600070808000900 0A000B000C000E040F00100011001200 1306'.replace(/ /g, ''));
    await command(s2, 'D6020B01 0901 0C01 0A01 0014'.replace(/ /g, ''));
    await command(s2, 'D6043601050010');
    expect(await command(s2, 'D60436011DE8253EEC00A80100')).toBe(toHex(encodePort100Frame(fromHex('D70580000000'))));
    expect(slow.card!.violations).toEqual(['ATTRIB asks for 424/424 kbit/s, not offered in the ATQB']);
  });

  it('on unplug, a pending transferIn rejects with NetworkError and navigator.usb fires disconnect', async () => {
    const e = new Rcs380Emulator();
    const d = await opened(e);
    const seen: unknown[] = [];
    e.usb.addEventListener('disconnect', (ev) => seen.push((ev as Event & { device: unknown }).device));
    const pending = d.transferIn(1, 512);
    e.unplug();
    await expect(pending).rejects.toMatchObject({ name: 'NetworkError' });
    await expect(d.transferOut(2, fromHex('00'))).rejects.toMatchObject({ name: 'NetworkError' });
    expect(seen).toEqual([d]);
    const again = e.replug();
    expect(again).not.toBe(d);
    expect(await e.usb.getDevices()).toEqual([again]);
  });
});
