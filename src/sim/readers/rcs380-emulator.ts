/**
 * An emulated Sony RC-S380/P at the USB-transfer level, with a Type B or Type A card in its field.
 *
 *   FakeUsb (navigator.usb) ─ FakeUsbDevice 054c:06c3, interface 0 class FF, bulk IN 1 / OUT 2,
 *   packetSize 64 ─ Port100Firmware (frames, ACK, D7 answers) ─ RF faults ─ TypeBPicc
 *   (SENSB/ATTRIB/ISO-DEP) or TypeAPicc (REQA/anticollision/RATS/PPS/ISO-DEP) ─ ApduResponder
 *   (the simulated My Number Card, a passport chip)
 *
 * The RF set-up of each InCommRF comes from the reader's settings as nfcpy makes them: InSetRF
 * 106B/212B/424B `03 07|08|09 0F 07|08|09` with CRC, SOF and EOF on is Type B; InSetRF 106A
 * `02 03 0F 03`, 212A `04 04 0F 04`, 424A `05 05 0F 05` with SOF/EOF off is Type A, where
 * InSetProtocol add_crc (01) / check_crc (02), add_parity (04) and last_byte_bit_count (07) say
 * how the frame goes on air (a one-byte frame with 7 bits is a short frame). Anything else is
 * no ISO/IEC 14443 set-up and the card hears nothing.
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
import { TypeBField, typeBMode, type RfCardOptions, type RfLogEntry, type RfMode, type TypeBFieldFaults } from './type-b-field';
import type { TypeAPicc } from './type-a-picc';
import type { PiccBitRate, TypeBPicc } from './type-b-picc';

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
/** InSetRF Type A send settings (nfcpy in_set_rf: 106A 02 03, 212A 04 04, 424A 05 05) and their rates. */
const TYPE_A_RATE: Readonly<Record<string, PiccBitRate>> = { '2,3': 106, '4,4': 212, '5,5': 424 };

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
  get card(): TypeBPicc | TypeAPicc | undefined {
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

  /** Put a card in the field (Type B unless `options.technology` is 'A'). */
  placeCard(responder: ApduResponder, options: RfCardOptions = {}): TypeBPicc | TypeAPicc {
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

  /** How the reader's settings put this frame on air, or undefined when they are not ISO/IEC 14443 A or B as nfcpy sets them up. */
  private rfMode(settings: RfSettings, rf: Uint8Array): RfMode | undefined {
    const s = settings.inSetRf;
    if (!s) return undefined;
    const p = (key: number): number | undefined => settings.protocol.get(key);
    if (s[0] === 0x03 && s[2] === 0x0f && s[1] === s[3]) {
      // CRC_B added and checked, SOF/EOF added and checked (nfcpy sense_ttb settings).
      if (![0x01, 0x02, 0x09, 0x0a, 0x0b, 0x0c].every((k) => p(k) === 1)) return undefined;
      const rate = RATE_OF_CODE[s[1]!];
      return rate === undefined ? undefined : typeBMode(rate);
    }
    const rate = TYPE_A_RATE[`${s[0]},${s[1]}`];
    if (rate === undefined || s[2] !== 0x0f || s[3] !== s[1]) return undefined;
    // Type A has no SOF/EOF of Type B's kind: those settings on mean a Type B frame at a Type A rate.
    if ([0x09, 0x0a, 0x0b, 0x0c].some((k) => p(k) === 1)) return undefined;
    const bits = p(0x07) ?? 8;
    return {
      technology: 'A',
      rate,
      addCrc: p(0x01) === 1,
      checkCrc: p(0x02) === 1,
      // last_byte_bit_count applies to the last byte; a short frame is one byte of 7 bits.
      lastByteBits: bits,
      // A short frame carries no parity; any other frame needs add_parity on.
      parity: p(0x04) === 1 || (rf.length === 1 && bits === 7),
    };
  }

  private async inCommRf(rf: Uint8Array, timeoutMs: number, settings: RfSettings): Promise<RfResult | undefined> {
    const result = await this.rfField.exchange(rf, timeoutMs, this.rfMode(settings, rf));
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
