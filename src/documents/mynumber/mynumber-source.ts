/**
 * Where the My Number Card's verification steps get the card's records: the card on the reader
 * (live: VERIFY, READ BINARY, fresh challenges) or a recording of it (`kazasu verify --dump`).
 * The steps (mynumber-steps.ts) are one list for both, so a changed file in a recording fails
 * exactly the check a changed card fails; only what cannot be re-done without the chip differs:
 * chip authentication and JPKI challenge signatures come from the answers recorded at read time.
 */
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import {
  parseAgeRecord,
  parseBasicFour,
  parseCardFaceRecord,
  parseCertificateAvailability,
  parseCvCertificate,
  parseSignedPublicKey,
  type AgeRecord,
  type BasicFour,
  type CardFaceRecord,
  type CertificateAvailability,
  type CvCertificate,
  type IntegrityRecord,
  type RsaPublicKey,
  type SignedPublicKey,
} from '../../cards/mynumber/records';
import { authenticateChip, verifyChipAuthentication, type ChipAuthenticationCheckId } from '../../verify/card/chip-authentication';
import { jpkiChallengeDigestInfo, verifyJpkiChallenge } from '../../verify/jpki/jpki-challenge';
import { newChallenge } from '../../verify/card/chip-authentication';
import { check, type AnyCheck } from '../../verify/report';
import type { CardRecording, RecordedChallenge } from '../card-recording';
import type { EnteredCredentials } from '../document-driver';
import { recordedFile } from '../recording-checks';
import { requireCredential } from '../step-helpers';
import type { MyNumberCredential } from './mynumber-credentials';
import { MYNUMBER_RECORDED_FILES as FILES } from './mynumber-recording-files';

export type ChipAp = 'text' | 'face';

export interface MyNumberSource {
  /** Open the text AP with 照合番号B (live: one guarded VERIFY; recorded: nothing to open). */
  openText(): Promise<void>;
  readBasicFour(): Promise<BasicFour>;
  readTextCvCertificate(): Promise<CvCertificate>;
  /** The integrity record EF 0003; undefined from a recording (withheld: it would reveal the My Number). */
  readIntegrityRecord(): Promise<IntegrityRecord | undefined>;
  readSignedPublicKey(): Promise<SignedPublicKey>;
  /** Open the card-face AP with 照合番号B or the birth-date key. */
  openFace(key: 'codeB' | 'birthDate'): Promise<void>;
  readFaceCvCertificate(): Promise<CvCertificate>;
  readCardFace(): Promise<CardFaceRecord>;
  readAgeRecord(): Promise<AgeRecord>;
  /** The chip-authentication check of one AP against a verified card key. */
  chipAuthentication(ap: ChipAp, id: ChipAuthenticationCheckId, key: RsaPublicKey, seen: Set<string>): Promise<AnyCheck>;
  readCertificateAvailability(): Promise<CertificateAvailability>;
  /** Open the sign key and its certificate with the sign password. */
  openJpkiSign(): Promise<void>;
  readSignCertificate(): Promise<Uint8Array>;
  readAuthCertificate(): Promise<Uint8Array>;
  /** With the auth PIN (live) / when one was recorded: whether the auth key's challenge can be checked. */
  readonly hasAuthChallenge: boolean;
  /** Open the auth key with the 利用者証明用 PIN (live only). */
  openJpkiAuth(): Promise<void>;
  /** The `jpki.<kind>.challenge` check: a challenge signed by that key, verified with the certificate. */
  jpkiChallenge(kind: 'sign' | 'auth', certificate: Uint8Array): Promise<AnyCheck>;
  close(): void;
}

// ------------------------------------------------------------------------------ live

