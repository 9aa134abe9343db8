/**
 * The control-IN transfer of WebUSB (WICG/webusb index.bs, USBDevice.controlTransferIn), which
 * webusb-port100/webusb-types.ts does not declare because the RC-S380 path never needs it. Kept
 * optional: a device object without it simply cannot have its descriptors read.
 */
import type { UsbDeviceLike, UsbInTransferResultLike } from '../webusb-port100/webusb-types';

export interface UsbControlTransferParametersLike {
  readonly requestType: 'standard' | 'class' | 'vendor';
  readonly recipient: 'device' | 'interface' | 'endpoint' | 'other';
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

export interface UsbControlInLike {
  controlTransferIn(setup: UsbControlTransferParametersLike, length: number): Promise<UsbInTransferResultLike>;
}

export function hasControlIn(device: UsbDeviceLike): device is UsbDeviceLike & UsbControlInLike {
  return typeof (device as Partial<UsbControlInLike>).controlTransferIn === 'function';
}
