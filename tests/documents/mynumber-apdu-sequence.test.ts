/**
 * The document seam must not change what the kiosk sends to a My Number Card: for every purpose,
 * the APDU sequence of a verification (and of the kiosk session's place-card → tries → verify
 * flow) is pinned in a fixture recorded from the code before the seam existed. Commands are kept
 * byte for byte except where their data is random or secret (INTERNAL AUTHENTICATE challenges,
 * the JPKI DigestInfo, VERIFY values): those keep header and length.
 *
 * Regenerate only for a deliberate change: KAZASU_WRITE_APDU_FIXTURE=1 npx vitest run <this file>.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/bytes/hex';
import { KioskSession } from '../../src/session/kiosk-session';
import { PURPOSES, type PurposeId } from '../../src/session/purposes';
import { runVerification, type VerificationCredentials } from '../../src/session/run-verification';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { CardTransport, TransmitOptions } from '../../src/transport/card-transport';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { BIRTH_KEY, card, CODE_B, environment } from '../verify-flows/flow-helpers';

const FIXTURE = new URL('./fixtures/mynumber-apdu-sequence.json', import.meta.url);

/** Header + length for commands whose data is random or secret; the whole command otherwise. */
function describeCommand(c: Uint8Array): string {
  const ins = c[1]!;
  const hidden = c.length > 5 && (ins === 0x20 || ins === 0x88 || ins === 0x2a);
  return hidden ? `${toHex(c.subarray(0, 4), ' ')} +${c.length - 4}` : toHex(c, ' ');
}

/** Records every command a transport carries. */
function recording(inner: CardTransport, log: string[]): CardTransport {
  return {
    kind: inner.kind,
    capabilities: inner.capabilities,
    connect: () => inner.connect(),
    disconnect: () => inner.disconnect(),
    isCardPresent: () => inner.isCardPresent(),
    onEvent: (l) => inner.onEvent(l),
    transmit(command: Uint8Array, options?: TransmitOptions) {
      log.push(describeCommand(command));
      return inner.transmit(command, options);
    },
  };
}

interface Case {
  readonly name: string;
  readonly profile: string;
  readonly purpose: PurposeId;
  readonly credentials: VerificationCredentials;
}

const CASES: readonly Case[] = [
  { name: 'counter', profile: 'default', purpose: 'counter', credentials: { codeB: CODE_B.default! } },
  { name: 'bank', profile: 'default', purpose: 'bank', credentials: { codeB: CODE_B.default!, signPassword: 'KAZASU1' } },
  { name: 'bank-under-15', profile: 'under-15', purpose: 'bank', credentials: { codeB: CODE_B['under-15']!, signPassword: 'KAZASU1' } },
  { name: 'field', profile: 'default', purpose: 'field', credentials: { codeB: CODE_B.default! } },
  { name: 'field-with-auth-pin', profile: 'default', purpose: 'field', credentials: { codeB: CODE_B.default!, authPin: '1234' } },
  { name: 'age', profile: 'default', purpose: 'age', credentials: { birthDateKey: BIRTH_KEY.default! } },
];

async function verificationSequence(c: Case): Promise<string[]> {
  const log: string[] = [];
  const transport = new SimulatedTransport(simulatedCardFor((await card(c.profile)).model));
  await transport.connect();
  try {
    await runVerification(recording(transport, log), PURPOSES[c.purpose], c.credentials, await environment());
  } finally {
    await transport.disconnect();
  }
  return log;
}

async function kioskSequence(c: Case): Promise<string[]> {
  const log: string[] = [];
  const transport = new SimulatedTransport(undefined);
  const env = await environment();
  const session = new KioskSession({ transport: recording(transport, log), environment: () => env, recordEvidence: async () => undefined });
  session.choosePurpose(c.purpose);
  transport.placeCard(simulatedCardFor((await card(c.profile)).model));
  for (let i = 0; i < 500 && session.getState().step !== 'enter-credentials'; i++) await new Promise((r) => setTimeout(r, 5));
  expect(session.getState().step).toBe('enter-credentials');
  const { confirmLastTry: _, ...values } = c.credentials;
  await session.submitCredentials(values);
  expect(session.getState().step).toBe('result');
  session.dispose();
  return log;
}

describe('My Number Card APDU sequence (unchanged by the document seam)', async () => {
  const sequences: Record<string, { verification: string[]; kiosk: string[] }> = {};
  for (const c of CASES) sequences[c.name] = { verification: await verificationSequence(c), kiosk: await kioskSequence(c) };

  if (process.env.KAZASU_WRITE_APDU_FIXTURE === '1' || !existsSync(FIXTURE)) {
    writeFileSync(FIXTURE, `${JSON.stringify(sequences, null, 1)}\n`);
  }
  const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as typeof sequences;

  for (const c of CASES) {
    it(`${c.name}: runVerification sends exactly the pinned commands`, () => {
      expect(sequences[c.name]!.verification.length).toBeGreaterThan(4);
      expect(sequences[c.name]!.verification).toEqual(pinned[c.name]!.verification);
    });
    it(`${c.name}: the kiosk session (tries, then verification) sends exactly the pinned commands`, () => {
      expect(sequences[c.name]!.kiosk).toEqual(pinned[c.name]!.kiosk);
    });
  }
});
