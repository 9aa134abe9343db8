/**
 * A fake WebUSB (`navigator.usb` + `USBDevice`) that runs in Node and in the browser: no Node
 * imports, only EventTarget, Event, DOMException and promises. The device's function (firmware)
 * sits behind `transferOut` / `transferIn`; see rcs380-emulator.ts.
 *
 * Rejections use the DOMException names Chrome uses (WICG/webusb index.bs): NotFoundError when
 * the chooser selects nothing, SecurityError for a refused claim (§1.1 of the reference),
 * NetworkError for transfers to an unplugged device, InvalidStateError when not open/claimed.
 */
import type {
  UsbConfigurationLike,
  UsbDeviceFilterLike,
  UsbDeviceLike,
  UsbDirection,
  UsbEndpointLike,
  UsbInTransferResultLike,
  UsbInterfaceLike,
  UsbLike,
  UsbOutTransferResultLike,
} from '../../transport/webusb-port100/webusb-types';

/** What sits behind the endpoints: gets every OUT transfer (a ZLP is an empty one). */
export interface FakeUsbFunction {
  onTransferOut(endpointNumber: number, bytes: Uint8Array): void;
}

export interface FakeUsbInterfaceSpec {
  readonly interfaceNumber: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly endpoints: readonly UsbEndpointLike[];
}

export interface FakeUsbDeviceSpec {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly manufacturerName: string;
  readonly serialNumber: string;
  readonly interfaces: readonly FakeUsbInterfaceSpec[];
}

/** Access faults: the DOMException name open() / claimInterface() should reject with. */
export interface FakeUsbAccessFaults {
  openError?: string;
  claimError?: string;
}

function domError(name: string, message: string): Error {
  return new DOMException(message, name);
}

class FakeInterface implements UsbInterfaceLike {
  claimed = false;
  readonly alternate;
  readonly alternates;
  constructor(readonly spec: FakeUsbInterfaceSpec) {
    const alt = {
      alternateSetting: 0,
      interfaceClass: spec.interfaceClass,
      interfaceSubclass: spec.interfaceSubclass,
      interfaceProtocol: spec.interfaceProtocol,
      endpoints: spec.endpoints,
    };
    this.alternate = alt;
    this.alternates = [alt];
  }
  get interfaceNumber(): number {
    return this.spec.interfaceNumber;
  }
}

/** One fake USB device. A new object per plug-in, as in a real browser. */
export class FakeUsbDevice implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly manufacturerName: string;
  readonly serialNumber: string;
  readonly configurations: readonly UsbConfigurationLike[];
  opened = false;
  private selected = false;
  private attached = true;
  private readonly interfaces: FakeInterface[];
  private readonly inQueue: Uint8Array[] = [];
  private readonly pendingIn: { resolve: (r: UsbInTransferResultLike) => void; reject: (e: unknown) => void; length: number }[] = [];
  /** Delay before each IN transfer completes, in ms (0: next microtask). For demos. */
  latencyMs = 0;

  constructor(
    spec: FakeUsbDeviceSpec,
    private readonly fn: FakeUsbFunction,
    readonly faults: FakeUsbAccessFaults = {},
  ) {
    this.vendorId = spec.vendorId;
    this.productId = spec.productId;
    this.productName = spec.productName;
    this.manufacturerName = spec.manufacturerName;
    this.serialNumber = spec.serialNumber;
    this.interfaces = spec.interfaces.map((i) => new FakeInterface(i));
    this.configurations = [{ configurationValue: 1, interfaces: this.interfaces }];
  }

  get configuration(): UsbConfigurationLike | null {
    return this.selected ? this.configurations[0]! : null;
  }

  get isAttached(): boolean {
    return this.attached;
  }

  async open(): Promise<void> {
    this.requireAttached();
    if (this.faults.openError) throw domError(this.faults.openError, 'Access denied.');
    this.opened = true;
    // Chrome selects the active configuration on open when the device has one.
    this.selected = true;
  }

  async close(): Promise<void> {
    this.requireAttached();
    for (const i of this.interfaces) i.claimed = false;
    this.opened = false;
    this.failPendingIn(domError('AbortError', 'The transfer was cancelled.'));
  }

  async selectConfiguration(value: number): Promise<void> {
    this.requireOpen();
    if (value !== 1) throw domError('NotFoundError', 'The configuration value provided is not supported by the device.');
    this.selected = true;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.requireOpen();
    const iface = this.interfaces.find((i) => i.interfaceNumber === interfaceNumber);
    if (!iface) throw domError('NotFoundError', 'The interface number provided is not supported by the device in its current configuration.');
    if (this.faults.claimError === 'SecurityError') throw domError('SecurityError', 'The requested interface implements a protected class.');
    if (this.faults.claimError) throw domError(this.faults.claimError, 'Unable to claim interface.');
    iface.claimed = true;
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.requireOpen();
    const iface = this.interfaces.find((i) => i.interfaceNumber === interfaceNumber);
    if (iface) iface.claimed = false;
  }

  async clearHalt(direction: UsbDirection, endpointNumber: number): Promise<void> {
    this.requireEndpoint(direction, endpointNumber);
  }

  async transferOut(endpointNumber: number, data: Uint8Array): Promise<UsbOutTransferResultLike> {
    this.requireEndpoint('out', endpointNumber);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.fn.onTransferOut(endpointNumber, bytes);
    return { status: 'ok', bytesWritten: bytes.length };
  }

  transferIn(endpointNumber: number, length: number): Promise<UsbInTransferResultLike> {
    try {
      this.requireEndpoint('in', endpointNumber);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.pendingIn.push({ resolve, reject, length });
      this.deliver();
    });
  }

  // ---------------------------------------------------------------- device side

  /** The function queues one IN transfer (one frame). */
  queueIn(bytes: Uint8Array): void {
    if (!this.attached) return;
    this.inQueue.push(bytes.slice());
    this.deliver();
  }

  /** Drop IN data not yet read by the host. */
  clearIn(): void {
    this.inQueue.length = 0;
  }

  /** The cable is pulled: every pending and later transfer fails with NetworkError. */
  unplug(): void {
    if (!this.attached) return;
    this.attached = false;
    this.opened = false;
    this.inQueue.length = 0;
    this.failPendingIn(domError('NetworkError', 'A transfer error has occurred.'));
  }

  private deliver(): void {
    // Bounded by the shorter of the two queues.
    while (this.pendingIn.length > 0 && this.inQueue.length > 0) {
      const read = this.pendingIn.shift()!;
      let bytes = this.inQueue.shift()!;
      if (bytes.length > read.length) {
        // Longer than asked: the rest comes with the next transfer.
        this.inQueue.unshift(bytes.slice(read.length));
        bytes = bytes.slice(0, read.length);
      }
      const result: UsbInTransferResultLike = { status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      if (this.latencyMs > 0) setTimeout(() => read.resolve(result), this.latencyMs);
      else read.resolve(result);
    }
  }

  private failPendingIn(error: Error): void {
    const pending = this.pendingIn.splice(0);
    for (const p of pending) p.reject(error);
  }

  private requireAttached(): void {
    if (!this.attached) throw domError('NotFoundError', 'The device was disconnected.');
  }

  private requireOpen(): void {
    if (!this.attached) throw domError('NetworkError', 'A transfer error has occurred.');
    if (!this.opened) throw domError('InvalidStateError', 'The device must be opened first.');
  }

  private requireEndpoint(direction: UsbDirection, endpointNumber: number): void {
    this.requireOpen();
    const ok = this.interfaces.some((i) => i.claimed && i.alternate.endpoints.some((e) => e.direction === direction && e.endpointNumber === endpointNumber));
    if (!ok) throw domError('InvalidStateError', 'The specified endpoint is not part of a claimed and selected alternate interface.');
  }
}

