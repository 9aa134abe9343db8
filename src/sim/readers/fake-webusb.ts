/**
 * A fake WebUSB (`navigator.usb` + `USBDevice`) that runs in Node and in the browser: no Node
 * imports, only EventTarget, Event, DOMException and promises. The device's function (firmware)
 * sits behind `transferOut` / `transferIn`; see rcs380-emulator.ts.
 *
 * Rejections use the DOMException names Chrome uses (WICG/webusb index.bs): NotFoundError when
 * the chooser selects nothing, SecurityError for a refused claim (§1.1 of the reference),
 * NetworkError for transfers to an unplugged device, InvalidStateError when not open/claimed.
 *
 * Like Chrome, claimInterface() refuses an interface of a protected class (Smart Card 0x0B among
 * them) with SecurityError unless the fake navigator.usb is told the page may use
 * "usb-unrestricted" (an Isolated Web App; reference §1.1–§1.2): `FakeUsb.policy`.
 *
 * IN data is queued per endpoint (bulk and interrupt endpoints each have their own), and
 * controlTransferIn answers standard GET_DESCRIPTOR(CONFIGURATION) with a descriptor built from
 * the spec, class-specific descriptors included.
 */
import type {
  UsbControlTransferParametersLike,
  UsbConfigurationLike,
  UsbDeviceFilterLike,
  UsbDeviceLike,
  UsbDirection,
  UsbEndpointLike,
  UsbInTransferResultLike,
  UsbInterfaceLike,
  UsbLike,
  UsbOutTransferResultLike,
} from '../../transport/webusb/webusb-types';

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
  /** Class-specific descriptors placed after the interface descriptor (e.g. the CCID 0x21 one). */
  readonly classDescriptors?: Uint8Array;
}

export interface FakeUsbDeviceSpec {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly manufacturerName: string;
  readonly serialNumber: string;
  readonly interfaces: readonly FakeUsbInterfaceSpec[];
}

/** Access faults: the DOMException name open() / claimInterface() / controlTransferIn() should reject with. */
export interface FakeUsbAccessFaults {
  openError?: string;
  claimError?: string;
  controlError?: string;
}

/** Interface classes WebUSB protects (WICG/webusb index.bs "has a protected interface class"; reference §1.1). */
export const PROTECTED_INTERFACE_CLASSES: readonly number[] = [0x01, 0x03, 0x08, 0x0b, 0x0e, 0x10, 0xe0];

/** The browser's rule for claimInterface(), shared by every device plugged into one FakeUsb. */
export interface FakeUsbPolicy {
  protectedClasses: readonly number[];
  /** The document may use "usb-unrestricted" (an IWA): protected classes may be claimed. */
  usbUnrestricted: boolean;
}

function domError(name: string, message: string): Error {
  return new DOMException(message, name);
}

/** What an IN endpoint delivers next: data, or a STALL handshake. */
type InItem = { readonly kind: 'data'; readonly bytes: Uint8Array } | { readonly kind: 'stall' };

interface PendingIn {
  readonly resolve: (r: UsbInTransferResultLike) => void;
  readonly reject: (e: unknown) => void;
  readonly length: number;
}

function u16le(n: number): [number, number] {
  return [n & 0xff, (n >> 8) & 0xff];
}

