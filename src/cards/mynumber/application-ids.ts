import { fromHex } from '../../bytes/hex';

/** DF names (AIDs) of the My Number Card applications (spec §1.2). Always select all 10 bytes. */
export const AID = {
  /** 公的個人認証AP (JPKI-AP). */
  jpki: fromHex('D3 92 F0 00 26 01 00 00 00 01'),
  /** 券面事項入力補助AP (text AP). */
  text: fromHex('D3 92 10 00 31 00 01 01 04 08'),
  /** 券面事項確認AP (券面AP / card-face AP). */
  face: fromHex('D3 92 10 00 31 00 01 01 04 02'),
  /** DF …0100: 共通カードAP per MC; its naming is disputed (spec §1.2). */
  common: fromHex('D3 92 10 00 31 00 01 01 01 00'),
  /** DF …0401: 住基AP per MC; which DF is the official 住基AP is UNCONFIRMED (spec §1.2). */
  juki: fromHex('D3 92 10 00 31 00 01 01 04 01'),
} as const;

export type ApplicationName = keyof typeof AID;

/** 券面事項入力補助AP files (spec §2.5). */
export const TEXT_EF = {
  myNumber: 0x01,
  basicFour: 0x02,
  integrity: 0x03,
  cvCertificate: 0x04,
  basicInfo: 0x05,
  sessionKey: 0x06,
  signedPublicKey: 0x07,
  pin: 0x11,
  blocked: 0x12,
  codeA: 0x14,
  codeB: 0x15,
} as const;

/** 券面事項確認AP files (spec §2.6). */
export const FACE_EF = {
  ageRecord: 0x01,
  cardFace: 0x02,
  basicInfo: 0x03,
  cvCertificate: 0x04,
  myNumberImage: 0x05,
  birthDateKey: 0x11,
  codeB: 0x12,
  codeA: 0x13,
} as const;

/** JPKI-AP files (spec §2.4). */
export const JPKI_EF = {
  signCertificate: 0x01,
  signCaCertificate: 0x02,
  tokenInfo: 0x06,
  certificateAvailability: 0x08,
  authCertificate: 0x0a,
  authCaCertificate: 0x0b,
  authKey: 0x17,
  authPin: 0x18,
  signKey: 0x1a,
  signPassword: 0x1b,
} as const;

/** DF …0100 and …0401 files (spec §2.7). */
export const COMMON_EF = {
  cardInfo: 0x01,
  keyReference: 0x02,
  internalAuthKey: 0x19,
  pin: 0x1c,
} as const;

/** Fixed sizes the spec gives (§3.3, §3.4, §3.5, §3.6); variable files are read by their TLV header. */
export const FIXED_SIZE = {
  myNumberFile: 17,
  integrityRecord: 336,
  cvCertificate: 568,
  ageRecord: 547,
  tokenInfo: 160,
  certificateAvailability: 3,
} as const;
