/**
 * Every emulated reader path behind one face, so one conformance suite runs against all of them:
 * the RC-S380 and the RC-S300 (host ISO-DEP over WebUSB), a CCID reader over WebUSB, the Web
 * Smart Card API, and a phone shell. Each path says how its emulator counts host ↔ reader
 * exchanges (RF frames, CCID messages, PC/SC transmits, shell transceives) and how to take the
 * card away or pull the reader at one of them.
 */
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import type { CardTransport, TransportKind } from '../../src/transport/card-transport';
import { rig as ccidRig } from '../transport-ccid/rig';
import { rig as nativeRig } from '../transport-native/rig';
import { rig as port100Rig } from '../transport-port100/rig';
import { rig as rcs300Rig } from '../transport-rcs300/rig';
import { rig as smartCardRig } from '../transport-smartcard-api/rig';
import { DEFAULT_EMULATED_READER } from '../../src/sim/readers/smartcard-api-emulator';
import type { RfCardOptions, TypeBFieldFaults } from '../../src/sim/readers/type-b-field';
import { asContactlessCard, typeAContactlessAtr } from '../../src/sim/readers/contactless-atr';
import type { ApduResponder } from '../../src/transport/apdu-responder';

export interface PathRig {
  readonly transport: CardTransport & { close(): Promise<void> };
  readonly sim: SimulatedCard;
  /** Host ↔ reader exchanges so far (the next one gets this index). */
  exchanges(): number;
  /** The card leaves just before the reader handles exchange `index`. */
  removeCardAt(index: number): void;
  removeCard(): void;
  /** Put the (same) card back. */
  placeCard(): void;
  /** The reader is unplugged at exchange `index` (paths whose reader can leave). */
  unplugAt?(index: number): void;
  /** Plug the reader back in. */
  replug?(): void;
  /** Watch for cards between sessions (the reader opened, then polling, interrupt endpoint or status-change loop). */
  watch?(): Promise<void>;
}

export interface ReaderPath {
  readonly name: string;
  readonly kind: TransportKind;
  readonly make: () => Promise<PathRig>;
  /** connect() with no card: 'no-card'; undefined for a phone, which waits for one to be held to it. */
  readonly noCard?: 'no-card';
  /** Exchanges the host may still make once the card is gone, counting the one that found it gone. */
  readonly giveUpWithin: number;
  /** The reader itself can be unplugged (not a phone). */
  readonly readerCanLeave: boolean;
  /** The path sees cards come and go between sessions (a phone looks only during one). */
  readonly watchesBetweenSessions: boolean;
  /** The card's RF technology (default B), which host-ISO-DEP readers report once it is activated. */
  readonly technology?: 'A' | 'B';
}

/** An emulated reader with an RF field (RC-S380, RC-S300): its exchanges are RF frames. */
export interface RfFieldEmulator {
  readonly rfFrameCount: number;
  readonly faults: TypeBFieldFaults;
  removeCard(): void;
  placeCard(sim: SimulatedCard, options?: RfCardOptions): unknown;
  replug(): unknown;
}

/** A host-ISO-DEP USB reader (RC-S380, RC-S300) and its emulator as a PathRig. */
export function rfFieldRig(
  transport: PathRig['transport'] & { openReader(): Promise<unknown>; startPolling(): void },
  emulator: RfFieldEmulator,
  sim: SimulatedCard,
  card: RfCardOptions = {},
): PathRig {
  return {
    transport,
    sim,
    exchanges: () => emulator.rfFrameCount,
    removeCardAt: (i) => (emulator.faults.removeAtFrame = i),
    removeCard: () => emulator.removeCard(),
    placeCard: () => void emulator.placeCard(sim, card),
    unplugAt: (i) => (emulator.faults.unplugAtFrame = i),
    replug: () => {
      emulator.faults.unplugAtFrame = undefined;
      emulator.replug();
    },
    watch: async () => {
      await transport.openReader();
      transport.startPolling();
    },
  };
}

type CcidRig = Awaited<ReturnType<typeof ccidRig>>;
type SmartCardRig = Awaited<ReturnType<typeof smartCardRig>>;
type NativeRig = Awaited<ReturnType<typeof nativeRig>>;

/** A CCID reader over WebUSB and its emulator: exchanges are bulk messages. */
export function ccidPathRig(transport: CcidRig['transport'], emulator: CcidRig['emulator'], sim: SimulatedCard, card: ApduResponder = sim): PathRig {
  return {
    transport,
    sim,
    exchanges: () => emulator.messageCount,
    removeCardAt: (i) => (emulator.faults.removeAtMessage = i),
    removeCard: () => emulator.removeCard(),
    placeCard: () => emulator.placeCard(card),
    unplugAt: (i) => (emulator.faults.unplugAtMessage = i),
    replug: () => {
      emulator.faults.unplugAtMessage = undefined;
      emulator.replug();
    },
    watch: async () => {
      await transport.openReader();
      transport.startPolling();
    },
  };
}

/** The Web Smart Card API and its emulator: exchanges are transmits; `removal` says how the card leaves. */
export function smartCardPathRig(
  transport: SmartCardRig['transport'],
  emulator: SmartCardRig['emulator'],
  sim: SimulatedCard,
  removal: Omit<SmartCardRig['emulator']['faults'], 'removeCardAtTransmit'> = {},
  card: ApduResponder = sim,
): PathRig {
  return {
    transport,
    sim,
    exchanges: () => emulator.transmitCount,
    removeCardAt: (i) => (emulator.faults = { ...emulator.faults, ...removal, removeCardAtTransmit: i }),
    removeCard: () => emulator.removeCard(),
    placeCard: () => emulator.insertCard(card),
    unplugAt: (i) => (emulator.faults = { ...emulator.faults, unplugReaderAtTransmit: i }),
    replug: () => {
      emulator.faults = { ...emulator.faults, unplugReaderAtTransmit: undefined };
      emulator.addReader(DEFAULT_EMULATED_READER);
    },
    watch: async () => transport.startMonitoring(),
  };
}