/** USB 2.0 §9.6.3–§9.6.6: configuration, interface, class-specific and endpoint descriptors. */
function configurationDescriptor(interfaces: readonly FakeUsbInterfaceSpec[]): Uint8Array {
  const body: number[] = [];
  for (const i of interfaces) {
    body.push(9, 0x04, i.interfaceNumber, 0, i.endpoints.length, i.interfaceClass, i.interfaceSubclass, i.interfaceProtocol, 0);
    if (i.classDescriptors) body.push(...i.classDescriptors);
    for (const e of i.endpoints) {
      const attributes = e.type === 'bulk' ? 0x02 : e.type === 'interrupt' ? 0x03 : 0x01;
      body.push(7, 0x05, (e.direction === 'in' ? 0x80 : 0) | e.endpointNumber, attributes, ...u16le(e.packetSize), e.type === 'interrupt' ? 0x10 : 0);
    }
  }
  const total = 9 + body.length;
  return Uint8Array.from([9, 0x02, ...u16le(total), interfaces.length, 1, 0, 0x80, 50, ...body]);
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
  private readonly inQueues = new Map<number, InItem[]>();
  private readonly pendingIn = new Map<number, PendingIn[]>();
  private readonly defaultInEndpoint: number | undefined;
  private readonly configBytes: Uint8Array;
  /** Delay before each IN transfer completes, in ms (0: next microtask). For demos. */
  latencyMs = 0;
  /** Answer this many of the next OUT transfers with a STALL (the data is not taken). */
  stallOutTransfers = 0;
  /** The browser's claim rule; FakeUsb.plugIn() replaces it with its own (shared) policy. */
  policy: FakeUsbPolicy = { protectedClasses: PROTECTED_INTERFACE_CLASSES, usbUnrestricted: false };

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
    // The endpoint queueIn() uses when none is named: the first bulk IN, else the first IN.
    const ins = spec.interfaces.flatMap((i) => i.endpoints.filter((e) => e.direction === 'in'));
    this.defaultInEndpoint = (ins.find((e) => e.type === 'bulk') ?? ins[0])?.endpointNumber;
    this.configBytes = configurationDescriptor(spec.interfaces);
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
    const protectedClass = iface.alternates.some((a) => this.policy.protectedClasses.includes(a.interfaceClass));
    if (this.faults.claimError === 'SecurityError' || (protectedClass && !this.policy.usbUnrestricted)) {
      throw domError('SecurityError', 'The requested interface implements a protected class.');
    }
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
    if (this.stallOutTransfers > 0) {
      this.stallOutTransfers--;
      return { status: 'stall', bytesWritten: 0 };
    }
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
      this.queueOf(this.pendingIn, endpointNumber).push({ resolve, reject, length });
      this.deliver(endpointNumber);
    });
  }

  /**
   * Standard GET_DESCRIPTOR(CONFIGURATION, index 0) to the device; any other request STALLs.
   * Needs an opened device (no claimed interface: the recipient is the device).
   */
  async controlTransferIn(setup: UsbControlTransferParametersLike, length: number): Promise<UsbInTransferResultLike> {
    this.requireOpen();
    if (this.faults.controlError) throw domError(this.faults.controlError, 'The control transfer was refused.');
    const getConfiguration = setup.requestType === 'standard' && setup.recipient === 'device' && setup.request === 0x06 && setup.value === 0x0200;
    if (!getConfiguration) return { status: 'stall', data: null };
    const bytes = this.configBytes.slice(0, Math.max(0, length));
    return { status: 'ok', data: new DataView(bytes.buffer) };
  }

  // ---------------------------------------------------------------- device side

  /** The function queues one IN transfer (one frame) on an IN endpoint (default: the first bulk IN). */
  queueIn(bytes: Uint8Array, endpointNumber = this.defaultInEndpoint): void {
    if (!this.attached || endpointNumber === undefined) return;
    this.queueOf(this.inQueues, endpointNumber).push({ kind: 'data', bytes: bytes.slice() });
    this.deliver(endpointNumber);
  }

  /** The next IN transfer on the endpoint ends with a STALL handshake. */
  queueInStall(endpointNumber = this.defaultInEndpoint): void {
    if (!this.attached || endpointNumber === undefined) return;
    this.queueOf(this.inQueues, endpointNumber).push({ kind: 'stall' });
    this.deliver(endpointNumber);
  }

  /** Drop IN data not yet read by the host (on one endpoint, or on all). */
  clearIn(endpointNumber?: number): void {
    if (endpointNumber === undefined) this.inQueues.clear();
    else this.inQueues.delete(endpointNumber);
  }

  /** The cable is pulled: every pending and later transfer fails with NetworkError. */
  unplug(): void {
    if (!this.attached) return;
    this.attached = false;
    this.opened = false;
    this.inQueues.clear();
    this.failPendingIn(domError('NetworkError', 'A transfer error has occurred.'));
  }

  private queueOf<T>(map: Map<number, T[]>, endpointNumber: number): T[] {
    let q = map.get(endpointNumber);
    if (!q) {
      q = [];
      map.set(endpointNumber, q);
    }
    return q;
  }

  private deliver(endpointNumber: number): void {
    const pending = this.queueOf(this.pendingIn, endpointNumber);
    const queue = this.queueOf(this.inQueues, endpointNumber);
    // Bounded by the shorter of the two queues.
    while (pending.length > 0 && queue.length > 0) {
      const read = pending.shift()!;
      const item = queue.shift()!;
      let result: UsbInTransferResultLike;
      if (item.kind === 'stall') {
        result = { status: 'stall', data: null };
      } else {
        let bytes = item.bytes;
        if (bytes.length > read.length) {
          // Longer than asked: the rest comes with the next transfer.
          queue.unshift({ kind: 'data', bytes: bytes.slice(read.length) });
          bytes = bytes.slice(0, read.length);
        }
        result = { status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      }
      if (this.latencyMs > 0) setTimeout(() => read.resolve(result), this.latencyMs);
      else read.resolve(result);
    }
  }

  private failPendingIn(error: Error): void {
    for (const q of this.pendingIn.values()) {
      for (const p of q.splice(0)) p.reject(error);
    }
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
  /** Chrome's rule by default: protected classes cannot be claimed (an ordinary page or PWA). */
  readonly policy: FakeUsbPolicy = { protectedClasses: PROTECTED_INTERFACE_CLASSES, usbUnrestricted: false };
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
    device.policy = this.policy;
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
