/**
 * Bulk transfers to and from one opened RC-S380: Port-100 frames out, IN transfers in, over the
 * shared bulk pipe (../webusb/usb-bulk-pipe.ts: ZLP after whole packets, one outstanding
 * transferIn). The reader answers each frame in its own IN transfer; reads ask for 512 bytes
 * (nfcpy reads 300; frames stay below) and skip zero-length transfers, which carry nothing.
 */
import { TransportError } from '../card-transport';
import { UsbBulkPipe } from '../webusb/usb-bulk-pipe';

const READ_SIZE = 512;

export class Port100UsbLink extends UsbBulkPipe {
  /** The next IN transfer's bytes; TransportError('timeout') if none within `timeoutMs`. */
  async read(timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass takes one transfer or ends: a zero-length one is skipped.
    for (;;) {
      const result = await this.next(READ_SIZE, deadline - Date.now());
      if (!result) throw new TransportError('timeout', 'The reader did not answer in time');
      if (result.bytes.length > 0) return result.bytes;
    }
  }
}
