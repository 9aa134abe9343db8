import { KazasuError } from '../../errors/kazasu-error';
import type { RetryStatus, VerifyOptions } from '../iso7816/pin-guard';
import { FIXED_SIZE, JPKI_EF } from './application-ids';
import { checkPin4, checkSignPassword, type CheckedCredential } from './credentials';
import type { MyNumberSession } from './mynumber-session';
import {
  parseCertificateAvailability,
  parseJpkiTokenInfo,
  type CertificateAvailability,
  type JpkiTokenInfo,
} from './records';

/** The two JPKI key pairs: 利用者証明用 (auth, 4-digit PIN) and 署名用 (sign, password). */
export type JpkiKeyKind = 'auth' | 'sign';

export class JpkiError extends KazasuError {
  constructor(
    readonly code: 'jpki-no-sign-certificate' | 'jpki-bad-digest-info',
    message: string,
  ) {
    super(message);
  }
}

const PIN_SFI: Record<JpkiKeyKind, number> = { auth: JPKI_EF.authPin, sign: JPKI_EF.signPassword };
const KEY_SFI: Record<JpkiKeyKind, number> = { auth: JPKI_EF.authKey, sign: JPKI_EF.signKey };
/** X.509 certificates are about 1.3–1.8 KB (spec §4.1); allow room, refuse absurd headers. */
const MAX_CERT_SIZE = 8192;

/**
 * 公的個人認証AP (JPKI-AP): X.509 certificates and RSA signatures (spec §2.4, §4). The 署名用
 * certificate itself is readable only after the sign password (EF 001B).
 */
export class JpkiAp {
  constructor(private readonly session: MyNumberSession) {}

  async readTokenInfo(): Promise<JpkiTokenInfo> {
    return parseJpkiTokenInfo(await this.session.readEf('jpki', JPKI_EF.tokenInfo, { kind: 'fixed', length: FIXED_SIZE.tokenInfo }));
  }

  async readCertificateAvailability(): Promise<CertificateAvailability> {
    return parseCertificateAvailability(
      await this.session.readEf('jpki', JPKI_EF.certificateAvailability, { kind: 'fixed', length: FIXED_SIZE.certificateAvailability }),
    );
  }

  retries(kind: JpkiKeyKind): Promise<RetryStatus> {
    return this.session.retries('jpki', PIN_SFI[kind]);
  }

  async verify(kind: JpkiKeyKind, value: string, options: VerifyOptions = {}): Promise<RetryStatus> {
    const credential: CheckedCredential = kind === 'auth' ? checkPin4(value) : checkSignPassword(value);
    return this.session.verify('jpki', PIN_SFI[kind], credential, options);
  }

  /** 利用者証明用電子証明書 (DER), free on the physical card (spec §2.4). */
  readAuthCertificate(): Promise<Uint8Array> {
    return this.readCertificate(JPKI_EF.authCertificate);
  }

  /** 署名用電子証明書 (DER). Needs the sign password verified in this session (6982 otherwise). */
  async readSignCertificate(): Promise<Uint8Array> {
    const availability = await this.readCertificateAvailability();
    if (!availability.hasSignCertificate) {
      throw new JpkiError('jpki-no-sign-certificate', 'this card holds no 署名用 certificate (e.g. holder under 15)');
    }
    return this.readCertificate(JPKI_EF.signCertificate);
  }

  readAuthCaCertificate(): Promise<Uint8Array> {
    return this.readCertificate(JPKI_EF.authCaCertificate);
  }

  readSignCaCertificate(): Promise<Uint8Array> {
    return this.readCertificate(JPKI_EF.signCaCertificate);
  }

  /**
   * Sign a DER DigestInfo with the auth or sign key (`80 2A 00 80|SFI`, P1 = 00, spec §4.2).
   * The matching PIN must have been verified in this session; the card answers 6982 otherwise.
   */
  async signDigestInfo(kind: JpkiKeyKind, digestInfo: Uint8Array): Promise<Uint8Array> {
    // P1 = 00 takes 1–245 bytes for RSA-2048 (spec §4.2); a DigestInfo starts with SEQUENCE.
    if (digestInfo.length < 2 || digestInfo.length > 245 || digestInfo[0] !== 0x30) {
      throw new JpkiError('jpki-bad-digest-info', 'not a DER DigestInfo of a signable size');
    }
    await this.session.select('jpki');
    return this.session.channel.sendOk({ cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x80 | KEY_SFI[kind], data: digestInfo, le: 256 });
  }

  private async readCertificate(sfi: number): Promise<Uint8Array> {
    return this.session.readEf('jpki', sfi, { kind: 'ber-tlv', maxLength: MAX_CERT_SIZE });
  }
}
