/**
 * Every named simulator profile, read over the simulated reader with the card library, passes
 * every text.*, face.* and card.expiry check under simulator trust (spec §3.9), and fails
 * cleanly under production trust. Also times one full record verification.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { RsaPublicKey } from '../../src/cards/mynumber/records';
import { NAMED_PROFILES } from '../../src/sim/mynumber/profiles';
import type { Check } from '../../src/verify/report';
import { checkCardExpiry } from '../../src/verify/card/card-expiry';
import { authenticateChip } from '../../src/verify/card/chip-authentication';
import { verifyCvCertificate } from '../../src/verify/card/cv-certificate-check';
import { checkCardKeyConsistency, verifyAgeRecord, verifyCardFace, verifyMyNumberImage } from '../../src/verify/card/face-records-check';
import { verifyTextRecords } from '../../src/verify/card/text-records-check';
import type { TrustStore } from '../../src/verify/trust/trust-anchors';
import { buildNamed, openCard, productionTrust, readAllRecords, simulatorCvCaKeys, simulatorTrust, type CardRecords } from './helpers';

const IDS = NAMED_PROFILES.map((p) => p.id);
const NOW = new Date('2026-11-22T12:00:00+09:00');
const ALL_CHECK_IDS = [
  'text.cv-certificate',
  'text.integrity-signature',
  'text.basic-four-digest',
  'text.my-number-digest',
  'text.signed-key',
  'text.chip-authentication',
  'face.cv-certificate',
  'face.card-face-signature',
  'face.age-record-signature',
  'face.my-number-image-signature',
  'face.card-key-consistency',
  'face.chip-authentication',
  'card.expiry',
];

const records = new Map<string, CardRecords>();
const cards = new Map<string, MyNumberCard>();

beforeAll(async () => {
  for (const id of IDS) {
    const built = await buildNamed(id);
    records.set(id, await readAllRecords(built));
    cards.set(id, await openCard(built.model));
  }
});

/** The whole recipe of spec §3.9 over already-read records, as a session would run it. */
async function verifyAll(r: CardRecords, trust: TrustStore, mnc?: MyNumberCard): Promise<Check[]> {
  const checks: Check[] = [];
  const seen = new Set<string>();
  const textCv = await verifyCvCertificate('text.cv-certificate', r.textCv, trust);
  checks.push(textCv.check);
  if (textCv.apKey) {
    const text = await verifyTextRecords({ integrity: r.integrity, basicFour: r.basicFour, myNumberFile: r.myNumberFile, signedKey: r.signedKey, apKey: textCv.apKey });
    checks.push(...text.checks);
    if (text.cardKey && mnc) checks.push(await authenticateChip(mnc.text, 'text.chip-authentication', text.cardKey, seen));
  }
  const faceCv = await verifyCvCertificate('face.cv-certificate', r.faceCv, trust);
  checks.push(faceCv.check);
  if (faceCv.apKey) {
    const face = await verifyCardFace(r.cardFace, faceCv.apKey);
    const age = await verifyAgeRecord(r.age, faceCv.apKey);
    const img = await verifyMyNumberImage(r.myNumberImage, faceCv.apKey);
    checks.push(face.check, age.check, img.check);
    const keys = [face.cardKey, age.cardKey, img.cardKey].filter((k): k is RsaPublicKey => !!k);
    checks.push(checkCardKeyConsistency(keys));
    if (face.cardKey && mnc) checks.push(await authenticateChip(mnc.face, 'face.chip-authentication', face.cardKey, seen));
  }
  checks.push(checkCardExpiry(r.cardFace.expiryDate, NOW));
  return checks;
}

describe.each(IDS)('profile %s', (id) => {
  it('passes every check under simulator trust', async () => {
    const checks = await verifyAll(records.get(id)!, simulatorTrust(), cards.get(id));
    expect(checks.map((c) => c.id).sort()).toEqual([...ALL_CHECK_IDS].sort());
    for (const c of checks) expect(`${c.id} ${c.status}/${c.code}`).toBe(`${c.id} pass/ok`);
  });

  it('under production trust: both CV certificates fail as other-mode, nothing else is attempted', async () => {
    const prod = productionTrust();
    const r = records.get(id)!;
    const allAnchors = { cvCaKeys: [...prod.cvCaKeys, ...simulatorCvCaKeys()], x509Anchors: [] };
    for (const [cid, cert] of [
      ['text.cv-certificate', r.textCv],
      ['face.cv-certificate', r.faceCv],
    ] as const) {
      const v = await verifyCvCertificate(cid, cert, prod, { allAnchors });
      expect(v.check.code).toBe('cv-issuer-other-mode');
      expect(v.apKey).toBeUndefined();
    }
  });
});
