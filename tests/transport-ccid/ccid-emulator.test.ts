/**
 * The emulated CCID reader on its own, driven with hand-written message bytes through the fake
 * navigator.usb (no transport code involved), so that the transport tests rest on an emulator
 * that itself follows CCID rev 1.1 §6 and Chrome's protected-class rule.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { CcidEmulator, type CcidEmulatorOptions } from '../../src/sim/readers/ccid-emulator';
import { card } from '../verify-flows/flow-helpers';

const BULK_OUT = 1;
const BULK_IN = 1;
const INTERRUPT_IN = 3;

async function opened(options: CcidEmulatorOptions = {}) {
  const emulator = new CcidEmulator({ granted: true, usbUnrestricted: true, ...options });
  emulator.placeCard(simulatedCardFor((await card('default')).model));
  const device = emulator.device;
  await device.open();
  await device.claimInterface(0);
  const send = async (hex: string) => {
    await device.transferOut(BULK_OUT, fromHex(hex));
  };
  /** Read one whole message, whatever its length. */
  const receive = async (): Promise<string> => {
    const first = await device.transferIn(BULK_IN, 64);
    let bytes = new Uint8Array(first.data!.buffer, first.data!.byteOffset, first.data!.byteLength).slice();
    const need = 10 + (bytes[1]! | (bytes[2]! << 8));
    while (bytes.length < need) {
      const more = await device.transferIn(BULK_IN, 64);
      const part = new Uint8Array(more.data!.buffer, more.data!.byteOffset, more.data!.byteLength);
      const joined = new Uint8Array(bytes.length + part.length);
      joined.set(bytes);
      joined.set(part, bytes.length);
      bytes = joined;
    }
    return toHex(bytes);
  };
  return { emulator, device, send, receive };
}

describe('CcidEmulator: USB face', () => {
  it('an RC-S300/P layout: CCID interface 0 (bulk OUT 1, bulk IN 1, interrupt IN 3) and vendor interface 1 (bulk 2 both ways)', async () => {
    const emulator = new CcidEmulator();
    const d = emulator.device;
    expect([d.vendorId.toString(16), d.productId.toString(16), d.productName]).toEqual(['54c', 'dc9', 'RC-S300/P']);
    const [ccid, vendor] = d.configurations[0]!.interfaces;
    expect(ccid!.alternate.interfaceClass).toBe(0x0b);
    expect(ccid!.alternate.endpoints.map((e) => `${e.type}-${e.direction}-${e.endpointNumber}`)).toEqual(['bulk-out-1', 'bulk-in-1', 'interrupt-in-3']);
    expect(vendor!.alternate.interfaceClass).toBe(0xff);
  });

  it("Chrome's rule: claiming the Smart Card class needs usb-unrestricted; the vendor interface never does", async () => {
    const emulator = new CcidEmulator({ granted: true });
    await emulator.device.open();
    await expect(emulator.device.claimInterface(0)).rejects.toMatchObject({ name: 'SecurityError', message: 'The requested interface implements a protected class.' });
    await expect(emulator.device.claimInterface(1)).resolves.toBeUndefined();
    emulator.usb.policy.usbUnrestricted = true;
    await expect(emulator.device.claimInterface(0)).resolves.toBeUndefined();
  });

  it('GET_DESCRIPTOR(CONFIGURATION) carries the 54-byte CCID descriptor after interface 0', async () => {
    const emulator = new CcidEmulator({ level: 'short-apdu', maxMessageLength: 271 });
    await emulator.device.open();
    const r = await emulator.device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0x0200, index: 0 }, 255);
    const bytes = new Uint8Array(r.data!.buffer);
    expect(bytes[1]).toBe(2);
    expect(bytes[2]! | (bytes[3]! << 8)).toBe(bytes.length);
    // configuration (9) · interface 0 (9) · CCID descriptor (54)
    expect(toHex(bytes.subarray(9, 13))).toBe('09040000');
    expect(toHex(bytes.subarray(18, 20))).toBe('3621');
    expect(toHex(bytes.subarray(18 + 40, 18 + 48))).toBe('BA0402000F010000'); // dwFeatures short APDU, 271
    const other = await emulator.device.controlTransferIn({ requestType: 'vendor', recipient: 'device', request: 1, value: 0, index: 0 }, 8);
    expect(other.status).toBe('stall');
  });
});

