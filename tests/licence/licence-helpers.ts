/**
 * Shared machinery of the licence tests: simulated licences built once per profile (Node: the
 * 外字 glyphs drawn with the bundled font), a recording transport, and `readAndVerifyLicence` —
 * the end-to-end composition of card reads and verification the document driver will do
 * (detect → tries → VERIFY PIN1 [→ PIN2] → readLicence → verifyLicenceReadout).
 */
import 'reflect-metadata';
import { LicenceCard, readLicence, type LicenceLayoutOverrides, type SignedDataRecipeId } from '../../src/cards/licence';
import { simFont } from '../../src/node/sim-font';
import { buildLicence, licenceProfile, simulatedLicenceCardFor, simulatorLicenceIssuerCertificates, type BuiltLicence, type LicenceCardModel, type LicenceProfile } from '../../src/sim/licence';
import { KazasuError } from '../../src/errors/kazasu-error';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import type { CardEventListener, CardTransport, TransmitOptions } from '../../src/transport/card-transport';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { simulatorLicenceIssuerTrust, verifyLicenceReadout, type LicenceIssuerTrust, type LicenceSignatureProfile, type LicenceVerification } from '../../src/verify/licence';

/** A fixed verification time: 2026-12-10 12:00 JST. */
export const NOW = new Date('2026-12-10T03:00:00Z');

export function profile(id: string): LicenceProfile {
  const p = licenceProfile(id);
  if (!p) throw new Error(`no licence profile ${id}`);
  return p;
}

const built = new Map<string, Promise<BuiltLicence>>();
export function licence(id: string): Promise<BuiltLicence> {
  let b = built.get(id);
  if (!b) {
    b = buildLicence(profile(id), { glyphs: simFont() });
    built.set(id, b);
  }
  return b;
}

let simTrust: Promise<LicenceIssuerTrust> | undefined;
export function simulatorIssuers(): Promise<LicenceIssuerTrust> {
  simTrust ??= simulatorLicenceIssuerCertificates().then(simulatorLicenceIssuerTrust);
  return simTrust;
}

/** Every command and answer the card library sent through (the VERIFY data is kept: tests only). */
export class RecordingTransport implements CardTransport {
  readonly log: { command: Uint8Array; response: Uint8Array }[] = [];
  constructor(readonly inner: CardTransport) {}
  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect(): Promise<void> {
    return this.inner.connect();
  }
  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }
  isCardPresent(): boolean {
    return this.inner.isCardPresent();
  }
  onEvent(listener: CardEventListener): () => void {
    return this.inner.onEvent(listener);
  }
  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    const response = await this.inner.transmit(command, options);
    this.log.push({ command: command.slice(), response: response.slice() });
    return response;
  }
  /** Commands as upper-case hex. */
  commands(): string[] {
    return this.log.map((e) => hex(e.command));
  }
  /** VERIFY commands with data (real PIN tries). */
  verifies(): number {
    return this.log.filter((e) => e.command[1] === 0x20 && e.command.length > 4).length;
  }
  /** Empty VERIFY commands (counter reads). */
  counterReads(): number {
    return this.log.filter((e) => e.command[1] === 0x20 && e.command.length === 4).length;
  }
}

export function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export async function connect(responder: ApduResponder, extendedLength = true): Promise<RecordingTransport> {
  const t = new RecordingTransport(new SimulatedTransport(responder, { extendedLength }));
  await t.connect();
  return t;
}

export interface FlowOptions {
  readonly pin1: string;
  readonly pin2?: string;
  readonly confirmLastTry?: boolean;
  readonly extendedLength?: boolean;
  readonly issuers?: LicenceIssuerTrust;
  readonly recipe?: SignedDataRecipeId;
  readonly signatureProfile?: LicenceSignatureProfile;
  readonly layout?: LicenceLayoutOverrides;
  readonly wrap?: (card: ApduResponder) => ApduResponder;
  /** Called with the transport before anything is sent (e.g. to take the card away mid-flow). */
  readonly onTransport?: (t: RecordingTransport) => void;
}

export interface FlowResult {
  readonly verification: LicenceVerification;
  readonly transport: RecordingTransport;
  readonly card: LicenceCard;
}

/** The card on the reader was not recognised as a licence (a typed outcome of the flow). */
export class NotDetected extends KazasuError {
  readonly code = 'test-not-detected' as const;
  constructor() {
    super('not detected as a licence');
  }
}

/** Detect → counter → PIN1 (→ PIN2) → read → verify, as a document driver will. */
export async function readAndVerifyLicence(model: LicenceCardModel, o: FlowOptions): Promise<FlowResult> {
  const sim = simulatedLicenceCardFor(model);
  const transport = await connect(o.wrap ? o.wrap(sim) : sim, o.extendedLength ?? true);
  o.onTransport?.(transport);
  const card = new LicenceCard(transport, o.layout ? { layout: o.layout } : {});
  try {
    const detected = await card.detect();
    if (detected.kind !== 'match') throw new NotDetected();
    await card.readPinSetting();
    await card.readTries('pin1');
    await card.verify('pin1', o.pin1, { confirmLastTry: o.confirmLastTry ?? false });
    if (o.pin2 !== undefined) await card.verify('pin2', o.pin2, { confirmLastTry: o.confirmLastTry ?? false });
    const readout = await readLicence(card, { photo: o.pin2 !== undefined, signature: true, honsekiForSignature: o.pin2 !== undefined, ...(o.recipe ? { recipe: o.recipe } : {}) });
    try {
      const verification = await verifyLicenceReadout(
        readout,
        { issuers: o.issuers ?? (await simulatorIssuers()), now: () => NOW, ...(o.signatureProfile ? { signatureProfile: o.signatureProfile } : {}) },
        { pin2: o.pin2 !== undefined },
      );
      return { verification, transport, card };
    } finally {
      readout.wipe();
    }
  } finally {
    card.close();
  }
}

/** The genuine PINs of a profile ('****' when none was set). */
export function pinsOf(p: LicenceProfile): { pin1: string; pin2: string } {
  return p.pins.set ? { pin1: p.pins.pin1!, pin2: p.pins.pin2! } : { pin1: '****', pin2: '****' };
}

/** 'id:status:code' of every check, for compact assertions. */
export function summary(v: LicenceVerification): Record<string, string> {
  return Object.fromEntries(v.checks.map((c) => [c.id, `${c.status}:${c.code}`]));
}
