/**
 * The one IN-endpoint reader of the USB reader paths (RC-S380 and RC-S300 bulk IN, CCID bulk IN
 * and interrupt IN).
 *
 * WebUSB has no transfer timeout and no way to cancel a transferIn (WICG/webusb index.bs), so at
 * most one transferIn is ever outstanding per endpoint and its result goes to an inbox. A read
 * that gives up (its deadline passed) leaves that transfer running; whatever it brings later is
 * the next read's (or is dropped by `discard()` after the caller resynchronised the reader).
 *
 * Results: 'ok' transfers (zero-length ones included: a ZLP ends a message and carries nothing)
 * are queued with the length asked for, so callers can tell a transfer that ended short; a STALL
 * clears the halt and becomes one 'protocol' error for the next read; a rejection meaning the
 * device is gone or closed ends the pump for good, any other rejection is one error.
 */
import { TransportError } from '../card-transport';
import { endsTheLink, transferError } from './usb-errors';
import type { UsbDeviceLike } from './webusb-types';

export interface InTransfer {
  readonly bytes: Uint8Array;
  /** The length the transferIn asked for: fewer bytes than this means the transfer ended short. */
  readonly requested: number;
}

export class UsbInPump {
  private readonly inbox: InTransfer[] = [];
  private inFlight = false;
  private failure: TransportError | undefined;
  private pendingError: TransportError | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly device: UsbDeviceLike,
    readonly endpointNumber: number,
    /** Called once when the pump ends for good (unplugged, closed). */
    private readonly onEnded?: (error: TransportError) => void,
  ) {}

  /** Set once the pump is unusable (unplugged or closed); every later read throws it. */
  get failed(): TransportError | undefined {
    return this.failure;
  }

  /** Stop reading: pending and later reads fail with `error`. */
  fail(error: TransportError): void {
    if (!this.failure) {
      this.failure = error;
      this.onEnded?.(error);
    }
    this.notify();
  }

  /**
   * The next IN transfer (asking for `length` bytes if none is outstanding), or undefined if none
   * arrives within `timeoutMs` (Infinity: wait until one does or the pump ends). Throws the
   * pump's failure, or the one error a stalled or failed transfer left.
   */
  async next(length: number, timeoutMs: number): Promise<InTransfer | undefined> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    // Each pass returns, throws, or waits for a transfer result (or the deadline).
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.pendingError) {
        const e = this.pendingError;
        this.pendingError = undefined;
        throw e;
      }
      const result = this.inbox.shift();
      if (result) return result;
      this.start(length);
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await this.waitForTransfer(remaining);
    }
  }

  /** Drop what was received but not read (and an error not yet thrown). A transfer still outstanding is kept. */
  discard(): void {
    this.inbox.length = 0;
    this.pendingError = undefined;
  }

  private start(length: number): void {
    if (this.inFlight || this.failure) return;
    this.inFlight = true;
    let transfer;
    try {
      transfer = this.device.transferIn(this.endpointNumber, length);
    } catch (e) {
      this.inFlight = false;
      this.rejected(e);
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
          void this.device.clearHalt('in', this.endpointNumber).catch(() => undefined);
          this.pendingError = new TransportError('protocol', `The reader stalled IN endpoint ${this.endpointNumber}`);
        } else {
          this.pendingError = new TransportError('protocol', `USB read ended with ${result.status}`);
        }
        this.notify();
      },
      (e: unknown) => {
        this.inFlight = false;
        this.rejected(e);
      },
    );
  }

  private rejected(e: unknown): void {
    const error = transferError(e, 'transferIn');
    if (endsTheLink(error)) this.fail(error);
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
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      // setTimeout cannot take Infinity (it would fire at once): an unbounded wait has no timer.
      const timer = Number.isFinite(ms)
        ? setTimeout(() => {
            if (this.wake === done) this.wake = undefined;
            resolve();
          }, ms)
        : undefined;
      this.wake = done;
    });
  }
}
