import type { RetryStatus, VerifyOptions } from '../iso7816/pin-guard';
import { FACE_EF, FIXED_SIZE } from './application-ids';
import { checkBirthDateKey, checkVerificationCodeA, checkVerificationCodeB, type CheckedCredential } from './credentials';
import { apInternalAuthenticate } from './internal-authentication';
import { requireMyNumberBasis, type MyNumberLegalBasis } from './legal-basis';
import type { MyNumberSession } from './mynumber-session';
import {
  parseAgeRecord,
  parseApBasicInfo,
  parseCardFaceRecord,
  parseCvCertificate,
  parseMyNumberImage,
  type AgeRecord,
  type ApBasicInfo,
  type CardFaceRecord,
  type CvCertificate,
  type MyNumberImage,
} from './records';

/** Keys of the 券面事項確認AP (spec §2.6). */
export type FaceApKey = 'birthDate' | 'codeA' | 'codeB';

const KEY_SFI: Record<FaceApKey, number> = { birthDate: FACE_EF.birthDateKey, codeA: FACE_EF.codeA, codeB: FACE_EF.codeB };

/**
 * 券面事項確認AP (card-face AP): the face photo, name/address images, birth date, sex, expiry
 * (EF 0002, 照合番号A or B); the age record (EF 0001, birth-date key); the My Number image
 * (EF 0005, 照合番号A only) (spec §2.6).
 */
export class FaceAp {
  constructor(private readonly session: MyNumberSession) {}

  retries(key: FaceApKey): Promise<RetryStatus> {
    return this.session.retries('face', KEY_SFI[key]);
  }

  async verify(key: FaceApKey, value: string, options: VerifyOptions & { legalBasis?: MyNumberLegalBasis } = {}): Promise<RetryStatus> {
    let credential: CheckedCredential;
    if (key === 'birthDate') credential = checkBirthDateKey(value);
    else if (key === 'codeB') credential = checkVerificationCodeB(value);
    else {
      requireMyNumberBasis(options.legalBasis, '照合番号A');
      credential = checkVerificationCodeA(value);
    }
    return this.session.verify('face', KEY_SFI[key], credential, options);
  }

  async readAgeRecord(): Promise<AgeRecord> {
    return parseAgeRecord(await this.session.readEf('face', FACE_EF.ageRecord, { kind: 'fixed', length: FIXED_SIZE.ageRecord }));
  }

  async readCardFace(): Promise<CardFaceRecord> {
    return parseCardFaceRecord(await this.session.readEf('face', FACE_EF.cardFace, { kind: 'ber-tlv' }));
  }

  async readBasicInfo(): Promise<ApBasicInfo> {
    return parseApBasicInfo(await this.session.readEf('face', FACE_EF.basicInfo, { kind: 'ber-tlv', maxLength: 1024 }), 'face');
  }

  async readCvCertificate(): Promise<CvCertificate> {
    return parseCvCertificate(await this.session.readEf('face', FACE_EF.cvCertificate, { kind: 'fixed', length: FIXED_SIZE.cvCertificate }));
  }

  /** EF 0005: the My Number as an image. Refused without a legal basis. */
  async readMyNumberImage(legalBasis: MyNumberLegalBasis): Promise<MyNumberImage> {
    requireMyNumberBasis(legalBasis, 'reading the My Number image');
    return parseMyNumberImage(await this.session.readEf('face', FACE_EF.myNumberImage, { kind: 'ber-tlv', maxLength: 8192 }));
  }

  internalAuthenticate(challenge: Uint8Array): Promise<Uint8Array> {
    return apInternalAuthenticate(this.session, 'face', challenge);
  }
}
