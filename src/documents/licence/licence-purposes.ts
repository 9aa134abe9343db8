/**
 * What each kiosk purpose means for the driver's licence: which PINs, what is read (nothing more:
 * data minimisation), and which checks must pass for 'verified'.
 *
 * The issuer signature (`dl.signature`) is checked against issuer certificates an operator
 * imports (none are published: licence-facts §4). Without one the check is a `warn` with its own
 * reason ('dl-issuer-certificate-not-installed'):
 *  - counter: enough — the chip was read with the holder's PINs and the clerk compares the photo
 *    and the printed card before confirming (the kiosk's staff confirmation); `dl.signature` is
 *    not required, but a signature that FAILS still fails the whole check;
 *  - bank and age: not enough — `dl.signature` must pass, so without an installed issuer
 *    certificate the outcome is 'incomplete', never 'verified';
 *  - field (offline officers): like the counter, with PIN2 optional (photo when given).
 * The signed data is believed to include the photo and 本籍 (signed-data.ts, UNCONFIRMED), so a
 * purpose that checks the signature needs PIN2 and reads 本籍 — as ForbiddenBytes that are hashed,
 * never decoded, shown or stored (`honsekiForSignature`, the only way 本籍 is ever read here).
 * Licences have no online revocation service, so revocation is 'none' throughout.
 */
import type { LicenceCheckId } from '../../verify/licence/licence-checks';
import type { PurposeId } from '../../verify/report';
import type { DocumentPurpose } from '../document-driver';
import type { LicenceCredential } from './licence-credentials';

/** What a purpose reads from the licence. */
export interface LicenceReadPlan {
  /** DF2 photo (PIN2). */
  readonly photo: boolean;
  /** EF07 and the files the signed-data recipe covers. */
  readonly signature: boolean;
  /** 本籍 read as ForbiddenBytes only to hash it into the signed data (PIN2). */
  readonly honsekiForSignature: boolean;
  /** What the report shows: the whole licence, or only the age answers. */
  readonly show: 'licence' | 'age-only';
}

export interface LicencePurpose extends DocumentPurpose<LicenceCredential, LicenceReadPlan> {
  readonly requiredChecks: readonly LicenceCheckId[];
}

const FULL: LicenceReadPlan = { photo: true, signature: true, honsekiForSignature: true, show: 'licence' };
const READ_CHECKS: readonly LicenceCheckId[] = ['dl.entries', 'dl.expiry'];
/** マイナ免許証: the licence application has one PIN, entered as pin1 (licence-tries.ts). */
const MNC_ONE_PIN = { 'mynumber-card': ['pin1'] } as const satisfies Partial<Record<string, readonly LicenceCredential[]>>;

export const LICENCE_PURPOSES: Readonly<Record<PurposeId, LicencePurpose>> = {
  counter: {
    credentials: ['pin1', 'pin2'],
    variantCredentials: MNC_ONE_PIN,
    reads: FULL,
    revocation: 'none',
    requiredChecks: [...READ_CHECKS, 'dl.photo'],
    legalMethod: { ja: '対面・運転免許証のICチップ読取と画面表示（犯収法 新イ方式）', en: "Face to face, driver's licence IC chip read and shown on screen (AML rule, new method i)" },
  },
  bank: {
    credentials: ['pin1', 'pin2'],
    variantCredentials: MNC_ONE_PIN,
    reads: FULL,
    revocation: 'none',
    requiredChecks: [...READ_CHECKS, 'dl.photo', 'dl.signature'],
    legalMethod: {
      ja: '対面・運転免許証のICチップ読取、発行者署名の検証（犯収法 新イ方式）',
      en: "Face to face, driver's licence IC chip read with the issuer signature verified (AML rule, new method i)",
    },
  },
  field: {
    credentials: ['pin1'],
    variantCredentials: MNC_ONE_PIN,
    // PIN2 given: the photo and the signature too.
    optionalCredentials: ['pin2'],
    reads: FULL,
    revocation: 'none',
    requiredChecks: READ_CHECKS,
  },
  age: {
    credentials: ['pin1', 'pin2'],
    reads: { ...FULL, show: 'age-only' },
    revocation: 'none',
    // The licence information on a My Number Card has no birth date (licence-facts §5.5): the
    // age check reads the My Number Card itself there.
    variants: ['card'],
    // A birth date is trusted only under a verified signature.
    requiredChecks: [...READ_CHECKS, 'dl.signature'],
  },
};
