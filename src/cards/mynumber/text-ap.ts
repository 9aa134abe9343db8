import type { RetryStatus, VerifyOptions } from '../iso7816/pin-guard';
import { FIXED_SIZE, TEXT_EF } from './application-ids';
import { checkPin4, checkVerificationCodeA, checkVerificationCodeB, type CheckedCredential } from './credentials';
import { apInternalAuthenticate } from './internal-authentication';
import { requireMyNumberBasis, type MyNumberLegalBasis } from './legal-basis';
import type { MyNumberSession } from './mynumber-session';
import {
  parseApBasicInfo,
  parseBasicFour,
  parseCvCertificate,
  parseIntegrityRecord,
  parseMyNumberFile,
  parseSessionKey,
  parseSignedPublicKey,
  type ApBasicInfo,
  type BasicFour,
  type CvCertificate,
  type IntegrityRecord,
  type MyNumberFile,
  type SessionKeyFile,
  type SignedPublicKey,
} from './records';

/** Keys of the 券面事項入力補助AP (spec §2.5). */
export type TextApKey = 'pin' | 'codeA' | 'codeB';

const KEY_SFI: Record<TextApKey, number> = { pin: TEXT_EF.pin, codeA: TEXT_EF.codeA, codeB: TEXT_EF.codeB };

/**
 * 券面事項入力補助AP (text AP): name, address, birth date and sex as text, the My Number, and
 * the integrity record that signs them. EF 0002 opens with the PIN or 照合番号B; EF 0001 with
 * the PIN or 照合番号A; EF 0003/0006/0007 with any of them (spec §2.5).
 */
export class TextAp {
  constructor(private readonly session: MyNumberSession) {}

  retries(key: TextApKey): Promise<RetryStatus> {
    return this.session.retries('text', KEY_SFI[key]);
  }

  /**
   * Verify a credential after a format pre-check. 照合番号A is the My Number itself, so it needs
   * the legal basis too.
   */
  async verify(key: TextApKey, value: string, options: VerifyOptions & { legalBasis?: MyNumberLegalBasis } = {}): Promise<RetryStatus> {
    let credential: CheckedCredential;
    if (key === 'pin') credential = checkPin4(value);
    else if (key === 'codeB') credential = checkVerificationCodeB(value);
    else {
      requireMyNumberBasis(options.legalBasis, '照合番号A');
      credential = checkVerificationCodeA(value);
    }
    return this.session.verify('text', KEY_SFI[key], credential, options);
  }

  /** EF 0001, the 個人番号 (17 bytes with filler, spec §3.1). Refused without a legal basis. */
  async readMyNumber(legalBasis: MyNumberLegalBasis): Promise<MyNumberFile> {
    requireMyNumberBasis(legalBasis, 'reading the My Number');
    return parseMyNumberFile(await this.session.readEf('text', TEXT_EF.myNumber, { kind: 'fixed', length: FIXED_SIZE.myNumberFile }));
  }

  async readBasicFour(): Promise<BasicFour> {
    return parseBasicFour(await this.session.readEf('text', TEXT_EF.basicFour, { kind: 'ber-tlv', maxLength: 4096 }));
  }

  async readIntegrityRecord(): Promise<IntegrityRecord> {
    return parseIntegrityRecord(await this.session.readEf('text', TEXT_EF.integrity, { kind: 'fixed', length: FIXED_SIZE.integrityRecord }));
  }

  async readCvCertificate(): Promise<CvCertificate> {
    return parseCvCertificate(await this.session.readEf('text', TEXT_EF.cvCertificate, { kind: 'fixed', length: FIXED_SIZE.cvCertificate }));
  }

  async readBasicInfo(): Promise<ApBasicInfo> {
    return parseApBasicInfo(await this.session.readEf('text', TEXT_EF.basicInfo, { kind: 'ber-tlv', maxLength: 1024 }), 'text');
  }

  async readSessionKey(): Promise<SessionKeyFile> {
    return parseSessionKey(await this.session.readEf('text', TEXT_EF.sessionKey, { kind: 'ber-tlv', maxLength: 1024 }));
  }

  async readSignedPublicKey(): Promise<SignedPublicKey> {
    return parseSignedPublicKey(await this.session.readEf('text', TEXT_EF.signedPublicKey, { kind: 'ber-tlv', maxLength: 1024 }));
  }

  /** Sign a host challenge with the text AP's card key (no credential needed, spec §2.9). */
  internalAuthenticate(challenge: Uint8Array): Promise<Uint8Array> {
    return apInternalAuthenticate(this.session, 'text', challenge);
  }
}
