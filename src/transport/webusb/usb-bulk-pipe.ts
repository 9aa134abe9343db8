/**
 * Bulk OUT and bulk IN of one claimed interface: what the RC-S380 (Port-100 frames), the RC-S300
 * (CCID escape messages on its vendor interface) and CCID readers share below their framing.
 *
 * Writes: one transferOut per frame or message, then a zero-length packet when its length is a
 * whole number of wMaxPacketSize packets, so the reader sees the transfer end (USB 2.0 §5.8.3;
 * nfcpy `src/nfc/clf/transport.py` USB.write). Reads: the one IN pump (usb-in-pump.ts).
 */
import { TransportError } from '../card-transport';
import { transferError } from './usb-errors';
import { UsbInPump, type InTransfer } from './usb-in-pump';
import type { UsbDeviceLike } from './webusb-types';

/** The claimed interface and its bulk endpoints. */
export interface UsbBulkEndpoints {
  readonly interfaceNumber: number;
  readonly bulkIn: number;
  readonly bulkOut: number;
  /** wMaxPacketSize of the bulk IN endpoint. */
  readonly inPacketSize: number;
  /** wMaxPacketSize of the bulk OUT endpoint: a write of a multiple of it is followed by a ZLP. */
  readonly outPacketSize: number;
}

export class UsbBulkPipe {
  private readonly pump: UsbInPump;

  constructor(
    readonly device: UsbDeviceLike,
    readonly endpoints: UsbBulkEndpoints,
  ) {
    this.pump = new UsbInPump(device, endpoints.bulkIn);
  }

  /** Set once the pipe is unusable (unplugged or closed); every later call throws it. */
  get failed(): TransportError | undefined {
    return this.pump.failed;
  }

  /** Stop using the pipe: pending and later reads and writes fail with `error`. */
  fail(error: TransportError): void {
    this.pump.fail(error);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.pump.failed) throw this.pump.failed;
    await this.transferOut(bytes);
    if (bytes.length > 0 && bytes.length % this.endpoints.outPacketSize === 0) await this.transferOut(new Uint8Array(0));
  }

  /** The next bulk-IN transfer, or undefined if none arrives within `timeoutMs`. */
  next(length: number, timeoutMs: number): Promise<InTransfer | undefined> {
    return this.pump.next(length, timeoutMs);
  }

  /** Drop what was received but not read. */
  discard(): void {
    this.pump.discard();
  }

  /** Release the interface and close the device; errors are ignored (it may be gone already). */
  async close(): Promise<void> {
    this.fail(new TransportError('not-connected', 'The reader was closed'));
    try {
      await this.device.releaseInterface(this.endpoints.interfaceNumber);
    } catch {
      /* unplugged or already released */
    }
    try {
      await this.device.close();
    } catch {
      /* unplugged or already closed */
    }
  }

  private async transferOut(bytes: Uint8Array): Promise<void> {
    let result;
    try {
      result = await this.device.transferOut(this.endpoints.bulkOut, bytes);
    } catch (e) {
      const error = transferError(e, 'transferOut');
      if (error.code === 'reader-unplugged') this.fail(error);
      throw error;
    }
    if (result.status === 'stall') {
      await this.device.clearHalt('out', this.endpoints.bulkOut).catch(() => undefined);
      throw new TransportError('protocol', 'The reader stalled the bulk OUT endpoint');
    }
    if (result.status !== 'ok' || result.bytesWritten !== bytes.length) {
      throw new TransportError('protocol', `USB write ended with ${result.status}, ${result.bytesWritten}/${bytes.length} bytes`);
    }
  }
}