/** A phone shell and its emulator: exchanges are transceives; `loss` says how the tag is lost. */
export function nativePathRig(
  transport: NativeRig['transport'],
  emulator: NativeRig['emulator'],
  sim: SimulatedCard,
  loss: Omit<NativeRig['emulator']['faults'], 'loseTagAtTransceive'> = {},
  card: ApduResponder = sim,
): PathRig {
  return {
    transport,
    sim,
    exchanges: () => emulator.transceiveCount,
    removeCardAt: (i) => (emulator.faults = { ...emulator.faults, ...loss, loseTagAtTransceive: i }),
    removeCard: () => emulator.removeCard(),
    placeCard: () => emulator.placeCard(card),
  };
}

/** The five paths with their default emulators and the default simulated card. */
export const READER_PATHS: readonly ReaderPath[] = [
  {
    name: 'RC-S380 (WebUSB, host ISO-DEP)',
    kind: 'webusb-port100',
    noCard: 'no-card',
    giveUpWithin: 4, // the frame that found no card + maxRetries (3)
    readerCanLeave: true,
    watchesBetweenSessions: true,
    make: async () => {
      const { transport, emulator, sim } = await port100Rig({ transport: { pollIntervalMs: 5 } });
      return rfFieldRig(transport, emulator, sim);
    },
  },
  {
    name: 'RC-S300 (WebUSB vendor interface, transparent session, host ISO-DEP)',
    kind: 'webusb-rcs300',
    noCard: 'no-card',
    giveUpWithin: 4,
    readerCanLeave: true,
    watchesBetweenSessions: true,
    make: async () => {
      const { transport, emulator, sim } = await rcs300Rig({ transport: { pollIntervalMs: 5 } });
      return rfFieldRig(transport, emulator, sim);
    },
  },
  {
    name: 'CCID reader (WebUSB in an Isolated Web App)',
    kind: 'webusb-ccid',
    noCard: 'no-card',
    giveUpWithin: 2, // GetSlotStatus at open may still see it; IccPowerOn / XfrBlock finds it gone
    readerCanLeave: true,
    watchesBetweenSessions: true,
    make: async () => {
      const { transport, emulator, sim } = await ccidRig({ transport: { pollIntervalMs: 5 } });
      return ccidPathRig(transport, emulator, sim);
    },
  },
  {
    name: 'Web Smart Card API',
    kind: 'smartcard-api',
    noCard: 'no-card',
    giveUpWithin: 1,
    readerCanLeave: true,
    watchesBetweenSessions: true,
    make: async () => {
      const { transport, emulator, sim } = await smartCardRig();
      return smartCardPathRig(transport, emulator, sim);
    },
  },
  {
    name: 'phone shell (native IsoDep / Core NFC)',
    kind: 'native',
    giveUpWithin: 1,
    readerCanLeave: false,
    watchesBetweenSessions: false,
    make: async () => {
      const { transport, emulator, sim } = await nativeRig();
      return nativePathRig(transport, emulator, sim);
    },
  },
];

/** The ATS historical bytes of the emulated Type A card (TypeAPicc's default), as PC/SC readers build its ATR from them. */
export const TYPE_A_HISTORICAL_BYTES = Uint8Array.of(0x80);

/**
 * The same paths with the default card as an ISO/IEC 14443 Type A card: in the RF field of the
 * host-ISO-DEP readers (activated with REQA, anticollision, RATS), and with the ATR a PC/SC
 * contactless reader builds for a Type A card on the paths that see only APDUs.
 */
export const TYPE_A_READER_PATHS: readonly ReaderPath[] = READER_PATHS.map((path) => ({
  ...path,
  name: `${path.name}, Type A card`,
  technology: 'A' as const,
  make: async (): Promise<PathRig> => {
    switch (path.kind) {
      case 'webusb-port100': {
        const { transport, emulator, sim } = await port100Rig({ card: { technology: 'A' }, transport: { pollIntervalMs: 5 } });
        return rfFieldRig(transport, emulator, sim, { technology: 'A' });
      }
      case 'webusb-rcs300': {
        const { transport, emulator, sim } = await rcs300Rig({ card: { technology: 'A' }, transport: { pollIntervalMs: 5 } });
        return rfFieldRig(transport, emulator, sim, { technology: 'A' });
      }
      case 'webusb-ccid': {
        const { transport, emulator, sim } = await ccidRig({ transport: { pollIntervalMs: 5 } });
        const card = asContactlessCard(sim, typeAContactlessAtr(TYPE_A_HISTORICAL_BYTES));
        emulator.placeCard(card);
        return ccidPathRig(transport, emulator, sim, card);
      }
      case 'smartcard-api': {
        const { transport, emulator, sim } = await smartCardRig({ inserted: false });
        const card = asContactlessCard(sim, typeAContactlessAtr(TYPE_A_HISTORICAL_BYTES));
        emulator.insertCard(card);
        return smartCardPathRig(transport, emulator, sim, {}, card);
      }
      case 'native': {
        const { transport, emulator, sim } = await nativeRig({ placed: false });
        const card = asContactlessCard(sim, typeAContactlessAtr(TYPE_A_HISTORICAL_BYTES));
        emulator.placeCard(card);
        return nativePathRig(transport, emulator, sim, {}, card);
      }
      default:
        throw new Error(`no Type A variant for ${path.kind}`);
    }
  },
}));
