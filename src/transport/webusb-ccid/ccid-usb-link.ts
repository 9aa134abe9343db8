/**
 * Bulk transfers to and from one claimed CCID interface: whole messages out, whole messages in.
 *
 * Reads: a message is reassembled from IN transfers whose lengths are multiples of the IN
 * wMaxPacketSize. The first transfer asks for the whole packets that hold the 10-byte header (one
 * packet at 64 bytes); once the header is in, the next asks for the rest rounded up to whole
 * packets. No transfer asks for more whole packets than the message fills, so a reader that sends
 * no zero-length packet after a message ending on a packet boundary (libccid has a ZLP fix-up for
 * such readers) is still read correctly. A transfer that ends short before the message is
 * complete means the reader cut it off: 'protocol'. dwLength is bounded by the reader's
 * dwMaxCCIDMessageLength.
 *
 * Transfers go through the shared bulk pipe (../webusb/usb-bulk-pipe.ts: ZLP after whole packets
 * out, one outstanding transferIn); a read that times out leaves that transfer running and the
 * half-read message is kept, so the next read continues it (and the caller drops it by bSeq).
 */
import { concatBytes } from '../../bytes/byte-ops';
import { TransportError } from '../card-transport';
import { UsbBulkPipe, type UsbBulkEndpoints } from '../webusb/usb-bulk-pipe';
import type { InTransfer } from '../webusb/usb-in-pump';
import type { UsbDeviceLike } from '../webusb/webusb-types';
import { CCID_HEADER_LENGTH, messageDataLength } from './ccid-message';

/** Bound on transfers `drain()` swallows, against a reader that never stops talking. */
const MAX_DRAINED_TRANSFERS = 64;

export class CcidUsbLink extends UsbBulkPipe {
  /** Bytes of a message not yet complete. */
  private partial: Uint8Array | undefined;

  constructor(
    device: UsbDeviceLike,
    endpoints: UsbBulkEndpoints,
    /** dwMaxCCIDMessageLength, header included. */
    readonly maxMessageLength: number,
  ) {
    super(device, endpoints);
  }

  override async write(message: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (message.length > this.maxMessageLength) throw new TransportError('protocol', `CCID message of ${message.length} bytes exceeds the reader's ${this.maxMessageLength}`);
    await super.write(message);
  }

  /** The next complete bulk-IN message; TransportError('timeout') if none within `timeoutMs`. */
  async readMessage(timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass returns, throws, or consumes one transfer result.
    for (;;) {
      const complete = this.takeComplete();
      if (complete) return complete;
      let next: InTransfer | undefined;
      try {
        next = await this.next(this.nextReadLength(), deadline - Date.now());
      } catch (e) {
        this.partial = undefined;
        throw e;
      }
      if (!next) throw new TransportError('timeout', 'The reader did not answer in time');
      this.append(next);
    }
  }

  /** Drop everything received but not read, including a half-read message. */
  override discard(): void {
    super.discard();
    this.partial = undefined;
  }

  /**
   * Swallow whatever the reader still sends (answers to commands we gave up on) until it has been
   * quiet for `quietMs`. Bounded by MAX_DRAINED_TRANSFERS.
   */
  async drain(quietMs: number): Promise<void> {
    this.discard();
    for (let i = 0; i < MAX_DRAINED_TRANSFERS; i++) {
      let heard: boolean;
      try {
        heard = (await this.next(this.endpoints.inPacketSize, quietMs)) !== undefined;
      } catch (e) {
        if (this.failed) throw e;
        heard = true; // a stalled or failed transfer: the reader is still talking
      }
      if (!heard) break;
    }
    this.discard();
  }

  // ------------------------------------------------------------------ internals

  /** Bytes the message in progress needs, or undefined while its header is incomplete. */
  private messageLength(): number | undefined {
    const p = this.partial;
    if (!p || p.length < CCID_HEADER_LENGTH) return undefined;
    try {
      return CCID_HEADER_LENGTH + messageDataLength(p, this.maxMessageLength - CCID_HEADER_LENGTH);
    } catch (e) {
      this.partial = undefined;
      throw e;
    }
  }

  private takeComplete(): Uint8Array | undefined {
    const need = this.messageLength();
    const p = this.partial;
    if (need === undefined || !p || p.length < need) return undefined;
    this.partial = undefined;
    if (p.length > need) throw new TransportError('protocol', `CCID transfer carries ${p.length - need} bytes beyond its message`);
    return p;
  }

  private append(result: InTransfer): void {
    // A zero-length packet only ends a transfer; it carries nothing.
    if (result.bytes.length === 0) return;
    this.partial = this.partial ? concatBytes(this.partial, result.bytes) : result.bytes;
    if (this.partial.length > this.maxMessageLength) {
      this.partial = undefined;
      throw new TransportError('protocol', `CCID message longer than ${this.maxMessageLength} bytes`);
    }
    if (result.bytes.length < result.requested) {
      const need = this.messageLength();
      if (need === undefined || this.partial.length < need) {
        const got = this.partial.length;
        this.partial = undefined;
        throw new TransportError('protocol', `CCID message cut short: ${got} of ${need ?? 'at least 10'} bytes`);
      }
    }
  }

  private nextReadLength(): number {
    const packet = this.endpoints.inPacketSize;
    const have = this.partial?.length ?? 0;
    const need = this.messageLength() ?? CCID_HEADER_LENGTH;
    const missing = Math.max(1, need - have);
    return Math.ceil(missing / packet) * packet;
  }
}
