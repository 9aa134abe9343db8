/**
 * Detection next to the other documents (the passport refuses their cards and they refuse it;
 * only a SELECT is sent, through the registry's guard), and what the evidence record keeps.
 */
import { describe, expect, it } from 'vitest';
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { MYNUMBER_DRIVER } from '../../src/documents/mynumber/mynumber-driver';
import { PASSPORT_DRIVER } from '../../src/documents/passport/passport-driver';
import { CardProbe } from '../../src/documents/registry';
import { buildEvidenceRecord } from '../../src/evidence/evidence-record';
import { requiredStaffItems } from '../../src/evidence/evidence-policy';
import { simulatedPassportChip } from '../../src/node/sim-documents/passport';
import { PURPOSES } from '../../src/session/purposes';
import { simulatedCardFor } from '../../src/sim/mynumber/build-card';
import type { ApduResponder } from '../../src/transport/apdu-responder';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { card } from '../verify-flows/flow-helpers';
import { verifyProfile } from './passport-helpers';

/** Records every command header the card saw. */
function recording(inner: ApduResponder, log: string[]): ApduResponder {
  return {
    powerOn: () => inner.powerOn(),
    powerOff: () => inner.powerOff(),
    process: (apdu: Uint8Array) => (log.push([...apdu.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')), inner.process(apdu)),
  };
}

async function channelTo(responder: ApduResponder): Promise<{ channel: CardChannel; transport: SimulatedTransport }> {
  const transport = new SimulatedTransport(responder);
  await transport.connect();
  return { channel: new CardChannel(transport), transport };
}

describe('detection', () => {
  it('a passport is a passport, not a My Number Card; one SELECT each, no authentication', async () => {
    for (const profile of ['utopia-bac', 'germany-pace-gm', 'utopia-id-pace-im']) {
      const log: string[] = [];
      const chip = await simulatedPassportChip(profile);
      const { channel } = await channelTo(recording(chip, log));
      expect(await MYNUMBER_DRIVER.detect(channel, { purpose: 'counter' })).toEqual({ kind: 'no-match' });
      expect(await PASSPORT_DRIVER.detect(channel, { purpose: 'counter' })).toMatchObject({ kind: 'match' });
      expect(log.every((h) => h.startsWith('00 a4'))).toBe(true);
    }
  });

  it('a My Number Card is not a passport', async () => {
    const log: string[] = [];
    const { channel } = await channelTo(recording(simulatedCardFor((await card('default')).model), log));
    expect(await PASSPORT_DRIVER.detect(channel, {})).toEqual({ kind: 'no-match' });
    expect(log).toEqual(['00 a4 04 0c']);
  });

  it('the registry recognises each card on the reader (detection guard on)', async () => {
    const probe = new CardProbe((await channelTo(await simulatedPassportChip('japan-no-address'))).transport);
    expect((await probe.detect({ purpose: 'counter' }))?.driver.kind).toBe('passport');
    const mn = new CardProbe((await channelTo(simulatedCardFor((await card('default')).model))).transport);
    expect((await mn.detect({ purpose: 'counter' }))?.driver.kind).toBe('mynumber-card');
    expect(await PASSPORT_DRIVER.readTries(probe.channel, ['mrz', 'can'])).toEqual({ mrz: { kind: 'not-readable' }, can: { kind: 'not-readable' } });
  });
});

describe('evidence', () => {
  const context = {
    policy: { keepPersonal: ['name', 'address', 'birthDate'] as const, retentionDays: 2557 },
    kioskId: 'kiosk-1',
    operatorId: 'staff-1',
    appVersion: 'test',
    credentialEntry: 'manual' as const,
  };

  it('keeps the kind, issuing state + number, fingerprints, checks and the supplementary document — never the MRZ', async () => {
    const r = await verifyProfile('japan-no-address', 'counter');
    const ev = await PASSPORT_DRIVER.evidence.describe(r);
    const draft = buildEvidenceRecord(r, {
      ...context,
      policy: { ...context.policy, keepPersonal: [...context.policy.keepPersonal] },
      purpose: PURPOSES.counter,
      staffConfirmations: { result: 'confirmed', answers: requiredStaffItems('counter').map((item) => ({ item, answer: 'match' as const })), faceComparedWith: 'chip-photo', confirmedAt: new Date(r.finishedAt) },
      cardIdentifiers: ev.cardIdentifiers,
      documentIdentifier: ev.identifier!,
      forbiddenData: PASSPORT_DRIVER.evidence.forbidden,
      supplementaryDocument: { supplies: ev.missingItems!, kind: 'residence-certificate' },
    });
    expect(draft.documentType).toBe('passport');
    expect(draft.documentIdentifier).toEqual({ scheme: 'passport-number', value: 'JPN ZZ0000001' });
    expect(draft.cardIdentifiers.signerCertificateSha256).toBe(r.material.dscSha256);
    expect(draft.cardIdentifiers.issuerCertificateSha256).toBe(r.material.cscaSha256);
    expect(draft.cardIdentifiers.cardExpiry).toBe('2035-01-01');
    expect(draft.supplementaryDocument).toEqual({ supplies: ['address'], kind: 'residence-certificate' });
    for (const id of ['pp.passive-auth.dg-hashes', 'pp.passive-auth.sod-signature', 'pp.passive-auth.dsc-chain', 'pp.active-auth', 'pp.chip-auth', 'pp.chip.genuine', 'pp.address']) {
      expect(draft.checks.map((c) => c.id)).toContain(id);
    }
    const text = JSON.stringify(draft);
    expect(text).not.toContain('900101'); // the MRZ birth date as keyed
    expect(text).not.toContain('ZZ00000017'); // document number + check digit (MRZ key material)
  });
});
