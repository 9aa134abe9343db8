/**
 * An emulated Sony RC-S380/P at the USB-transfer level, with a Type B card in its field.
 *
 *   FakeUsb (navigator.usb) ─ FakeUsbDevice 054c:06c3, interface 0 class FF, bulk IN 1 / OUT 2,
 *   packetSize 64 ─ Port100Firmware (frames, ACK, D7 answers) ─ RF faults ─ TypeBPicc
 *   (SENSB/ATTRIB/ISO-DEP) ─ ApduResponder (the simulated My Number Card)
 *
 * Runs unchanged in vitest (Node) and in a page: no Node imports. For Playwright, bundle this
 * module with the card snapshot into the init script and call `installAsNavigatorUsb` before the
 * app's scripts run (reference browser-readers.md §8).
 *
 * Fault knobs (`faults`, type-b-field.ts) count InCommRF frames from 0 since the emulator was
 * made (SENSB_REQ and ATTRIB included; `rfFrameCount` tells how many went by). The card hears
 * only the bit rate it is at (106 kbit/s until ATTRIB selects the rate the host asked for).
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import type { FakeUsb, FakeUsbFunction } from './fake-webusb';
import { EmulatedUsbReader, type EmulatedUsbReaderOptions } from './emulated-usb-reader';
import { Port100Firmware, type BadFrameReply, type RfResult, type RfSettings } from './port100-firmware';
import { TypeBField, type RfLogEntry, type TypeBFieldFaults } from './type-b-field';
import type { PiccBitRate, TypeBCardOptions, TypeBPicc } from './type-b-picc';

export type { RfLogEntry, RfOutcome } from './type-b-field';

export const RCS380_VENDOR_ID = 0x054c;
export const RCS380P_PRODUCT_ID = 0x06c3;
export const RCS380S_PRODUCT_ID = 0x06c1;
const IN_ENDPOINT = 1;
const OUT_ENDPOINT = 2;

/** InCommRF error bits the emulator reports (nfcpy CommunicationError). */
const STATUS_CRC = 0x04;
const STATUS_RECEIVE_TIMEOUT = 0x80;

/** InSetRF Type B rate codes (nfcpy in_set_rf: 106B 07, 212B 08, 424B 09). */
const RATE_OF_CODE: Readonly<Record<number, PiccBitRate>> = { 0x07: 106, 0x08: 212, 0x09: 424 };

export type Rcs380Faults = TypeBFieldFaults;

export interface Rcs380EmulatorOptions extends EmulatedUsbReaderOptions {
  /** 0x06c3 (RC-S380/P, default) or 0x06c1 (RC-S380/S). */
  readonly productId?: number;
  readonly serialNumber?: string;
  readonly badFrameReply?: BadFrameReply;
  /** Answers only count if the host waited long enough for them (default true; type-b-field.ts). */
  readonly strictTiming?: boolean;
}

export class Rcs380Emulator extends EmulatedUsbReader<Port100Firmware> {
  /** Damage this many of the next OUT transfers (one DATA byte flipped: the DCS no longer matches). */
  corruptOutTransfers = 0;
  private readonly rfField: TypeBField;
  private readonly badFrameReply: BadFrameReply | undefined;

  constructor(options: Rcs380EmulatorOptions = {}) {
    super(
      {
        vendorId: RCS380_VENDOR_ID,
        productId: options.productId ?? RCS380P_PRODUCT_ID,
        productName: 'RC-S380/P',
        manufacturerName: 'SONY',
        serialNumber: options.serialNumber ?? 'KAZASU-EMU-0001',
        interfaces: [
          {
            interfaceNumber: 0,
            interfaceClass: 0xff,
            interfaceSubclass: 0xff,
            interfaceProtocol: 0x00,
            endpoints: [
              { endpointNumber: IN_ENDPOINT, direction: 'in', type: 'bulk', packetSize: 64 },
              { endpointNumber: OUT_ENDPOINT, direction: 'out', type: 'bulk', packetSize: 64 },
            ],
          },
        ],
      },
      options,
    );
    this.badFrameReply = options.badFrameReply;
    this.rfField = new TypeBField(options, () => this.unplug());
    this.plugIn();
  }

