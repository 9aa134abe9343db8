import { card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { SimulatedCard } from '../../src/sim/card/simulated-card';
import { SmartCardApiEmulator, type EmulatedCardOptions, type SmartCardApiEmulatorOptions } from '../../src/sim/readers/smartcard-api-emulator';
import { runVerification } from '../../src/session/run-verification';
import { PURPOSES } from '../../src/session/purposes';
import type { CardEvent } from '../../src/transport/card-transport';
import { SmartCardApiTransport, type SmartCardApiTransportOptions } from '../../src/transport/smartcard-api/smartcard-api-transport';
import type { DocumentReport as VerificationReport } from '../../src/documents/registry';

export const DEFAULT_CODE_B = CODE_B.default!;

export interface Rig {
  readonly emulator: SmartCardApiEmulator;
  readonly transport: SmartCardApiTransport;
  readonly sim: SimulatedCard;
}

/** An emulated navigator.smartCard with the default simulated card in its reader, and the real transport. */
export async function rig(
  options: { emulator?: SmartCardApiEmulatorOptions; card?: EmulatedCardOptions; transport?: SmartCardApiTransportOptions; inserted?: boolean } = {},
): Promise<Rig> {
  const built = await card('default');
  const sim = simulatedCardFor(built.model);
  const emulator = new SmartCardApiEmulator(options.emulator);
  if (options.inserted ?? true) emulator.insertCard(sim, undefined, options.card);
  // Short bounds keep the "implementation ignores us" cases quick; they are never asserted as times.
  const transport = new SmartCardApiTransport(emulator.smartCard, { idlePauseMs: 5, abortGraceMs: 200, ...options.transport });
  return { emulator, transport, sim };
}

export async function counterCheck(transport: SmartCardApiTransport): Promise<VerificationReport> {
  return runVerification(transport, PURPOSES.counter, { codeB: DEFAULT_CODE_B }, await environment());
}

export function events(t: { onEvent(l: (e: CardEvent) => void): () => void }): CardEvent['type'][] {
  const seen: CardEvent['type'][] = [];
  t.onEvent((e) => seen.push(e.type));
  return seen;
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** Resolves at the next event of `type` (tests await events, never time). */
export function nextEvent(t: { onEvent(l: (e: CardEvent) => void): () => void }, type: CardEvent['type']): Promise<void> {
  return new Promise((resolve) => {
    const off = t.onEvent((e) => {
      if (e.type === type) {
        off();
        resolve();
      }
    });
  });
}
