/**
 * Listens on the reader's interrupt-IN endpoint for RDR_to_PC_NotifySlotChange (card in / out)
 * and RDR_to_PC_HardwareError (CCID rev 1.1 §6.3). One transferIn is outstanding at a time; the
 * loop ends when stopped, when the device goes away, or after `maxFailures` unusable transfers in
 * a row (stalls, empty or unknown messages), so a misbehaving reader cannot spin it.
 */
import { TransportError } from '../card-transport';
import { transferError } from '../webusb-port100/port100-usb-link';
import type { UsbDeviceLike } from '../webusb-port100/webusb-types';
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
    let failures = 0;
    while (this.running) {
      let result;
      try {
        result = await this.device.transferIn(this.endpoint.endpointNumber, this.endpoint.packetSize);
      } catch (e) {
        this.end(transferError(e, 'interrupt transferIn'));
        return;
      }
      if (!this.running) return;
      const view = result.status === 'ok' ? result.data : undefined;
      const bytes = view ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength) : new Uint8Array(0);
      if (result.status === 'stall') await this.device.clearHalt('in', this.endpoint.endpointNumber).catch(() => undefined);
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
