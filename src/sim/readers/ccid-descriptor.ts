/**
 * The 54-byte CCID class descriptor an emulated reader presents after its interface descriptor
 * (CCID rev 1.1 §5.1). Field values follow the ACS ACR1252U dump in LudovicRousseau/CCID
 * `readers/ACS_ACR1252_Reader.txt` (T=1, 4 MHz, IFSD 254, automatic parameters, one busy slot),
 * with the exchange level and dwMaxCCIDMessageLength chosen by the emulator's options.
 * Written independently of src/transport/webusb-ccid so the two check each other.
 */

export type CcidEmulatedLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

/** dwFeatures bits 16–18 (§5.1, table 5.1-1). */
const LEVEL_BITS: Record<CcidEmulatedLevel, number> = {
  character: 0,
  tpdu: 0x0001_0000,
  'short-apdu': 0x0002_0000,
  'extended-apdu': 0x0004_0000,
};
/** Automatic ATR-based configuration, voltage, clock, baud rate, PPS and IFSD (0x04BA, as the ACR1252U). */
const AUTOMATIC_FEATURES = 0x0000_04ba;
/** dwFeatures bit 3: automatic ICC voltage selection. */
const AUTO_VOLTAGE = 0x0000_0008;

export interface CcidDescriptorFields {
  readonly level: CcidEmulatedLevel;
  readonly maxMessageLength: number;
  readonly maxSlotIndex: number;
  /** Advertise automatic voltage selection (default true; the ACR122U does not). */
  readonly autoVoltage?: boolean;
  /** bVoltageSupport (default 07: 5 V, 3 V, 1.8 V). */
  readonly voltageSupport?: number;
}

export function ccidClassDescriptor(fields: CcidDescriptorFields): Uint8Array {
  const d = new Uint8Array(54);
  const v = new DataView(d.buffer);
  d[0] = 54;
  d[1] = 0x21;
  v.setUint16(2, 0x0110, true); // bcdCCID 1.10
  d[4] = fields.maxSlotIndex;
  d[5] = fields.voltageSupport ?? 0x07; // bit 0 5 V, bit 1 3 V, bit 2 1.8 V
  v.setUint32(6, 0x0000_0002, true); // T=1
  v.setUint32(10, 4000, true); // dwDefaultClock, kHz
  v.setUint32(14, 4000, true); // dwMaximumClock
  d[18] = 0;
  v.setUint32(19, 10_752, true); // dwDataRate, bps
  v.setUint32(23, 250_000, true); // dwMaxDataRate
  d[27] = 0;
  v.setUint32(28, 254, true); // dwMaxIFSD
  v.setUint32(32, 0, true); // dwSynchProtocols
  v.setUint32(36, 0, true); // dwMechanical
  const automatic = fields.autoVoltage === false ? AUTOMATIC_FEATURES & ~AUTO_VOLTAGE : AUTOMATIC_FEATURES;
  v.setUint32(40, automatic | LEVEL_BITS[fields.level], true);
  v.setUint32(44, fields.maxMessageLength, true);
  d[48] = 0x00; // bClassGetResponse
  d[49] = 0x00; // bClassEnvelope
  v.setUint16(50, 0, true); // wLcdLayout
  d[52] = 0; // bPINSupport
  d[53] = 1; // bMaxCCIDBusySlots
  return d;
}
