/**
 * Message reassembly on the bulk IN endpoint, over the fake USB device (src/sim/readers/
 * fake-webusb.ts) with IN data queued by hand: packet-sized reads, messages longer than one
 * packet, zero-length packets, messages cut short, oversized dwLength, timeouts, draining. The
 * pump and pipe below it (ZLP, stalls, unplug) are tested once for every path:
 * tests/transport/usb-bulk-pipe.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/bytes/hex';
import { FakeUsbDevice } from '../../src/sim/readers/fake-webusb';
import { TransportError } from '../../src/transport/card-transport';
import { CcidUsbLink } from '../../src/transport/webusb-ccid/ccid-usb-link';
import { rejection } from './rig';

async function setup(packetSize: number, maxMessageLength = 522) {
  const written: Uint8Array[] = [];
  const requested: number[] = [];
  const device = new FakeUsbDevice(
    {
      vendorId: 1,
      productId: 2,
      productName: 'link test',
      manufacturerName: 'test',
      serialNumber: 'L1',
      interfaces: [
        {
          interfaceNumber: 0,
          interfaceClass: 0x0b,
          interfaceSubclass: 0,
          interfaceProtocol: 0,
          endpoints: [
            { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize },
            { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize },
          ],
        },
      ],
    },
    { onTransferOut: (_ep, bytes) => written.push(bytes) },
  );
  device.policy = { protectedClasses: [], usbUnrestricted: true };
  await device.open();
  await device.claimInterface(0);
  const transferIn = device.transferIn.bind(device);
  device.transferIn = (ep, length) => {
    requested.push(length);
    return transferIn(ep, length);
  };
  const link = new CcidUsbLink(device, { interfaceNumber: 0, bulkIn: 2, bulkOut: 1, inPacketSize: packetSize, outPacketSize: packetSize }, maxMessageLength);
  return { device, link, written, requested };
}

/** A DataBlock with `n` data bytes 00 01 02 … */
function dataBlock(n: number, seq = 1): Uint8Array {
  const m = new Uint8Array(10 + n);
  m[0] = 0x80;
  new DataView(m.buffer).setUint32(1, n, true);
  m[6] = seq;
  for (let i = 0; i < n; i++) m[10 + i] = i & 0xff;
  return m;
}

describe('CcidUsbLink reads', () => {
  it('a short message in one packet-sized read', async () => {
    const { device, link, requested } = await setup(64);
    device.queueIn(dataBlock(4));
    expect(toHex(await link.readMessage(100))).toBe(toHex(dataBlock(4)));
    expect(requested).toEqual([64]);
  });

  it('a 522-byte message: one packet first, then the rest rounded up to whole packets', async () => {
    const { device, link, requested } = await setup(64);
    device.queueIn(dataBlock(512));
    expect(toHex(await link.readMessage(100))).toBe(toHex(dataBlock(512)));
    expect(requested).toEqual([64, 512]); // 522 − 64 = 458 → 8 packets
  });

  it('with 8-byte packets the first read covers the 10-byte header (two packets), then the rest', async () => {
    const { device, link, requested } = await setup(8);
    device.queueIn(dataBlock(20));
    expect(toHex(await link.readMessage(100))).toBe(toHex(dataBlock(20)));
    expect(requested).toEqual([16, 16]); // 30 bytes: 16, then 14 rounded up to 16
  });

  it('a message that fills its last packet exactly needs no zero-length packet; a stray ZLP is skipped', async () => {
    const { device, link } = await setup(64);
    device.queueIn(dataBlock(54)); // 64 bytes
    device.queueIn(new Uint8Array(0)); // the ZLP a reader may send after it
    device.queueIn(dataBlock(2, 2));
    expect((await link.readMessage(100)).length).toBe(64);
    expect(toHex(await link.readMessage(100))).toBe(toHex(dataBlock(2, 2)));
  });

  it('a message cut short (a short transfer before dwLength bytes) is a protocol error; the next one reads', async () => {
    const { device, link } = await setup(64);
    device.queueIn(dataBlock(100).subarray(0, 70)); // 64 + a 6-byte short packet
    const e = (await rejection(link.readMessage(100))) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe('protocol');
    expect(e.message).toContain('cut short');
    device.queueIn(dataBlock(3, 9));
    expect((await link.readMessage(100))[6]).toBe(9);
  });

  it('a header shorter than 10 bytes, a transfer longer than its message, dwLength beyond the reader maximum', async () => {
    const { device, link } = await setup(64, 271);
    device.queueIn(fromHex('80000000'));
    expect(((await rejection(link.readMessage(100))) as TransportError).code).toBe('protocol');
    const extra = new Uint8Array(20);
    extra.set(dataBlock(2));
    device.queueIn(extra);
    expect(((await rejection(link.readMessage(100))) as TransportError).message).toContain('beyond its message');
    const huge = dataBlock(0);
    new DataView(huge.buffer).setUint32(1, 262, true); // > 271 − 10
    device.queueIn(huge);
    expect(((await rejection(link.readMessage(100))) as TransportError).message).toContain('at most 261');
  });

  it('times out, and the message that arrives later is read next', async () => {
    const { device, link } = await setup(64);
    expect(((await rejection(link.readMessage(10))) as TransportError).code).toBe('timeout');
    device.queueIn(dataBlock(1, 4));
    expect((await link.readMessage(100))[6]).toBe(4);
  });

  it('drain() swallows stale answers', async () => {
    const { device, link } = await setup(64);
    device.queueIn(dataBlock(1, 1));
    device.queueIn(dataBlock(600 - 10, 2).subarray(0, 64));
    await link.drain(5);
    device.queueIn(dataBlock(1, 3));
    expect((await link.readMessage(100))[6]).toBe(3);
  });
});

describe('CcidUsbLink writes', () => {
  it('refuses a message longer than the reader maximum before it reaches the USB device', async () => {
    const { link, written } = await setup(64, 271);
    expect(((await rejection(link.write(new Uint8Array(272)))) as TransportError).code).toBe('protocol');
    expect(written).toEqual([]);
  });
});
