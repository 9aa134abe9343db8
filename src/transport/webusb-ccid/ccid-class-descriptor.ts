/**
 * The CCID class-specific descriptor (CCID rev 1.1 §5.1, bDescriptorType 0x21, 54 bytes) and the
 * walk through a USB configuration descriptor that finds it.
 *
 * WebUSB does not expose class-specific descriptors in USBInterface/USBAlternateInterface, so the
 * transport either reads the whole configuration descriptor with a standard GET_DESCRIPTOR
 * control transfer (ccid-device-access.ts) or falls back to a declared exchange level
 * (ccid-reader-profile.ts).
 */
import { TransportError } from '../card-transport';
import { CCID_HEADER_LENGTH, MAX_CCID_MESSAGE_LENGTH } from './ccid-message';

export const CCID_DESCRIPTOR_TYPE = 0x21;
export const CCID_DESCRIPTOR_LENGTH = 0x36;
export const CCID_INTERFACE_CLASS = 0x0b;

/**
 * How the reader carries card traffic (dwFeatures bits 16–18, §5.1; libccid ccid.h uses the same
 * masks): character level (0), TPDU (0x00010000), short APDU (0x00020000), short and extended
 * APDU (0x00040000). Only the two APDU levels can be driven from here: TPDU and character level
 * need T=0/T=1 in the host, which this path does not implement.
 */
export type CcidExchangeLevel = 'character' | 'tpdu' | 'short-apdu' | 'extended-apdu';

const FEATURE_TPDU = 0x0001_0000;
const FEATURE_SHORT_APDU = 0x0002_0000;
const FEATURE_EXTENDED_APDU = 0x0004_0000;

export function exchangeLevelOf(dwFeatures: number): CcidExchangeLevel {
  // Only one of the bits should be set; if a reader sets several, take the richest it claims.
  if (dwFeatures & FEATURE_EXTENDED_APDU) return 'extended-apdu';
  if (dwFeatures & FEATURE_SHORT_APDU) return 'short-apdu';
  if (dwFeatures & FEATURE_TPDU) return 'tpdu';
  return 'character';
}

export interface CcidClassDescriptor {
  readonly bcdCcid: number;
  readonly maxSlotIndex: number;
  readonly voltageSupport: number;
  /** Bit 0: T=0, bit 1: T=1. */
  readonly protocols: number;
  readonly maxIfsd: number;
  readonly features: number;
  readonly exchangeLevel: CcidExchangeLevel;
  /** dwMaxCCIDMessageLength: the largest bulk message, header included. */
  readonly maxMessageLength: number;
  readonly maxBusySlots: number;
}

/** Parse the 54 bytes of a CCID class descriptor. */
export function parseCcidClassDescriptor(bytes: Uint8Array): CcidClassDescriptor {
  if (bytes.length < CCID_DESCRIPTOR_LENGTH || bytes[0] !== CCID_DESCRIPTOR_LENGTH || bytes[1] !== CCID_DESCRIPTOR_TYPE) {
    throw new TransportError('protocol', 'Not a CCID class descriptor (bLength 0x36, bDescriptorType 0x21)');
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, CCID_DESCRIPTOR_LENGTH);
  const features = v.getUint32(40, true);
  const maxMessageLength = v.getUint32(44, true);
  // Below 10 + 261 a reader could not carry a short APDU; above 10 + 65 544 is out of spec (§5.1).
  if (maxMessageLength < CCID_HEADER_LENGTH + 5 || maxMessageLength > MAX_CCID_MESSAGE_LENGTH) {
    throw new TransportError('protocol', `dwMaxCCIDMessageLength ${maxMessageLength} out of range`);
  }
  return {
    bcdCcid: v.getUint16(2, true),
    maxSlotIndex: bytes[4]!,
    voltageSupport: bytes[5]!,
    protocols: v.getUint32(6, true),
    maxIfsd: v.getUint32(28, true),
    features,
    exchangeLevel: exchangeLevelOf(features),
    maxMessageLength,
    maxBusySlots: bytes[53]!,
  };
}

const CONFIG_DESCRIPTOR_TYPE = 0x02;
const INTERFACE_DESCRIPTOR_TYPE = 0x04;
/** A configuration of a few interfaces is a few hundred bytes; refuse anything absurd. */
export const MAX_CONFIGURATION_DESCRIPTOR_LENGTH = 4096;

/** wTotalLength of a configuration descriptor header (9 bytes). */
export function configurationTotalLength(header: Uint8Array): number {
  if (header.length < 4 || header[1] !== CONFIG_DESCRIPTOR_TYPE || header[0]! < 9) throw new TransportError('protocol', 'Not a configuration descriptor');
  const total = header[2]! | (header[3]! << 8);
  if (total < 9 || total > MAX_CONFIGURATION_DESCRIPTOR_LENGTH) throw new TransportError('protocol', `Configuration descriptor of ${total} bytes`);
  return total;
}

/**
 * The CCID class descriptor that follows the interface descriptor of `interfaceNumber`
 * (alternate setting 0), or undefined if that interface has none. Walks descriptor by descriptor
 * (bLength ≥ 2, never past the end), so a malformed descriptor cannot loop.
 */
export function findCcidDescriptor(configuration: Uint8Array, interfaceNumber: number): CcidClassDescriptor | undefined {
  const total = Math.min(configuration.length, configurationTotalLength(configuration));
  let inTarget = false;
  for (let offset = 0; offset + 2 <= total; ) {
    const length = configuration[offset]!;
    const type = configuration[offset + 1]!;
    if (length < 2 || offset + length > total) throw new TransportError('protocol', `Bad descriptor length ${length} at offset ${offset}`);
    if (type === INTERFACE_DESCRIPTOR_TYPE) {
      if (length < 9) throw new TransportError('protocol', `Interface descriptor of ${length} bytes at offset ${offset}`);
      inTarget = configuration[offset + 2] === interfaceNumber && configuration[offset + 3] === 0;
    } else if (inTarget && type === CCID_DESCRIPTOR_TYPE) {
      return parseCcidClassDescriptor(configuration.subarray(offset, offset + length));
    }
    offset += length;
  }
  return undefined;
}
