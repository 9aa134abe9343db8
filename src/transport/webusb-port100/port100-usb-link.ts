/**
 * Bulk transfers to and from one opened RC-S380: Port-100 frames out, IN transfers in, over the
 * shared bulk pipe (../webusb/usb-bulk-pipe.ts: ZLP after whole packets, one outstanding
 * transferIn). The reader answers each frame in its own IN transfer; reads ask for 512 bytes
 * (nfcpy reads 300; frames stay below) and skip zero-length transfers, which carry nothing.
 */
import { TransportError } from '../card-transport';
import { UsbBulkPipe, type UsbBulkEndpoints } from '../webusb/usb-bulk-pipe';
import type { UsbDeviceLike } from '../webusb/webusb-types';

const READ_SIZE = 512;

export class Port100UsbLink {
  private readonly pipe: UsbBulkPipe;

  constructor(device: UsbDeviceLike, endpoints: UsbBulkEndpoints) {
    this.pipe = new UsbBulkPipe(device, endpoints);
  }

  /** Set once the link is unusable (unplugged or closed); every later call throws it. */
  get failed(): TransportError | undefined {
    return this.pipe.failed;
  }

  fail(error: TransportError): void {
    this.pipe.fail(error);
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.pipe.write(bytes);
  }

  /** The next IN transfer's bytes; TransportError('timeout') if none within `timeoutMs`. */
  async read(timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass takes one transfer or ends: a zero-length one is skipped.
    for (;;) {
      const result = await this.pipe.next(READ_SIZE, deadline - Date.now());
      if (!result) throw new TransportError('timeout', 'The reader did not answer in time');
      if (result.bytes.length > 0) return result.bytes;
    }
  }

  /** Drop what the inbox holds (after an abort). A transfer still outstanding is kept. */
  discard(): void {
    this.pipe.discard();
  }

  close(): Promise<void> {
    return this.pipe.close();
  }
}
