import 'reflect-metadata';
import { MyNumberCard } from '../src/cards/mynumber/mynumber-card';
import { buildSimCard } from '../src/node/sim-loader';
import { runVerification } from '../src/session/run-verification';
import { PURPOSES } from '../src/session/purposes';
import { simulatedCardFor } from '../src/sim/mynumber/build-card';
import { namedProfile } from '../src/sim/mynumber/profiles';
import { simulatorAnchorSet } from '../src/sim/pki/sim-trust-anchors';
import { SimulatedTransport } from '../src/transport/simulated-transport';
import { checkCardExpiry } from '../src/verify/card/card-expiry';
import { newChallenge, verifyChipAuthentication } from '../src/verify/card/chip-authentication';
import { verifyCvCertificate } from '../src/verify/card/cv-certificate-check';
import { verifyCardFace } from '../src/verify/card/face-records-check';
import { verifyTextRecords } from '../src/verify/card/text-records-check';
import { crossCheck } from '../src/verify/cross-checks';
import { jpkiChallengeDigestInfo, verifyJpkiChallenge } from '../src/verify/jpki/jpki-challenge';
import { validateJpkiCertificate } from '../src/verify/jpki/jpki-chain';
import { OfflineRevocationChecker } from '../src/verify/revocation/offline-checker';
import { allKnownAnchors, createTrustStore } from '../src/verify/trust/trust-store';
import { measure, type Timing } from './measure';

/**
 * Verification CPU time (issue 3/7): the counter-check verification on records already read
 * (what the verifier itself costs), the same flow end to end on the simulated card (includes the
 * simulator's own BigInt RSA signing), and a JPKI chain + challenge check.
 */
export async function verificationBenchmarks(): Promise<Timing[]> {
  const profile = namedProfile('default')!;
  const built = await buildSimCard(profile);
  const simulator = await simulatorAnchorSet();
  const trust = createTrustStore('simulator', { simulator });
  const allAnchors = allKnownAnchors({ simulator });
  const now = new Date('2026-11-20T03:00:00Z');

  // Read everything once, as the counter check does, then time only the verification.
  const transport = new SimulatedTransport(simulatedCardFor(built.model));
  await transport.connect();
  const card = new MyNumberCard(transport);
  // Security status belongs to the selected DF, so each AP is opened and read in turn.
  await card.text.verify('codeB', '55021720352285');
  const text = {
    cv: await card.text.readCvCertificate(),
    integrity: await card.text.readIntegrityRecord(),
    basic: await card.text.readBasicFour(),
    signedKey: await card.text.readSignedPublicKey(),
  };
  await card.face.verify('codeB', '55021720352285');
  const face = { cv: await card.face.readCvCertificate(), record: await card.face.readCardFace() };
  const textChallenge = newChallenge();
  const faceChallenge = newChallenge();
  const textAnswer = await card.text.internalAuthenticate(textChallenge);
  const faceAnswer = await card.face.internalAuthenticate(faceChallenge);
  await card.jpki.verify('sign', profile.credentials.signPassword);
  const signCert = await card.jpki.readSignCertificate();
  const jpkiChallenge = newChallenge();
  const jpkiSignature = await card.jpki.signDigestInfo('sign', await jpkiChallengeDigestInfo(jpkiChallenge));
  card.close();

  const verifyCounterRecords = async () => {
    const tcv = await verifyCvCertificate('text.cv-certificate', text.cv, trust, { allAnchors });
    const tr = await verifyTextRecords({ integrity: text.integrity, basicFour: text.basic, signedKey: text.signedKey, apKey: tcv.apKey! });
    const fcv = await verifyCvCertificate('face.cv-certificate', face.cv, trust, { allAnchors });
    const fr = await verifyCardFace(face.record, fcv.apKey!);
    const seen = new Set<string>();
    await verifyChipAuthentication('text.chip-authentication', { challenge: textChallenge, signature: textAnswer, cardKey: tr.cardKey!, seenAnswers: seen });
    await verifyChipAuthentication('face.chip-authentication', { challenge: faceChallenge, signature: faceAnswer, cardKey: fr.cardKey!, seenAnswers: seen });
    checkCardExpiry(face.record.expiryDate, now);
    crossCheck([
      { source: 'text-ap', birthDate: text.basic.birthDate, sex: text.basic.sexCode },
      { source: 'card-face', birthDate: face.record.birthDate, sex: face.record.sexCode },
    ]);
  };
  const env = { trust, allAnchors, revocation: new OfflineRevocationChecker(), now: () => now };
  const endToEnd = async () => {
    const t = new SimulatedTransport(simulatedCardFor(built.model));
    await t.connect();
    await runVerification(t, PURPOSES.counter, { codeB: '55021720352285' }, env);
  };
  const jpki = async () => {
    await validateJpkiCertificate(signCert, 'sign', trust, now);
    await verifyJpkiChallenge('sign', signCert, jpkiChallenge, jpkiSignature);
  };
  return [
    await measure('counter-check verification (records pre-read)', 50, verifyCounterRecords),
    await measure('counter check end to end on the simulated card', 20, endToEnd),
    await measure('JPKI sign chain + challenge verification', 50, jpki),
  ];
}
