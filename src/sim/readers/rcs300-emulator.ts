/**
 * An emulated Sony RC-S300/P at the USB-transfer level, with a Type B card in its field.
 *
 *   FakeUsb (navigator.usb, Chrome's protected-class rule) ─ FakeUsbDevice 054c:0dc9
 *   ├─ interface 0, class 0B: the CCID reader of ccid-emulator.ts (only an Isolated Web App may
 *   │  claim it; the PC/SC bridge reaches it through pcscd)
 *   └─ interface 1, class FF, bulk OUT 2 / IN 2: CCID framing carrying PC_to_RDR_Escape →
 *      transparent session (transparent-session-reader.ts) → Type B field (type-b-field.ts) →
 *      TypeBPicc (SENSB/ATTRIB/ISO-DEP, bit rates) → ApduResponder (the simulated card)
 *
 * Runs unchanged in vitest (Node) and in a page: no Node imports. Fault knobs: `faults` (the RF
 * field: frames lost, garbled, the card removed or the cable pulled at a frame, rates that do not
 * work), `sessionFaults.busy` (escape messages refused with CMD_SLOT_BUSY), `accessFaults`.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { CcidEmulator, RCS300P_PRODUCT_ID, RCS300_VENDOR_ID, type CcidEmulatorOptions } from './ccid-emulator';
import type { CcidMessageRecord } from './ccid-firmware';
import { CcidFirmware } from './ccid-firmware';
import type { FakeUsb, FakeUsbAccessFaults, FakeUsbDevice } from './fake-webusb';
import { TransparentSessionReader, type SessionLogEntry, type TransparentSessionFaults } from './transparent-session-reader';
import { TypeBField, type RfCardOptions, type RfLogEntry, type TypeBFieldFaults, type TypeBFieldOptions } from './type-b-field';
import type { TypeAPicc } from './type-a-picc';
import type { TypeBCardOptions, TypeBPicc } from './type-b-picc';

export const RCS300S_PRODUCT_ID = 0x0dc8;

export interface Rcs300EmulatorOptions extends Omit<CcidEmulatorOptions, 'vendorFunction' | 'vendorInterface' | 'level'>, TypeBFieldOptions {
  /** dwMaxCCIDMessageLength of interface 1 (default 522; UNCONFIRMED, taken from interface 0's). */
  readonly vendorMaxMessageLength?: number;
}

export class Rcs300Emulator {
  /** Interface 0 and the USB device; plug, unplug and the CCID side live here. */
  readonly ccid: CcidEmulator;
  /** Escape messages on interface 1 (type, bSeq, lengths, outcome; never data). */
  readonly escapeLog: CcidMessageRecord[] = [];
  /** Applied to each plug-in's transparent session. */
  readonly sessionFaults: TransparentSessionFaults = { busy: 0 };
  private readonly rfField: TypeBField;
  private sessionValue: TransparentSessionReader | undefined;

  constructor(options: Rcs300EmulatorOptions = {}) {
    this.rfField = new TypeBField(options, () => this.ccid.unplug());
    const maxMessageLength = options.vendorMaxMessageLength ?? 522;
    this.ccid = new CcidEmulator({
      vendorId: RCS300_VENDOR_ID,
      productId: RCS300P_PRODUCT_ID,
      productName: 'RC-S300/P',
      serialNumber: 'KAZASU-RCS300-0001',
      ...options,
      vendorInterface: true,
      level: 'extended-apdu',
      vendorFunction: (queueIn, live) => {
        // A new plug-in: the reader lost power, its session and settings are gone.
        this.rfField.field(false);
        const session = new TransparentSessionReader(this.rfField);
        session.faults = this.sessionFaults;
        this.sessionValue = session;
        const firmware = new CcidFirmware(
          { level: 'extended-apdu', maxMessageLength, maxSlotIndex: 0, escapeOnly: true },
          {
            onMessage: (record) => {
              this.escapeLog.push(record);
              return live();
            },
            timeExtensions: () => ({ count: 0, multiplier: 1 }),
            answer: (_record, message) => {
              if (live()) queueIn(message);
            },
            notify: () => undefined,
            escape: (data) => session.escape(data),
          },
        );
        return firmware;
      },
    });
  }

  get usb(): FakeUsb {
    return this.ccid.usb;
  }

  /** The current USB device object (a new one after each replug, as in a browser). */
  get device(): FakeUsbDevice {
    return this.ccid.device;
  }

  get pluggedIn(): boolean {
    return this.ccid.pluggedIn;
  }

  get accessFaults(): FakeUsbAccessFaults {
    return this.ccid.accessFaults;
  }

  /** The transparent session of the current plug-in. */
  get session(): TransparentSessionReader {
    return this.sessionValue!;
  }

  get sessionLog(): SessionLogEntry[] {
    return this.session.log;
  }

  /** The card in the field, if any. */
  get card(): TypeBPicc | TypeAPicc | undefined {
    return this.rfField.card;
  }

  get rfLog(): RfLogEntry[] {
    return this.rfField.rfLog;
  }

  /** Frames seen so far (the next one gets this index). */
  get rfFrameCount(): number {
    return this.rfField.frameCount;
  }

  get faults(): TypeBFieldFaults {
    return this.rfField.faults;
  }

  set faults(faults: TypeBFieldFaults) {
    this.rfField.faults = faults;
  }

  /** Put a card on the reader: in the RF field of interface 1, and in interface 0's CCID slot. */
  placeCard(responder: ApduResponder, options: RfCardOptions = {}): TypeBPicc | TypeAPicc {
    this.ccid.placeCard(responder);
    return this.rfField.placeCard(responder, options);
  }

  removeCard(): void {
    this.rfField.removeCard();
    this.ccid.removeCard();
  }

  /** Pull the cable: transfers fail with NetworkError, navigator.usb fires 'disconnect'. */
  unplug(): void {
    this.ccid.unplug();
  }

  /** Plug the reader back in: a new device object, 'connect' if the page had permission. */
  replug(): FakeUsbDevice {
    return this.ccid.replug();
  }
}