/** The card on the reader, with the credentials entered for this run. */
export function cardSource(card: MyNumberCard, credentials: EnteredCredentials<MyNumberCredential>): MyNumberSource {
  const confirm = { confirmLastTry: credentials.confirmLastTry };
  return {
    openText: async () => void (await card.text.verify('codeB', requireCredential(credentials.values.codeB, 'codeB'), confirm)),
    readBasicFour: () => card.text.readBasicFour(),
    readTextCvCertificate: () => card.text.readCvCertificate(),
    readIntegrityRecord: () => card.text.readIntegrityRecord(),
    readSignedPublicKey: () => card.text.readSignedPublicKey(),
    openFace: async (key) => {
      if (key === 'codeB') await card.face.verify('codeB', requireCredential(credentials.values.codeB, 'codeB'), confirm);
      else await card.face.verify('birthDate', requireCredential(credentials.values.birthDateKey, 'birthDateKey'), confirm);
    },
    readFaceCvCertificate: () => card.face.readCvCertificate(),
    readCardFace: () => card.face.readCardFace(),
    readAgeRecord: () => card.face.readAgeRecord(),
    chipAuthentication: (ap, id, key, seen) => authenticateChip(ap === 'text' ? card.text : card.face, id, key, seen),
    readCertificateAvailability: () => card.jpki.readCertificateAvailability(),
    openJpkiSign: async () => void (await card.jpki.verify('sign', requireCredential(credentials.values.signPassword, 'signPassword'), confirm)),
    readSignCertificate: () => card.jpki.readSignCertificate(),
    readAuthCertificate: () => card.jpki.readAuthCertificate(),
    hasAuthChallenge: credentials.values.authPin !== undefined,
    openJpkiAuth: async () => void (await card.jpki.verify('auth', requireCredential(credentials.values.authPin, 'authPin'), confirm)),
    async jpkiChallenge(kind, certificate) {
      const challenge = newChallenge();
      const signature = await card.jpki.signDigestInfo(kind, await jpkiChallengeDigestInfo(challenge));
      return verifyJpkiChallenge(kind, certificate, challenge, signature);
    },
    close: () => card.close(),
  };
}

// ------------------------------------------------------------------------------ recorded

/** A recorded pass says it was checked at read time; a failure keeps the live check's reason. */
function atReadTime(c: AnyCheck, recorded: RecordedChallenge): AnyCheck {
  if (c.status !== 'pass') return c;
  return { ...c, code: 'recorded-answer-verified', detail: `${c.detail ? `${c.detail}; ` : ''}challenge sent ${recorded.at} (as recorded)` };
}

/** A recording of the card (documents/card-recording.ts), read with the card module's own parsers. */
export function recordingSource(recording: CardRecording): MyNumberSource {
  const challengeFor = (id: string): RecordedChallenge | undefined => recording.challenges.find((c) => c.check === id);
  const file = (path: string) => recordedFile(recording, path);
  return {
    openText: async () => undefined,
    readBasicFour: async () => parseBasicFour(file(FILES.textBasicFour)),
    readTextCvCertificate: async () => parseCvCertificate(file(FILES.textCvCertificate)),
    readIntegrityRecord: async () => undefined,
    readSignedPublicKey: async () => parseSignedPublicKey(file(FILES.textSignedKey)),
    openFace: async () => undefined,
    readFaceCvCertificate: async () => parseCvCertificate(file(FILES.faceCvCertificate)),
    readCardFace: async () => parseCardFaceRecord(file(FILES.faceCardFace)),
    readAgeRecord: async () => parseAgeRecord(file(FILES.faceAgeRecord)),
    async chipAuthentication(_ap, id, key, seen) {
      const recorded = challengeFor(id);
      if (!recorded) return check(id, 'skipped', 'chip-auth-not-recorded', 'no challenge and answer in the recording: the chip was not checked');
      return atReadTime(await verifyChipAuthentication(id, { challenge: recorded.challenge, signature: recorded.response, cardKey: key, seenAnswers: seen }), recorded);
    },
    readCertificateAvailability: async () => parseCertificateAvailability(file(FILES.jpkiAvailability)),
    openJpkiSign: async () => undefined,
    readSignCertificate: async () => file(FILES.jpkiSignCertificate),
    readAuthCertificate: async () => file(FILES.jpkiAuthCertificate),
    hasAuthChallenge: challengeFor('jpki.auth.challenge') !== undefined,
    openJpkiAuth: async () => undefined,
    async jpkiChallenge(kind, certificate) {
      const id = `jpki.${kind}.challenge`;
      const recorded = challengeFor(id);
      if (!recorded) return check(id, 'skipped', 'chip-auth-not-recorded', 'no challenge and signature in the recording: the key was not checked');
      return atReadTime(await verifyJpkiChallenge(kind, certificate, recorded.challenge, recorded.response), recorded);
    },
    close: () => undefined,
  };
}
