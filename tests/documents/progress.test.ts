/**
 * Progress totals come from the step list: for every registered document and every purpose it
 * supports (and the made-up test document), the runner reports one event per step, numbered 1…n,
 * every event carries the same total n, and the last event is n of n. (Before the seam, the bank
 * check reported step 8 of 7.)
 */
import { describe, expect, it } from 'vitest';
import type { AnyDocumentDriver } from '../../src/documents/document-driver';
import { DOCUMENT_DRIVERS, type RegisteredDocumentKind } from '../../src/documents/registry';
import { PURPOSE_IDS, PURPOSES, type PurposeId } from '../../src/session/purposes';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { BIRTH_KEY, card, CODE_B, environment } from '../verify-flows/flow-helpers';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { builtProfile } from '../residence-card/rc-helpers';
import { TEST_CARD_NUMBER, TEST_DRIVER, TEST_PIN, testDocumentCard } from './test-document';
import { licence } from '../licence/licence-helpers';
import { simulatedLicenceCardFor } from '../../src/sim/licence';

interface Simulated {
  /** Simulated cards of this document to run every purpose on (a typical one, plus edge cases). */
  readonly cards: readonly {
    readonly name: string;
    readonly make: () => Promise<ApduResponder>;
    readonly credentials: (purpose: PurposeId) => VerificationCredentials;
    /** Purposes this card's variant does not support (the driver refuses them; nothing to count). */
    readonly unsupported?: readonly PurposeId[];
  }[];
}

/**
 * One entry per registered document: a new document does not typecheck here until it says how
 * to simulate its card, so the progress rule covers it from the start.
 */
const SIMULATED: Record<RegisteredDocumentKind, Simulated> = {
  'mynumber-card': {
    cards: (['default', 'under-15'] as const).map((profile) => ({
      name: profile,
      make: async () => simulatedCardFor((await card(profile)).model),
      credentials: (purpose: PurposeId): VerificationCredentials =>
        purpose === 'age' ? { birthDateKey: BIRTH_KEY[profile]! } : { codeB: CODE_B[profile]!, ...(purpose === 'bank' ? { signPassword: 'KAZASU1' } : {}) },
    })),
  },
  'residence-card': {
    cards: (['rc1-adult', 'rc1-special-permanent', 'rc2-adult', 'rc2-special-permanent'] as const).map((profile) => ({
      name: profile,
      make: async () => new SimulatedResidenceCard((await builtProfile(profile)).model),
      credentials: (): VerificationCredentials => ({ cardNumber: namedRcProfile(profile)!.cardNumber }),
      ...(profile.startsWith('rc1') ? { unsupported: ['age' as const] } : {}),
    })),
  },
  'drivers-licence': {
    cards: [
      { name: 'licence-default', make: async () => simulatedLicenceCardFor((await licence('licence-default')).model), credentials: () => ({ pin1: '1234', pin2: '5678' }) },
      { name: 'licence-no-pins', make: async () => simulatedLicenceCardFor((await licence('licence-no-pins')).model), credentials: () => ({ pin1: '****', pin2: '****' }) },
    ],
  },
};

const CASES: { driver: AnyDocumentDriver; sim: Simulated }[] = [
  ...DOCUMENT_DRIVERS.map((driver) => ({ driver: driver as AnyDocumentDriver, sim: SIMULATED[driver.kind] })),
  { driver: TEST_DRIVER as AnyDocumentDriver, sim: { cards: [{ name: 'test', make: async () => testDocumentCard(), credentials: () => ({}) }] } },
];

describe('progress totals are derived from the step list', () => {
  for (const { driver, sim } of CASES) {
    for (const purpose of PURPOSE_IDS.filter((p) => driver.purposes[p])) {
      for (const c of sim.cards.filter((x) => !x.unsupported?.includes(purpose))) {
        it(`${driver.kind} × ${purpose} (${c.name}): the last event is n of n, n = the plan's step count`, async () => {
          const credentials = driver === (TEST_DRIVER as AnyDocumentDriver) ? ({ pin: TEST_PIN, cardNumber: TEST_CARD_NUMBER } as unknown as VerificationCredentials) : c.credentials(purpose);
          const transport = new SimulatedTransport(await c.make());
          await transport.connect();
          const events: { step: string; done: number; total: number }[] = [];
          try {
            await runVerification(transport, PURPOSES[purpose], credentials, await environment(), (step, done, total) => events.push({ step, done, total }), { document: driver });
          } finally {
            await transport.disconnect();
          }
          const { confirmLastTry = false, ...values } = credentials;
          const planned = driver.plan(purpose, { values, confirmLastTry }).steps;
          expect(events.length).toBeGreaterThan(1);
          expect(events.map((e) => e.total)).toEqual(events.map(() => planned.length));
          expect(events.map((e) => e.done)).toEqual(planned.map((_, i) => i + 1));
          expect(events.map((e) => e.step)).toEqual(planned.map((s) => s.label));
          expect(events.at(-1)).toMatchObject({ done: planned.length, total: planned.length, step: 'verify' });
        });
      }
    }
  }

  it('the bank check on a My Number Card: 9 steps, reported 1…9 of 9', () => {
    const steps = DOCUMENT_DRIVERS[0].plan('bank', { values: {}, confirmLastTry: false }).steps.map((s) => s.label);
    expect(steps).toEqual(['open-card', 'read-text', 'chip-authentication', 'read-card-face', 'chip-authentication', 'read-jpki', 'jpki-signature', 'revocation', 'verify']);
  });
});
