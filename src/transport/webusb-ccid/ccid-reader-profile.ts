/**
 * What the host needs to know about a CCID reader before talking to it: its exchange level and
 * its largest message. Taken, in this order, from
 *   1. the caller's declaration (options: the kiosk's configuration knows its reader),
 *   2. the CCID class descriptor, when the configuration descriptor could be read,
 *   3. a small table of readers sold in Japan (facts from LudovicRousseau/CCID `readers/*.txt`
 *      descriptor dumps and reference browser-readers.md §1.3),
 *   4. the fallback: short APDU level, 271-byte messages — every APDU-level reader can do that.
 */
import type { CcidClassDescriptor, CcidExchangeLevel } from './ccid-class-descriptor';
import { CCID_HEADER_LENGTH, MAX_CCID_MESSAGE_LENGTH } from './ccid-message';
import { TransportError } from '../card-transport';

export type CcidProfileSource = 'declared' | 'descriptor' | 'known-reader' | 'fallback';

export interface CcidReaderProfile {
  readonly exchangeLevel: CcidExchangeLevel;
  /** dwMaxCCIDMessageLength (header included). */
  readonly maxMessageLength: number;
  readonly maxSlotIndex: number;
  readonly source: CcidProfileSource;
  /** dwFeatures and bVoltageSupport, when known (descriptor or table): they decide bPowerSelect. */
  readonly features?: number;
  readonly voltageSupport?: number;
}

interface KnownReader {
  readonly vendorId: number;
  readonly productId: number;
  readonly name: string;
  readonly exchangeLevel: CcidExchangeLevel;
  readonly maxMessageLength: number;
  /** dwFeatures from the dump, where the reference gives it. */
  readonly features?: number;
}

/** Descriptor facts for readers likely to meet a My Number Card. */
export const KNOWN_CCID_READERS: readonly KnownReader[] = [
  // reference §1.3 (LudovicRousseau/CCID readers/SONY_FeliCa_RC-S300_S.txt): interface 0, T=1, 522, short and extended
  { vendorId: 0x054c, productId: 0x0dc8, name: 'Sony RC-S300/S', exchangeLevel: 'extended-apdu', maxMessageLength: 522 },
  { vendorId: 0x054c, productId: 0x0dc9, name: 'Sony RC-S300/P', exchangeLevel: 'extended-apdu', maxMessageLength: 522 },
  // readers/ACR122U_PICC.txt: dwFeatures 0x00020040, 271
  { vendorId: 0x072f, productId: 0x2200, name: 'ACS ACR122U', exchangeLevel: 'short-apdu', maxMessageLength: 271, features: 0x0002_0040 },
  // readers/ACS_ACR1252_Reader.txt: dwFeatures 0x000404BA, 522
  { vendorId: 0x072f, productId: 0x223e, name: 'ACS ACR1252U', exchangeLevel: 'extended-apdu', maxMessageLength: 522, features: 0x0004_04ba },
  // readers/ACS_ACR1552U.txt: interface 0 (PICC), dwFeatures 0x000404BA, 516
  { vendorId: 0x072f, productId: 0x2303, name: 'ACS ACR1552U', exchangeLevel: 'extended-apdu', maxMessageLength: 516, features: 0x0004_04ba },
];

export const FALLBACK_PROFILE: CcidReaderProfile = {
  exchangeLevel: 'short-apdu',
  maxMessageLength: CCID_HEADER_LENGTH + 261,
  maxSlotIndex: 0,
  source: 'fallback',
};

export interface DeclaredReader {
  readonly exchangeLevel?: CcidExchangeLevel;
  readonly maxMessageLength?: number;
}

export function knownReader(vendorId: number, productId: number): KnownReader | undefined {
  return KNOWN_CCID_READERS.find((r) => r.vendorId === vendorId && r.productId === productId);
}

/** Combine the sources above into one profile. */
export function resolveReaderProfile(
  declared: DeclaredReader,
  descriptor: CcidClassDescriptor | undefined,
  ids: { readonly vendorId: number; readonly productId: number },
): CcidReaderProfile {
  if (declared.maxMessageLength !== undefined) {
    const m = declared.maxMessageLength;
    if (!Number.isInteger(m) || m < CCID_HEADER_LENGTH + 5 || m > MAX_CCID_MESSAGE_LENGTH) throw new TransportError('protocol', `maxMessageLength ${m} out of range`);
  }
  const known = knownReader(ids.vendorId, ids.productId);
  const base: CcidReaderProfile = descriptor
    ? {
        exchangeLevel: descriptor.exchangeLevel,
        maxMessageLength: descriptor.maxMessageLength,
        maxSlotIndex: descriptor.maxSlotIndex,
        source: 'descriptor',
        features: descriptor.features,
        voltageSupport: descriptor.voltageSupport,
      }
    : known
      ? { exchangeLevel: known.exchangeLevel, maxMessageLength: known.maxMessageLength, maxSlotIndex: 0, source: 'known-reader', ...(known.features !== undefined ? { features: known.features } : {}) }
      : FALLBACK_PROFILE;
  if (declared.exchangeLevel === undefined && declared.maxMessageLength === undefined) return base;
  return {
    ...base,
    exchangeLevel: declared.exchangeLevel ?? base.exchangeLevel,
    maxMessageLength: declared.maxMessageLength ?? base.maxMessageLength,
    source: 'declared',
  };
}
