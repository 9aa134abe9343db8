/**
 * End-to-end helper until the session driver exists: a simulated card through the real card
 * library (detect → authenticate → readAll) and the verifier, as the document driver will do.
 */
import { ResidenceCard } from '../../src/cards/residence-card';
import { checkCardNumber } from '../../src/cards/residence-card/card-number';
import type { ResidenceCardRead } from '../../src/cards/residence-card/read-result';
import type { TrustMode } from '../../src/verify/report';
import { simulatorResidenceAnchors } from '../../src/sim/residence-card/sim-trust-anchors';
import { createResidenceTrustStore, type RcAnchor } from '../../src/verify/residence-card/rc-trust';
import { verifyResidenceCard, type ResidenceVerification, type ResidenceVerifyPolicy } from '../../src/verify/residence-card/verify-residence-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';

export const NOW = new Date('2026-11-20T03:00:00Z');

export interface FlowOptions {
  readonly extendedLength?: boolean;
  readonly mode?: TrustMode;
  readonly imported?: readonly RcAnchor[];
  readonly now?: Date;
  readonly policy?: Partial<ResidenceVerifyPolicy>;
}

export interface FlowResult {
  readonly read: ResidenceCardRead;
  readonly verification: ResidenceVerification;
  readonly stats: { apdus: number; bytesOut: number; bytesIn: number; selects: number };
}

export async function readAndVerify(card: ApduResponder, cardNumber: string, options: FlowOptions = {}): Promise<FlowResult> {
  const transport = new SimulatedTransport(card, { extendedLength: options.extendedLength ?? true });
  await transport.connect();
  const rc = new ResidenceCard(transport);
  try {
    await rc.detect();
    const number = checkCardNumber(cardNumber);
    await rc.authenticate(number);
    const read = await rc.readAll();
    const trust = createResidenceTrustStore(options.mode ?? 'simulator', { simulator: await simulatorResidenceAnchors(), imported: options.imported ?? [] });
    const verification = await verifyResidenceCard({ read, enteredCardNumber: number, trust, now: options.now ?? NOW, ...(options.policy ? { policy: options.policy } : {}) });
    return { read, verification, stats: { ...rc.channel.stats } };
  } finally {
    rc.close();
    await transport.disconnect();
  }
}

export function checkOf(v: ResidenceVerification, id: string) {
  return v.checks.find((c) => c.id === id);
}
