/**
 * The emulated RC-S300/P on its own, driven with hand-built CCID escape messages through the fake
 * navigator.usb (no transport code on the host side), so the transport tests rest on an emulator
 * that itself follows the public facts.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { Rcs300Emulator } from '../../src/sim/readers/rcs300-emulator';
import type { ApduResponder } from '../../src/transport/apdu-responder';

const echoCard: ApduResponder = { powerOn: () => new Uint8Array(0), powerOff: () => undefined, process: async () => fromHex('9000') };
const hex = (s: string) => fromHex(s.replace(/ /g, ''));

async function opened() {
  const emulator = new Rcs300Emulator({ granted: true });
  emulator.placeCard(echoCard, { pupi: hex('E8253EEC'), bitRateCapability: 0xb3 });
  const device = emulator.device;
  await device.open();
  await device.claimInterface(1);
  let seq = 0;
  /** One PC_to_RDR_Escape with `apdu`; the RDR_to_PC_Escape answer's data (after checking its header). */
  const escape = async (apdu: string): Promise<string> => {
    const data = hex(apdu);
    const message = new Uint8Array(10 + data.length);
    message[0] = 0x6b;
    new DataView(message.buffer).setUint32(1, data.length, true);
    message[6] = seq;
    message.set(data, 10);
    await device.transferOut(2, message);
    const r = await device.transferIn(2, 64);
    let bytes = new Uint8Array(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength).slice();
    const need = 10 + new DataView(bytes.buffer).getUint32(1, true);
    while (bytes.length < need) {
      const more = await device.transferIn(2, 64);
      bytes = Uint8Array.from([...bytes, ...new Uint8Array(more.data!.buffer, more.data!.byteOffset, more.data!.byteLength)]);
    }
    expect([bytes[0], bytes[6], bytes[7]! & 0xc0]).toEqual([0x83, seq++, 0]);
    return toHex(bytes.subarray(10));
  };
  return { emulator, device, escape };
}

describe('Rcs300Emulator: USB face', () => {
  it('054c:0dc9 RC-S300/P: CCID interface 0 (protected) and vendor interface 1 with bulk endpoint 2 both ways', async () => {
    const e = new Rcs300Emulator({ granted: true });
    const d = e.device;
    expect([d.vendorId, d.productId, d.productName]).toEqual([0x054c, 0x0dc9, 'RC-S300/P']);
    const [ccid, vendor] = d.configurations[0]!.interfaces;
    expect(ccid!.alternate.interfaceClass).toBe(0x0b);
    expect(vendor!.alternate.interfaceClass).toBe(0xff);
    expect(vendor!.alternate.endpoints.map((x) => `${x.direction}-${x.endpointNumber}`)).toEqual(['out-2', 'in-2']);
    await d.open();
    await expect(d.claimInterface(0)).rejects.toMatchObject({ name: 'SecurityError' });
    await expect(d.claimInterface(1)).resolves.toBeUndefined();
  });
});

describe('Rcs300Emulator: transparent session', () => {
  it('start session, RF on, Switch Protocol Type B, SENSB_REQ and ATTRIB at 106, the speed to 424, an I-block at 424', async () => {
    const { escape, emulator } = await opened();
    expect(await escape('FF 50 00 00 02 81 00 00')).toBe('C003009000' + '9000');
    expect(await escape('FF 50 00 00 02 84 00 00')).toBe('C003009000' + '9000');
    expect(await escape('FF 50 00 02 04 8F 02 01 04 00')).toBe('C003009000' + '9000');
    // SENSB_REQ, 30 ms = 30 000 µs = 0x7530.
    expect(await escape('FF 50 00 01 00 00 12 90 02 00 1C 5F 46 04 30 75 00 00 95 82 00 03 05 00 10 00 00 00')).toBe(
      'C003009000' + '920100' + '96020000' + '970C' + '50E8253EEC00000000B38180' + '9000',
    );
    expect(await escape('FF 50 00 01 00 00 18 90 02 00 1C 5F 46 04 30 75 00 00 95 82 00 09 1D E8 25 3E EC 00 A8 01 00 00 00 00')).toBe(
      'C003009000' + '920100' + '96020000' + '9701' + '00' + '9000',
    );
    // Still at 106: the card (now at 424) does not hear the reader.
    expect(await escape('FF 50 00 01 00 00 14 90 02 00 1C 5F 46 04 30 75 00 00 95 82 00 05 02 00 A4 04 0C 00 00 00')).toBe('C003036401' + '9000'); // the 3rd data object (95) got no answer
    expect(await escape('FF 50 00 00 06 FF 6E 03 05 01 12 00')).toBe('C003009000' + '9000');
    // 100 ms (A0 86 01 00): an ISO-DEP answer needs up to FWT (77 ms at FWI 8).
    expect(await escape('FF 50 00 01 00 00 14 90 02 00 1C 5F 46 04 A0 86 01 00 95 82 00 05 02 00 A4 04 0C 00 00 00')).toBe(
      'C003009000' + '920100' + '96020000' + '9703' + '029000' + '9000',
    );
    expect(emulator.rfLog.map((l) => `${l.rate}:${l.outcome}`)).toEqual(['106:answered', '106:answered', '106:rate-mismatch', '424:answered']);
    expect(emulator.card!.violations).toEqual([]);
  });

  it('refusals: no session, no timer, flags other than 00 1C, a malformed body, a non-escape message', async () => {
    const { escape, device } = await opened();
    expect(await escape('FF 50 00 00 02 84 00 00')).toBe('C003016985' + '9000'); // RF on before a session
    await escape('FF 50 00 00 02 81 00 00');
    await escape('FF 50 00 02 04 8F 02 01 04 00');
    expect(await escape('FF 50 00 01 00 00 0B 90 02 00 1C 95 82 00 03 05 00 10 00 00 00')).toBe('C003006A80' + '9000');
    expect(await escape('FF 50 00 01 00 00 12 90 02 00 00 5F 46 04 30 75 00 00 95 82 00 03 05 00 10 00 00 00')).toBe('C003016A80' + '9000');
    expect(await escape('FF 50 00 00 02 81 00')).toBe('6700'); // Le missing
    expect(await escape('FF 56 00 00')).toBe('01000500' + '9000');
    // GetSlotStatus on interface 1: only Escape is taken there.
    await device.transferOut(2, hex('65 00000000 00 07 000000'));
    const r = await device.transferIn(2, 64);
    expect(toHex(new Uint8Array(r.data!.buffer, r.data!.byteOffset, r.data!.byteLength))).toBe('81000000000007' + '420000');
  });
});
