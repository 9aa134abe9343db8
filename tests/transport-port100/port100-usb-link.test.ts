/** Bulk I/O of the Port-100 link: ZLP after full packets, one outstanding transferIn, unplug. */
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../src/transport/card-transport';
import { Port100UsbLink } from '../../src/transport/webusb-port100/port100-usb-link';
import type { UsbDeviceLike, UsbInTransferResultLike } from '../../src/transport/webusb-port100/webusb-types';

/** A device that records writes and lets the test complete reads by hand. */
function recorder() {
  const writes: number[] = [];
  const reads: { resolve: (r: UsbInTransferResultLike) => void; reject: (e: unknown) => void }[] = [];
  const device = {
    transferOut: async (_ep: number, data: Uint8Array) => {
      writes.push(data.length);
      return { status: 'ok' as const, bytesWritten: data.length };
    },
    transferIn: () => new Promise<UsbInTransferResultLike>((resolve, reject) => reads.push({ resolve, reject })),
    clearHalt: async () => undefined,
    releaseInterface: async () => undefined,
    close: async () => undefined,
  } as unknown as UsbDeviceLike;
  const link = new Port100UsbLink(device, { interfaceNumber: 0, inEndpoint: 1, outEndpoint: 2, outPacketSize: 64 });
  const data = (bytes: number[]): UsbInTransferResultLike => ({ status: 'ok', data: new DataView(Uint8Array.from(bytes).buffer) });
  return { link, writes, reads, data };
}

describe('Port100UsbLink', () => {
  it('follows a write of a multiple of wMaxPacketSize with a zero-length packet', async () => {
    const { link, writes } = recorder();
    await link.write(new Uint8Array(64));
    await link.write(new Uint8Array(63));
    await link.write(new Uint8Array(128));
    expect(writes).toEqual([64, 0, 63, 128, 0]);
  });

  it('keeps one transferIn outstanding across a timed-out read and hands its data to the next read', async () => {
    const { link, reads, data } = recorder();
    await expect(link.read(5)).rejects.toMatchObject({ code: 'timeout' });
    expect(reads).toHaveLength(1);
    const next = link.read(1000);
    expect(reads).toHaveLength(1); // no second transferIn while the first is pending
    reads[0]!.resolve(data([1, 2, 3]));
    expect(Array.from(await next)).toEqual([1, 2, 3]);
  });

  it('discard() drops data already received', async () => {
    const { link, reads, data } = recorder();
    const p = link.read(5).catch(() => undefined);
    reads[0]!.resolve(data([9]));
    await p;
    link.discard();
    await expect(link.read(5)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('a transferIn rejected with NetworkError means the reader was unplugged, for good', async () => {
    const { link, reads } = recorder();
    const p = link.read(1000);
    reads[0]!.reject(new DOMException('A transfer error has occurred.', 'NetworkError'));
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransportError);
    expect((e as TransportError).code).toBe('reader-unplugged');
    await expect(link.write(new Uint8Array(1))).rejects.toMatchObject({ code: 'reader-unplugged' });
  });

  it('a stalled IN endpoint is a protocol error, then reading goes on', async () => {
    const { link, reads, data } = recorder();
    const p = link.read(1000);
    reads[0]!.resolve({ status: 'stall' });
    await expect(p).rejects.toMatchObject({ code: 'protocol' });
    const q = link.read(1000);
    reads[1]!.resolve(data([7]));
    expect(Array.from(await q)).toEqual([7]);
  });
});