/** Chooser behaviour of the fake requestDevice(). */
export type FakeChooser = 'pick-first' | 'cancel' | 'blocked';

class FakeUsbConnectionEvent extends Event {
  constructor(
    type: 'connect' | 'disconnect',
    readonly device: UsbDeviceLike,
  ) {
    super(type);
  }
}

function matches(device: UsbDeviceLike, filter: UsbDeviceFilterLike): boolean {
  if (filter.vendorId !== undefined && filter.vendorId !== device.vendorId) return false;
  if (filter.productId !== undefined && filter.productId !== device.productId) return false;
  if (filter.serialNumber !== undefined && filter.serialNumber !== device.serialNumber) return false;
  if (filter.classCode !== undefined) {
    const classes = device.configurations.flatMap((c) => c.interfaces.map((i) => i.alternate.interfaceClass));
    if (!classes.includes(filter.classCode)) return false;
  }
  return true;
}

/** A fake `navigator.usb`. Permission is remembered per serial number, as Chrome does. */
export class FakeUsb extends EventTarget implements UsbLike {
  chooser: FakeChooser = 'pick-first';
  private readonly attached: FakeUsbDevice[] = [];
  private readonly grantedSerials = new Set<string>();

  async getDevices(): Promise<UsbDeviceLike[]> {
    return this.attached.filter((d) => this.grantedSerials.has(d.serialNumber));
  }

  async requestDevice(options: { readonly filters: readonly UsbDeviceFilterLike[] }): Promise<UsbDeviceLike> {
    if (!options || !Array.isArray(options.filters)) throw new TypeError("Failed to execute 'requestDevice' on 'USB': required member filters is undefined.");
    if (this.chooser === 'blocked') throw domError('SecurityError', 'Must be handling a user gesture to show a permission request.');
    if (this.chooser === 'cancel') throw domError('NotFoundError', 'No device selected.');
    const device = this.attached.find((d) => options.filters.length === 0 || options.filters.some((f) => matches(d, f)));
    if (!device) throw domError('NotFoundError', 'No device selected.');
    this.grantedSerials.add(device.serialNumber);
    return device;
  }

  /** Give the page permission without the chooser (Chrome's WebUsbAllowDevicesForUrls policy). */
  grant(serialNumber: string): void {
    this.grantedSerials.add(serialNumber);
  }

  isGranted(serialNumber: string): boolean {
    return this.grantedSerials.has(serialNumber);
  }

  plugIn(device: FakeUsbDevice): void {
    this.attached.push(device);
    if (this.grantedSerials.has(device.serialNumber)) this.dispatchEvent(new FakeUsbConnectionEvent('connect', device));
  }

  unplug(device: FakeUsbDevice): void {
    const i = this.attached.indexOf(device);
    if (i < 0) return;
    this.attached.splice(i, 1);
    device.unplug();
    if (this.grantedSerials.has(device.serialNumber)) this.dispatchEvent(new FakeUsbConnectionEvent('disconnect', device));
  }

  // EventTarget's own signatures satisfy UsbLike; restated for the interface.
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    super.removeEventListener(type, listener, options);
  }
}
