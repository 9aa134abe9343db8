/**
 * CardTransport over a Sony RC-S380 (NFC Port-100) through WebUSB: the reader only moves frames
 * (InCommRF), so ISO/IEC 14443 Type B activation, the bit rate and ISO-DEP run in the host
 * (reference §2; the shared machinery is ../webusb/webusb-type-b-transport.ts).
 *
 *   open:    ACK → SetCommandType → GetFirmwareVersion → GetPDDataVersion → SwitchRF off
 *   RF:      InSetRF 106B `03 07 0F 07` + InSetProtocol ×2 for SENSB_REQ and ATTRIB; after the
 *            Answer to ATTRIB, InSetRF 212B `03 08 0F 08` / 424B `03 09 0F 09` when the card's
 *            ATQB offers it (reference updates-2026-12.md §4)
 *   frames:  InCommRF, status bits → RfExchangeError (timeout / damaged) or TransportError
 */
import { ReaderAccessError } from '../webusb/reader-access-error';
import { openTypeBReader, WebUsbTypeBTransport, type TypeBReaderEvent, type TypeBUsbReader, type WebUsbTypeBOptions } from '../webusb/webusb-type-b-transport';
import type { UsbLike } from '../webusb/webusb-types';
import { Port100Chipset, type Port100Timing, type Port100Versions } from './port100-chipset';
import { isPort100Device, openPort100Device, rememberedPort100Devices } from './port100-device-access';
import { Port100UsbLink } from './port100-usb-link';

export interface WebUsbPort100Options extends WebUsbTypeBOptions, Port100Timing {}

export type ReaderEvent = TypeBReaderEvent<Port100Versions>;

function rcs380(timing: Port100Timing): TypeBUsbReader<Port100Versions> {
  return {
    isReader: isPort100Device,
    remembered: rememberedPort100Devices,
    noReader: () => new ReaderAccessError('reader-unplugged', 'no-reader', 'No RC-S380 reader that this page may use is plugged in'),
    open: async (device) => {
      const link = new Port100UsbLink(device, await openPort100Device(device));
      const chipset = new Port100Chipset(link, timing);
      return openTypeBReader(link, chipset, () => chipset.initialize(), () => chipset.shutdown());
    },
  };
}

export class WebUsbPort100Transport extends WebUsbTypeBTransport<Port100Versions> {
  constructor(usb: UsbLike, options: WebUsbPort100Options = {}) {
    super('webusb-port100', usb, rcs380(options), options);
  }

  /** Firmware versions once the reader is open. */
  get readerVersions(): Port100Versions | undefined {
    return this.readerInfo;
  }
}
