/**
 * The files of a My Number Card recording (docs/recording-format.md): `<application>/EF<fid>.bin`
 * with the card's own file ids (spec §2.4–§2.7), bytes as the card library read them (the TLV
 * object, without the filler after it). Never recorded: text AP EF 0001 (the My Number), EF 0003
 * (its SHA-256 digest and a signature over it: 10¹¹ candidate numbers are a minutes' search),
 * card-face AP EF 0005 (the My Number as an image) and the card face's security-code image (part
 * of 照合番号B; not covered by the signature, so it is blanked in place).
 */
export const MYNUMBER_RECORDED_FILES = {
  textBasicFour: 'text/EF0002.bin',
  textCvCertificate: 'text/EF0004.bin',
  textSignedKey: 'text/EF0007.bin',
  faceAgeRecord: 'face/EF0001.bin',
  faceCardFace: 'face/EF0002.bin',
  faceCvCertificate: 'face/EF0004.bin',
  jpkiSignCertificate: 'jpki/EF0001.bin',
  jpkiTokenInfo: 'jpki/EF0006.bin',
  jpkiAvailability: 'jpki/EF0008.bin',
  jpkiAuthCertificate: 'jpki/EF000A.bin',
  commonCardInfo: 'common/EF0001.record1.bin',
} as const;

/** What a recording withholds, said in every My Number Card recording's manifest. */
export const MYNUMBER_WITHHELD = [
  { part: 'text AP EF 0001 (the My Number)', reason: 'never recorded (番号法)' },
  {
    part: 'text AP EF 0003 (integrity record)',
    reason: 'holds the SHA-256 of the My Number file, from which the number can be found by trial; so text.integrity-signature and text.basic-four-digest cannot be checked from a recording',
  },
  { part: 'card-face AP EF 0005 (the My Number as an image)', reason: 'never recorded (番号法)' },
] as const;

export const SECURITY_CODE_WITHHELD = {
  file: MYNUMBER_RECORDED_FILES.faceCardFace,
  part: 'card face DF2A (security-code image), blanked with zero bytes',
  reason: 'part of 照合番号B; not covered by the card-face signature',
} as const;