describe('CcidEmulator: CCID messages', () => {
  it('GetSlotStatus, IccPowerOn (ATR), XfrBlock, IccPowerOff: bSeq and bSlot echoed', async () => {
    const { send, receive } = await opened();
    await send('65000000000007000000');
    expect(await receive()).toBe('81000000000007010001'); // present, inactive
    await send('62000000000008000000');
    const atr = toHex((await card('default')).model.atr);
    const length = (atr.length / 2).toString(16).padStart(2, '0').toUpperCase();
    // DataBlock · dwLength · bSlot 00 · bSeq 08 · bStatus 00 · bError 00 · bChainParameter 00 · ATR
    expect(await receive()).toBe(`80${length}000000` + '00' + '08' + '000000' + atr);
    await send('6F050000000009000000' + '0084000008'); // GET CHALLENGE 8
    const challenge = await receive();
    expect(challenge.slice(0, 20)).toBe('800A0000000009000000');
    expect(challenge.slice(-4)).toBe('9000');
    await send('6300000000000A000000');
    expect(await receive()).toBe('8100000000000A010001');
  });

  it('extended level: a command in pieces (01, 03, 02) acknowledged with bChainParameter 10', async () => {
    const { send, receive } = await opened({ maxMessageLength: 271 });
    await send('62000000000001000000');
    await receive();
    const apdu = new Uint8Array(600);
    apdu.set([0x00, 0xd6, 0x00, 0x00, 0x00, 0x02, 0x51]);
    const hex = toHex(apdu);
    // type · dwLength (LE) · bSlot · bSeq · bBWI · wLevelParameter (LE) · data
    await send('6F' + '05010000' + '00' + '02' + '00' + '0100' + hex.slice(0, 522));
    expect(await receive()).toBe('80000000000002000010');
    await send('6F' + '05010000' + '00' + '03' + '00' + '0300' + hex.slice(522, 1044));
    expect(await receive()).toBe('80000000000003000010');
    await send('6F' + '4E000000' + '00' + '04' + '00' + '0200' + hex.slice(1044));
    const answer = await receive();
    expect(answer.slice(0, 20)).toMatch(/^80020000000004000000$/); // a status word, whole
  });

  it('no card: IccPowerOn fails with bmICCStatus 2 and ICC_MUTE; NotifySlotChange on the interrupt endpoint', async () => {
    const { emulator, device, send, receive } = await opened();
    emulator.removeCard();
    const note = await device.transferIn(INTERRUPT_IN, 8);
    expect(toHex(new Uint8Array(note.data!.buffer, note.data!.byteOffset, note.data!.byteLength))).toBe('5002');
    await send('62000000000001000000');
    expect(await receive()).toBe('80000000000001' + '42FE00');
  });

  it('refuses a bad slot, a bad bPowerSelect and an unknown message type', async () => {
    const { send, receive } = await opened();
    await send('62000000000101000000');
    expect(await receive()).toBe('80000000000101' + '420500');
    await send('62000000000002040000');
    expect(await receive()).toBe('80000000000002' + '410700');
    await send('6B000000000003000000'); // Escape on the CCID interface: not supported there
    expect(await receive()).toBe('83000000000003' + '410000');
    await send('6A000000000004000000'); // an unknown message type
    expect(await receive()).toBe('81000000000004' + '410000');
  });

  it('a time extension first, then the answer; XfrBlock to an unpowered card fails', async () => {
    const { emulator, send, receive } = await opened();
    await send('6F050000000001000000' + '0084000008');
    expect(await receive()).toBe('80000000000001' + '41FE00');
    await send('62000000000002000000');
    await receive();
    emulator.faults.timeExtension = { messages: 'all', count: 1, multiplier: 3 };
    await send('6F050000000003000000' + '0084000008');
    expect(await receive()).toBe('80000000000003' + '800300');
    expect((await receive()).slice(0, 20)).toBe('800A0000000003000000');
  });
});
