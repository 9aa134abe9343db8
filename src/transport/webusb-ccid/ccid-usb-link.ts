/**
 * Bulk transfers to and from one claimed CCID interface: whole messages out, whole messages in.
 *
 * Writes: one transferOut per message, then a zero-length packet when the length is a multiple
 * of the OUT wMaxPacketSize, so the transfer visibly ends (USB 2.0 §5.8.3).
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
 * WebUSB has no transfer timeout and no way to cancel a transferIn, so at most one bulk transferIn
 * is outstanding and its result goes to an inbox; a read that times out leaves it running and the
 * half-read message is kept, so the next read continues it (and the caller drops it by bSeq).
 */
import { concatBytes } from '../../bytes/byte-ops';
import { TransportError } from '../card-transport';
import { transferError } from '../webusb-port100/port100-usb-link';
import type { UsbDeviceLike } from '../webusb-port100/webusb-types';
import { CCID_HEADER_LENGTH, messageDataLength } from './ccid-message';
import type { CcidEndpoints } from './ccid-device-access';

interface InResult {
  readonly bytes: Uint8Array;
  /** The length the transferIn asked for: fewer bytes than this means the transfer ended short. */
  readonly requested: number;
}

/** Bound on transfers `drain()` swallows, against a reader that never stops talking. */
const MAX_DRAINED_TRANSFERS = 64;

export class CcidUsbLink {
  private readonly inbox: InResult[] = [];
  private inFlight = false;
  private failure: TransportError | undefined;
  private pendingError: TransportError | undefined;
  private wake: (() => void) | undefined;
  /** Bytes of a message not yet complete. */
  private partial: Uint8Array | undefined;

  constructor(
    readonly device: UsbDeviceLike,
    readonly endpoints: CcidEndpoints,
    /** dwMaxCCIDMessageLength, header included. */
    readonly maxMessageLength: number,
  ) {}

  get failed(): TransportError | undefined {
    return this.failure;
  }

  /** Stop using the link: pending and later reads and writes fail with `error`. */
  fail(error: TransportError): void {
    this.failure ??= error;
    this.notify();
  }

  async write(message: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (message.length > this.maxMessageLength) throw new TransportError('protocol', `CCID message of ${message.length} bytes exceeds the reader's ${this.maxMessageLength}`);
    await this.transferOut(message);
    if (message.length % this.endpoints.outPacketSize === 0) await this.transferOut(new Uint8Array(0));
  }

  /** The next complete bulk-IN message; TransportError('timeout') if none within `timeoutMs`. */
  async readMessage(timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass returns, throws, consumes one transfer result, or waits for one (or the deadline).
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.pendingError) {
        const e = this.pendingError;
        this.pendingError = undefined;
        this.partial = undefined;
        throw e;
      }
      const complete = this.takeComplete();
      if (complete) return complete;
      const next = this.inbox.shift();
      if (next) {
        this.append(next);
        continue;
      }
      this.pump(this.nextReadLength());
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TransportError('timeout', 'The reader did not answer in time');
      await this.waitForTransfer(remaining);
    }
  }

  /** Drop everything received but not read, including a half-read message. */
  discard(): void {
    this.inbox.length = 0;
    this.pendingError = undefined;
    this.partial = undefined;
  }

  /**
   * Swallow whatever the reader still sends (answers to commands we gave up on) until it has been
   * quiet for `quietMs`. Bounded by MAX_DRAINED_TRANSFERS.
   */
  async drain(quietMs: number): Promise<void> {
    this.discard();
    for (let i = 0; i < MAX_DRAINED_TRANSFERS; i++) {
      if (this.failure) throw this.failure;
      this.pump(this.endpoints.inPacketSize);
      await this.waitForTransfer(quietMs);
      if (this.inbox.length === 0 && !this.pendingError) break;
      this.discard();
    }
    this.discard();
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

  private append(result: InResult): void {
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

  private pump(length: number): void {
    if (this.inFlight || this.failure) return;
    this.inFlight = true;
    let transfer;
    try {
      transfer = this.device.transferIn(this.endpoints.bulkIn, length);
    } catch (e) {
      this.inFlight = false;
      this.onTransferError(e);
      return;
    }
    transfer.then(
      (result) => {
        this.inFlight = false;
        if (result.status === 'ok') {
          const view = result.data;
          const bytes = view ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice() : new Uint8Array(0);
          this.inbox.push({ bytes, requested: length });
        } else if (result.status === 'stall') {
          void this.device.clearHalt('in', this.endpoints.bulkIn).catch(() => undefined);
          this.pendingError = new TransportError('protocol', 'The reader stalled the bulk IN endpoint');
        } else {
          this.pendingError = new TransportError('protocol', `USB read ended with ${result.status}`);
        }
        this.notify();
      },
      (e: unknown) => {
        this.inFlight = false;
        this.onTransferError(e);
      },
    );
  }

  private onTransferError(e: unknown): void {
    const error = transferError(e, 'transferIn');
    if (error.code === 'reader-unplugged' || error.code === 'not-connected') this.fail(error);
    else this.pendingError = error;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private waitForTransfer(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        if (this.wake === done) this.wake = undefined;
        resolve();
      }, ms);
      this.wake = done;
    });
  }
}