  get firmware(): Port100Firmware {
    return this.firmwareOf;
  }

  /** The card in the field, if any. */
  get card(): TypeBPicc | undefined {
    return this.rfField.card;
  }

  /** InCommRF frames seen so far (the next one gets this index). */
  get rfFrameCount(): number {
    return this.rfField.frameCount;
  }

  get rfLog(): RfLogEntry[] {
    return this.rfField.rfLog;
  }

  get faults(): Rcs380Faults {
    return this.rfField.faults;
  }

  set faults(faults: Rcs380Faults) {
    this.rfField.faults = faults;
  }

  get strictTiming(): boolean {
    return this.rfField.strictTiming;
  }

  set strictTiming(strict: boolean) {
    this.rfField.strictTiming = strict;
  }

  /** Put a card in the field. */
  placeCard(responder: ApduResponder, options: TypeBCardOptions = {}): TypeBPicc {
    return this.rfField.placeCard(responder, options);
  }

  /** Take the card out of the field: it loses power and every state. */
  removeCard(): void {
    this.rfField.removeCard();
  }

  protected makeFunction(queueIn: (bytes: Uint8Array) => void, clearIn: () => void): [Port100Firmware, FakeUsbFunction] {
    const firmware = new Port100Firmware(
      queueIn,
      clearIn,
      { inCommRf: (rf, t, s) => this.inCommRf(rf, t, s), field: (on) => this.rfField.field(on) },
      this.badFrameReply ? { badFrameReply: this.badFrameReply } : {},
    );
    const onTransferOut = (ep: number, bytes: Uint8Array): void => {
      if (ep !== OUT_ENDPOINT) return;
      if (this.corruptOutTransfers > 0 && bytes.length > 8) {
        this.corruptOutTransfers--;
        bytes[8] = bytes[8]! ^ 0xff;
      }
      firmware.onTransferOut(bytes);
    };
    return [firmware, { onTransferOut }];
  }

  protected override unplugging(firmware: Port100Firmware): void {
    firmware.reset();
  }

  /** The Type B rate the reader's settings give, or undefined when they are not Type B as nfcpy sets it up. */
  private typeBRate(settings: RfSettings): PiccBitRate | undefined {
    const rf = settings.inSetRf;
    if (!rf || rf[0] !== 0x03 || rf[2] !== 0x0f || rf[1] !== rf[3]) return undefined;
    // CRC_B added and checked, SOF/EOF added and checked (nfcpy sense_ttb settings).
    if (![0x01, 0x02, 0x09, 0x0a, 0x0b, 0x0c].every((k) => settings.protocol.get(k) === 1)) return undefined;
    return RATE_OF_CODE[rf[1]!];
  }

  private async inCommRf(rf: Uint8Array, timeoutMs: number, settings: RfSettings): Promise<RfResult | undefined> {
    const result = await this.rfField.exchange(rf, timeoutMs, this.typeBRate(settings));
    switch (result.kind) {
      case 'unplugged':
        return undefined;
      case 'timeout':
        return { status: STATUS_RECEIVE_TIMEOUT };
      case 'garbled':
        return { status: STATUS_CRC };
      case 'answer':
        return { status: 0, rf: result.frame };
    }
  }
}

/**
 * Make `usb` the page's navigator.usb (for Playwright's addInitScript, or a demo page).
 * Reference §8: Object.defineProperty(navigator, 'usb', { configurable: true, value }).
 */
export function installAsNavigatorUsb(usb: FakeUsb, nav: object = globalThis.navigator): void {
  Object.defineProperty(nav, 'usb', { configurable: true, value: usb });
}
