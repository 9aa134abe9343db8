/**
 * Bulk transfers to and from one opened RC-S380.
 *
 * Writes: one transferOut per frame, then a zero-length packet when the length is a multiple of
 * the OUT endpoint's wMaxPacketSize, so the reader sees the transfer end (nfcpy
 * `src/nfc/clf/transport.py` USB.write; reference §2.1).
 *
 * Reads: WebUSB has no transfer timeout and no way to cancel a transferIn, so at most one
 * transferIn is ever outstanding and its result goes to an inbox. A read that times out leaves
 * that transfer running; whatever it brings later is read next (or discarded by `discard()`
 * after the reader was told to abort). Read size 512 (nfcpy reads 300; frames stay below).
 */
import { TransportError } from '../card-transport';
import type { Port100Endpoints } from './port100-device-access';
import { usbErrorName, type UsbDeviceLike } from './webusb-types';

const READ_SIZE = 512;

/** Map a WebUSB rejection during a transfer to a TransportError. */
export function transferError(e: unknown, what: string): TransportError {
  if (e instanceof TransportError) return e;
  const name = usbErrorName(e);
  if (name === 'NetworkError' || name === 'NotFoundError') {
    return new TransportError('reader-unplugged', `The reader was unplugged (${what}: ${name})`, { cause: e });
  }
  if (name === 'InvalidStateError' || name === 'AbortError') {
    return new TransportError('not-connected', `The reader is closed (${what}: ${name})`, { cause: e });
  }
  return new TransportError('protocol', `USB ${what} failed${name ? ` (${name})` : ''}`, { cause: e });
}

export class Port100UsbLink {
  private readonly inbox: Uint8Array[] = [];
  private inFlight = false;
  private failure: TransportError | undefined;
  private pendingError: TransportError | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly device: UsbDeviceLike,
    readonly endpoints: Port100Endpoints,
  ) {}

  /** Set once the link is unusable (unplugged or closed); every later call throws it. */
  get failed(): TransportError | undefined {
    return this.failure;
  }

  /** Stop using the link: pending and later reads and writes fail with `error`. */
  fail(error: TransportError): void {
    this.failure ??= error;
    this.notify();
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    await this.transferOut(bytes);
    if (bytes.length > 0 && bytes.length % this.endpoints.outPacketSize === 0) await this.transferOut(new Uint8Array(0));
  }

  /** The next IN transfer's bytes; TransportError('timeout') if none within `timeoutMs`. */
  async read(timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass either returns, throws, or waits for a transfer result or the deadline.
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.pendingError) {
        const e = this.pendingError;
        this.pendingError = undefined;
        throw e;
      }
      const next = this.inbox.shift();
      if (next) return next;
      this.pump();
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TransportError('timeout', 'The reader did not answer in time');
      await this.waitForTransfer(remaining);
    }
  }

  /** Drop what the inbox holds (after an abort). A transfer still outstanding is kept. */
  discard(): void {
    this.inbox.length = 0;
    this.pendingError = undefined;
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
      result = await this.device.transferOut(this.endpoints.outEndpoint, bytes);
    } catch (e) {
      const error = transferError(e, 'transferOut');
      if (error.code === 'reader-unplugged') this.fail(error);
      throw error;
    }
    if (result.status === 'stall') {
      await this.device.clearHalt('out', this.endpoints.outEndpoint).catch(() => undefined);
      throw new TransportError('protocol', 'The reader stalled the OUT endpoint');
    }
    if (result.status !== 'ok' || result.bytesWritten !== bytes.length) {
      throw new TransportError('protocol', `USB write ended with ${result.status}, ${result.bytesWritten}/${bytes.length} bytes`);
    }
  }

  private pump(): void {
    if (this.inFlight || this.failure) return;
    this.inFlight = true;
    let transfer;
    try {
      transfer = this.device.transferIn(this.endpoints.inEndpoint, READ_SIZE);
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
          if (view && view.byteLength > 0) this.inbox.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice());
        } else if (result.status === 'stall') {
          void this.device.clearHalt('in', this.endpoints.inEndpoint).catch(() => undefined);
          this.pendingError = new TransportError('protocol', 'The reader stalled the IN endpoint');
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
      const timer = setTimeout(() => {
        if (this.wake === done) this.wake = undefined;
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wake = done;
    });
  }
}
