/**
 * Listens on the reader's interrupt-IN endpoint for RDR_to_PC_NotifySlotChange (card in / out)
 * and RDR_to_PC_HardwareError (CCID rev 1.1 §6.3), through the shared IN pump (one transferIn
 * outstanding at a time). The loop ends when stopped, when the device goes away, or after
 * `maxFailures` unusable transfers in a row (stalls, empty or unknown messages), so a misbehaving
 * reader cannot spin it.
 */
import { TransportError } from '../card-transport';
import { UsbInPump } from '../webusb/usb-in-pump';
import type { UsbDeviceLike } from '../webusb/webusb-types';
import { parseHardwareError, parseNotifySlotChange, RDR_TO_PC_HARDWARE_ERROR, RDR_TO_PC_NOTIFY_SLOT_CHANGE, type SlotChange } from './ccid-message';

export interface InterruptHandlers {
  onSlotChange(change: SlotChange): void;
  onHardwareError(code: number): void;
  /** The watcher stopped by itself (not through stop()): unplugged, closed or broken. */
  onStopped(error: TransportError): void;
}

export class CcidInterruptWatcher {
  private running = false;

  constructor(
    private readonly device: UsbDeviceLike,
    private readonly endpoint: { readonly endpointNumber: number; readonly packetSize: number },
    private readonly slot: number,
    private readonly handlers: InterruptHandlers,
    private readonly maxFailures = 5,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** Stop listening; a transfer still outstanding ends when the device is closed. */
  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    const pump = new UsbInPump(this.device, this.endpoint.endpointNumber);
    let failures = 0;
    while (this.running) {
      let bytes: Uint8Array;
      try {
        bytes = (await pump.next(this.endpoint.packetSize, Infinity))?.bytes ?? new Uint8Array(0);
      } catch {
        if (pump.failed) {
          this.end(pump.failed);
          return;
        }
        bytes = new Uint8Array(0); // a stalled or failed transfer: counted below
      }
      if (!this.running) return;
      if (this.handle(bytes)) failures = 0;
      else if (++failures >= this.maxFailures) {
        this.end(new TransportError('protocol', `The reader's interrupt endpoint failed ${failures} times in a row`));
        return;
      }
    }
  }

  /** True when the transfer carried a message we understood. */
  private handle(bytes: Uint8Array): boolean {
    try {
      if (bytes[0] === RDR_TO_PC_NOTIFY_SLOT_CHANGE) {
        const change = parseNotifySlotChange(bytes, this.slot);
        if (change) this.handlers.onSlotChange(change);
        return true;
      }
      if (bytes[0] === RDR_TO_PC_HARDWARE_ERROR) {
        const e = parseHardwareError(bytes);
        if (e.slot === this.slot) this.handlers.onHardwareError(e.code);
        return true;
      }
    } catch {
      /* malformed: counted as a failure below */
    }
    return false;
  }

  private end(error: TransportError): void {
    if (!this.running) return;
    this.running = false;
    this.handlers.onStopped(error);
  }
}
