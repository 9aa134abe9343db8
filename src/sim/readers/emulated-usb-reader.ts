/**
 * What every emulated USB reader (RC-S380, RC-S300, CCID) shares: its fake `navigator.usb`, the
 * device object for the current plug-in (a new one after each replug, as in a browser), the
 * access faults applied to it, and pulling or putting back the cable. The reader's function
 * (its firmware) is the subclass's.
 */
import { FakeUsb, FakeUsbDevice, type FakeUsbAccessFaults, type FakeUsbDeviceSpec, type FakeUsbFunction } from './fake-webusb';

export interface EmulatedUsbReaderOptions {
  /** The page already has permission (as with the WebUsbAllowDevicesForUrls policy). Default false. */
  readonly granted?: boolean;
  /** Share one fake navigator.usb between several emulated devices. */
  readonly usb?: FakeUsb;
  /** Delay per IN transfer, for demos (default 0). */
  readonly latencyMs?: number;
}

export abstract class EmulatedUsbReader<F> {
  readonly usb: FakeUsb;
  /** open()/claimInterface()/controlTransferIn() failures, applied to this and later plug-ins. */
  readonly accessFaults: FakeUsbAccessFaults = {};
  private deviceValue: FakeUsbDevice | undefined;
  private functionValue: F | undefined;

  constructor(
    protected readonly spec: FakeUsbDeviceSpec,
    private readonly readerOptions: EmulatedUsbReaderOptions,
  ) {
    this.usb = readerOptions.usb ?? new FakeUsb();
    if (readerOptions.granted) this.usb.grant(spec.serialNumber);
  }

  /** The current USB device object (a new one after each replug, as in a browser). */
  get device(): FakeUsbDevice {
    return this.deviceValue!;
  }

  get pluggedIn(): boolean {
    return this.deviceValue?.isAttached ?? false;
  }

  /** Pull the cable: transfers fail with NetworkError, navigator.usb fires 'disconnect'. */
  unplug(): void {
    const device = this.deviceValue;
    if (!device?.isAttached) return;
    this.unplugging(this.functionValue!);
    this.usb.unplug(device);
  }

  /** Plug the reader back in: a new device object, 'connect' if the page had permission. */
  replug(): FakeUsbDevice {
    this.unplug();
    return this.plugIn();
  }

  /** The firmware behind the current device. */
  protected get firmwareOf(): F {
    return this.functionValue!;
  }

  /** Build a fresh device and its firmware and plug it in; subclasses call it once at the end of their constructor. */
  protected plugIn(): FakeUsbDevice {
    let device: FakeUsbDevice | undefined;
    const [fn, usbFunction] = this.makeFunction(
      (bytes, endpoint) => device?.queueIn(bytes, endpoint),
      (endpoint) => device?.clearIn(endpoint),
      (endpoint) => device?.queueInStall(endpoint),
      () => device !== undefined && device === this.deviceValue && device.isAttached,
    );
    device = new FakeUsbDevice(this.spec, usbFunction, this.accessFaults);
    device.latencyMs = this.readerOptions.latencyMs ?? 0;
    this.deviceValue = device;
    this.functionValue = fn;
    this.usb.plugIn(device);
    return device;
  }

  /**
   * The reader's function for a new plug-in, and what the fake device hands OUT transfers to.
   * `queueIn` / `clearIn` / `stallIn` act on the new device's IN endpoints; `live` is true while
   * that device is the one plugged in.
   */
  protected abstract makeFunction(
    queueIn: (bytes: Uint8Array, endpoint?: number) => void,
    clearIn: (endpoint?: number) => void,
    stallIn: (endpoint?: number) => void,
    live: () => boolean,
  ): [F, FakeUsbFunction];

  /** The cable is about to be pulled (power loss for the firmware). */
  protected unplugging(_fn: F): void {}
}
