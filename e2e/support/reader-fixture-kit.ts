/**
 * The browser half of the reader fixture pages (reader-fixture.ts): what every reader spec needs
 * inside the page — the default demo card as a simulated card, a counter check through the real
 * session and verification code with the simulator's trust anchors, and errors reduced to what a
 * test can compare. Bundled into each fixture page with the project's vite.config.ts; never part
 * of the production build.
 */
import { demoBundle } from 'virtual:kazasu-sim-cards';
import { fromSnapshot } from '../../src/sim/card/card-snapshot';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import { simulatorAnchorSet } from '../../src/sim/pki/sim-trust-anchors';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { TransportError, type CardTransport } from '../../src/transport/card-transport';
import type { UsbDeviceLike } from '../../src/transport/webusb/webusb-types';
import { OfflineRevocationChecker } from '../../src/verify/revocation/offline-checker';
import { allKnownAnchors, createTrustStore } from '../../src/verify/trust/trust-store';

export { TransportError };

/** 照合番号B of the default simulated card (tests/verify-flows/flow-helpers CODE_B.default). */
export const CODE_B = '55021720352285';

/** The default demo card (from its snapshot, as demo mode gets it), ready to go on an emulated reader. */
export function defaultDemoCard(): ReturnType<typeof simulatedCardFor> {
  const card = demoBundle.cards.find((c) => c.id === 'default');
  if (!card) throw new Error('no default demo card');
  return simulatedCardFor(fromSnapshot(card.snapshot));
}

/** A counter check (照合番号B) through `transport`, verified against the simulator's anchors. */
export async function counterCheck(transport: CardTransport): Promise<Awaited<ReturnType<typeof runVerification>>> {
  const simulator = await simulatorAnchorSet();
  const env = {
    trust: createTrustStore('simulator', { simulator }),
    allAnchors: allKnownAnchors({ simulator }),
    revocation: new OfflineRevocationChecker(),
    now: () => new Date(),
  };
  return runVerification(transport, PURPOSES.counter, { codeB: CODE_B }, env);
}

export interface TypedError {
  /** A TransportError (the only kind a reader path may reject with). */
  readonly typed: boolean;
  readonly code: string;
  /** The error's stable reason, where its class has one. */
  readonly reason?: string;
  readonly message: string;
}

export function typedError(e: unknown): TypedError {
  const reason = (e as { reason?: unknown } | null)?.reason;
  return {
    typed: e instanceof TransportError,
    code: e instanceof TransportError ? e.code : String(e),
    ...(typeof reason === 'string' ? { reason } : {}),
    message: e instanceof Error ? e.message : String(e),
  };
}

/** connect() and a counter check, expected to fail: its outcome if it did not, else the error. */
export async function disturbedCounterCheck(transport: CardTransport): Promise<{ readonly outcome?: string; readonly error?: TypedError }> {
  try {
    await transport.connect();
    return { outcome: (await counterCheck(transport)).outcome };
  } catch (e) {
    return { error: typedError(e) };
  }
}

/** Counts the bulk OUT transfers a page makes on `device`. */
export function countTransfersOut(device: UsbDeviceLike): { readonly count: number } {
  const counter = { count: 0 };
  const transferOut = device.transferOut.bind(device);
  device.transferOut = (endpoint, data) => {
    counter.count++;
    return transferOut(endpoint, data);
  };
  return counter;
}

/** An emulated reader whose card link runs in the page (RC-S380, RC-S300): its RF side. */
export interface HostIsoDepEmulator {
  readonly usb: unknown;
  readonly rfFrameCount: number;
  readonly rfLog: readonly { readonly outcome: string; readonly rate: number | undefined; readonly sent: Uint8Array }[];
  readonly faults: { removeAtFrame?: number; unplugAtFrame?: number };
}

export interface HostIsoDepRun {
  readonly navigatorUsbIsEmulator: boolean;
  readonly chosenProduct: string;
  readonly transportKind: string;
  /** The undisturbed counter check (every scenario runs one first). */
  readonly outcome: string;
  readonly reportTransport: string;
  readonly holderName: string | undefined;
  readonly rfFrames: number;
  readonly rfAllAnswered: boolean;
  /** The bit rates of the I-blocks of the undisturbed check, in kbit/s. */
  readonly blockRates: readonly number[];
  readonly usbOutTransfers: number;
  /** The disturbed check ('remove' / 'unplug' only): RF frame of its connect + check where the fault strikes. */
  readonly faultAtFrame?: number;
  readonly fault?: { readonly outcome?: string; readonly error?: TypedError };
  readonly faultRfOutcomes?: readonly string[];
}

/**
 * With `emulator` installed as navigator.usb and `device` chosen through the page's chooser: a
 * counter check through `transport`; for 'remove' / 'unplug', a second check follows on the same
 * reader with the card taken away (or the reader unplugged) halfway through its RF frames.
 */
export async function hostIsoDepRun(
  emulator: HostIsoDepEmulator,
  device: UsbDeviceLike,
  transport: CardTransport & { close(): Promise<void> },
  scenario: 'clean' | 'remove' | 'unplug',
): Promise<HostIsoDepRun> {
  const usb = (navigator as unknown as { usb: unknown }).usb;
  const out = countTransfersOut(device);
  await transport.connect();
  const report = await counterCheck(transport);
  const rfFrames = emulator.rfFrameCount;
  // I-blocks: PCB 0x02/0x03 (ISO/IEC 14443-4 §7.1.1.1), the frames that carry the APDUs.
  const iBlocks = emulator.rfLog.filter((l) => l.outcome === 'answered' && ((l.sent[0] ?? 0) & 0xe2) === 0x02);
  const base: HostIsoDepRun = {
    navigatorUsbIsEmulator: usb === emulator.usb,
    chosenProduct: `${device.vendorId.toString(16)}:${device.productId.toString(16)} ${device.productName ?? ''}`,
    transportKind: transport.kind,
    outcome: report.outcome,
    reportTransport: report.transport,
    holderName: report.attributes.name,
    rfFrames,
    rfAllAnswered: emulator.rfLog.length > 0 && emulator.rfLog.every((l) => l.outcome === 'answered'),
    blockRates: [...new Set(iBlocks.map((l) => l.rate ?? 0))],
    usbOutTransfers: out.count,
  };
  await transport.disconnect();
  if (scenario === 'clean') return base;

  const logFrom = emulator.rfLog.length;
  const faultAtFrame = Math.floor(rfFrames / 2);
  const faultAtIndex = emulator.rfFrameCount + faultAtFrame; // the emulator counts from its start
  if (scenario === 'remove') emulator.faults.removeAtFrame = faultAtIndex;
  else emulator.faults.unplugAtFrame = faultAtIndex;
  const fault = await disturbedCounterCheck(transport);
  const faultRfOutcomes = [...new Set(emulator.rfLog.slice(logFrom).map((l) => l.outcome))];
  await transport.close().catch(() => undefined);
  return { ...base, faultAtFrame, fault, faultRfOutcomes };
}
