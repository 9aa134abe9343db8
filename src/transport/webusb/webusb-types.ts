/**
 * The small part of WebUSB (WICG/webusb index.bs) the USB reader paths use (RC-S380, RC-S300,
 * CCID). TypeScript's lib.dom has no WebUSB types, so they are declared here, shaped so that the
 * browser's `navigator.usb` and `USBDevice` fit them structurally, and so that an emulated reader
 * (src/sim/readers) can implement them without a browser.
 */

export type UsbDirection = 'in' | 'out';
export type UsbEndpointType = 'bulk' | 'interrupt' | 'isochronous';
export type UsbTransferStatus = 'ok' | 'stall' | 'babble';

export interface UsbEndpointLike {
  readonly endpointNumber: number;
  readonly direction: UsbDirection;
  readonly type: UsbEndpointType;
  readonly packetSize: number;
}

export interface UsbAlternateInterfaceLike {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly endpoints: readonly UsbEndpointLike[];
}

export interface UsbInterfaceLike {
  readonly interfaceNumber: number;
  readonly alternate: UsbAlternateInterfaceLike;
  readonly alternates: readonly UsbAlternateInterfaceLike[];
  readonly claimed: boolean;
}

export interface UsbConfigurationLike {
  readonly configurationValue: number;
  readonly interfaces: readonly UsbInterfaceLike[];
}

export interface UsbInTransferResultLike {
  readonly status: UsbTransferStatus;
  readonly data?: DataView | null;
}

export interface UsbOutTransferResultLike {
  readonly status: UsbTransferStatus;
  readonly bytesWritten: number;
}

export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | null;
  readonly manufacturerName?: string | null;
  readonly serialNumber?: string | null;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationLike | null;
  readonly configurations: readonly UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  clearHalt(direction: UsbDirection, endpointNumber: number): Promise<void>;
  transferIn(endpointNumber: number, length: number): Promise<UsbInTransferResultLike>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<UsbOutTransferResultLike>;
}

export interface UsbDeviceFilterLike {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly classCode?: number;
  readonly subclassCode?: number;
  readonly protocolCode?: number;
  readonly serialNumber?: string;
}

/** USBDevice.controlTransferIn's setup (WICG/webusb index.bs, USBControlTransferParameters). */
export interface UsbControlTransferParametersLike {
  readonly requestType: 'standard' | 'class' | 'vendor';
  readonly recipient: 'device' | 'interface' | 'endpoint' | 'other';
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/**
 * The control-IN transfer, kept optional: only the CCID path reads descriptors with it, and a
 * device object without it simply cannot have its descriptors read.
 */
export interface UsbControlInLike {
  controlTransferIn(setup: UsbControlTransferParametersLike, length: number): Promise<UsbInTransferResultLike>;
}

export function hasControlIn(device: UsbDeviceLike): device is UsbDeviceLike & UsbControlInLike {
  return typeof (device as Partial<UsbControlInLike>).controlTransferIn === 'function';
}

/** `connect` / `disconnect` events on navigator.usb carry the device. */
export interface UsbConnectionEventLike extends Event {
  readonly device: UsbDeviceLike;
}

export interface UsbLike {
  getDevices(): Promise<UsbDeviceLike[]>;
  requestDevice(options: { readonly filters: readonly UsbDeviceFilterLike[] }): Promise<UsbDeviceLike>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: Event) => void): void;
}

/** The device carried by a connect/disconnect event, if the event has one. */
export function deviceOfEvent(event: Event): UsbDeviceLike | undefined {
  const d = (event as Partial<UsbConnectionEventLike>).device;
  return d && typeof d === 'object' ? d : undefined;
}
