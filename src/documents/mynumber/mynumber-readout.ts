/**
 * `kazasu read` for the My Number Card: reads what the given credentials open and describes it,
 * without verifying. The JPKI token, certificate availability, auth certificate and counters are
 * free; the sign password opens the sign certificate; the 4-digit PIN (`--pin`, the
 * 券面事項入力補助用 PIN — usually the same digits as the 利用者証明用 PIN) or 照合番号B open the
 * text AP; 照合番号B opens the card face. The My Number is read only under a 番号法 purpose
 * (`--my-number-purpose`), and never printed (the output says only that it was read).
 */
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import type { MyNumberLegalBasis } from '../../cards/mynumber/legal-basis';
import type { CardFaceRecord } from '../../cards/mynumber/records';
import { formatWareki, toWareki } from '../../cards/mynumber/wareki';
import { isKazasuError } from '../../errors/kazasu-error';
import type { CardTransport } from '../../transport/card-transport';
import { newChallenge } from '../../verify/card/chip-authentication';
import { jpkiChallengeDigestInfo } from '../../verify/jpki/jpki-challenge';
import type { CardRecording, RecordedChallenge, WithheldPart } from '../card-recording';
import type { DocumentReadout, ReadoutRequest } from '../document-driver';
import { isCredentialOrTransportError } from '../step-helpers';
import type { MyNumberCredential } from './mynumber-credentials';
import { MYNUMBER_RECORDED_FILES as FILES, MYNUMBER_WITHHELD, SECURITY_CODE_WITHHELD } from './mynumber-recording-files';

export interface MyNumberReadoutJson {
  jpki: {
    tokenLabel?: string;
    signCertificatePresent?: boolean;
    authCertificateBytes?: number;
    signCertificateBytes?: number;
    retries?: { auth?: string; sign?: string };
  };
  /** name/address are absent when the card's text held control, bidi or invisible characters (withheld by the parser). */
  text?: { name?: string; address?: string; birthDate: string; birthDateWareki: string; sex: string; myNumberRead?: true };
  face?: { birthDate: string; sex: string; expiryDate: string; photoBytes: number; nameImageBytes: number; addressImageBytes: number };
  ageRecord?: { birthDate: string };
  commonCard?: { municipalityCode: string; expiryDate: string };
}

export const MYNUMBER_READ_OPTIONS = ['my-number-purpose'] as const;

/**
 * The card face as recorded: the bytes as read with the security-code image (DF2A, the last
 * object; spec §3.7) overwritten with zero bytes. DF2A is outside the signature, so the record
 * still verifies; its length and the offset table stay as they were.
 */
export function cardFaceForRecording(face: CardFaceRecord): Uint8Array {
  const out = face.raw.slice();
  const at = face.offsets[8];
  if (at === undefined || out[at] !== 0xdf || out[at + 1] !== 0x2a) throw new RangeError('card face: DF2A not where its offset table says');
  const first = out[at + 2]!;
  const header = first < 0x80 ? 3 : 3 + (first & 0x7f);
  out.fill(0, at + header, at + header + face.securityCodeImage.length);
  return out;
}

export async function readMyNumberCard(transport: CardTransport, request: ReadoutRequest<MyNumberCredential>): Promise<DocumentReadout> {
  const card = new MyNumberCard(transport);
  const now = request.now ?? (() => new Date());
  const recordedAt = now().toISOString();
  const record = request.record === true;
  const out: MyNumberReadoutJson = { jpki: {} };
  const files: Record<string, Uint8Array> = {};
  const recorded: Record<string, Uint8Array> = {};
  const challenges: RecordedChallenge[] = [];
  const withheld: WithheldPart[] = [...MYNUMBER_WITHHELD];
  const errors: { step: string; code: string }[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      // A credential problem (wrong, blocked, last try unconfirmed) or a card that left ends the
      // read: the caller explains it; nothing else is tried with other credentials.
      if (!isKazasuError(e) || isCredentialOrTransportError(e)) throw e;
      errors.push({ step: name, code: e.code });
    }
  };
  /** A fresh challenge signed by the card while it is on the reader, kept for `verify --dump`. */
  const answer = async (check: string, sign: (challenge: Uint8Array) => Promise<Uint8Array>) => {
    const at = now().toISOString();
    const challenge = newChallenge();
    challenges.push({ check, challenge, response: await sign(challenge), at });
  };
  const purpose = request.options['my-number-purpose'];
  const legalBasis: MyNumberLegalBasis | undefined = purpose ? { kind: 'my-number-act', purpose } : undefined;
  const { signPassword: password, authPin: pin, codeB, birthDateKey } = request.credentials;
  const confirm = { confirmLastTry: request.confirmLastTry === true };
  let faceRecorded = false;

  try {
    await step('jpki', async () => {
      const token = await card.jpki.readTokenInfo();
      out.jpki.tokenLabel = token.label;
      const availability = await card.jpki.readCertificateAvailability();
      out.jpki.signCertificatePresent = availability.hasSignCertificate;
      const auth = await card.jpki.readAuthCertificate();
      out.jpki.authCertificateBytes = auth.length;
      files['jpki-auth-certificate.der'] = auth;
      recorded[FILES.jpkiTokenInfo] = token.raw;
      recorded[FILES.jpkiAvailability] = availability.raw;
      recorded[FILES.jpkiAuthCertificate] = auth;
      const authRetries = await card.jpki.retries('auth');
      out.jpki.retries = { auth: describeRetries(authRetries) };
      if (availability.hasSignCertificate) out.jpki.retries.sign = describeRetries(await card.jpki.retries('sign'));
    });
    if (password) {
      await step('jpki-sign', async () => {
        await card.jpki.verify('sign', password, confirm);
        const sign = await card.jpki.readSignCertificate();
        out.jpki.signCertificateBytes = sign.length;
        files['jpki-sign-certificate.der'] = sign;
        recorded[FILES.jpkiSignCertificate] = sign;
        if (record) await answer('jpki.sign.challenge', async (c) => card.jpki.signDigestInfo('sign', await jpkiChallengeDigestInfo(c)));
      });
    }
    if (pin || codeB) {
      await step('text', async () => {
        await card.text.verify(pin ? 'pin' : 'codeB', (pin ?? codeB)!, confirm);
        const basic = await card.text.readBasicFour();
        out.text = {
          name: basic.name,
          address: basic.address,
          birthDate: basic.birthDate,
          birthDateWareki: formatWareki(toWareki(basic.birthDate), 'ja'),
          sex: basic.sex,
        };
        recorded[FILES.textBasicFour] = basic.raw;
        // Read (the card answers only under the PIN, and the library only with a legal basis),
        // never printed: not in the lines, not in the JSON, not in a recording (BRIEF: never
        // print or store a My Number).
        if (pin && legalBasis) {
          await card.text.readMyNumber(legalBasis);
          out.text.myNumberRead = true;
        }
        if (record) {
          recorded[FILES.textCvCertificate] = (await card.text.readCvCertificate()).raw;
          recorded[FILES.textSignedKey] = (await card.text.readSignedPublicKey()).raw;
          await answer('text.chip-authentication', (c) => card.text.internalAuthenticate(c));
        }
      });
    }
    if (codeB) {
      await step('face', async () => {
        await card.face.verify('codeB', codeB, confirm);
        const face = await card.face.readCardFace();
        out.face = {
          birthDate: face.birthDate,
          sex: face.sex,
          expiryDate: face.expiryDate,
          photoBytes: face.photo.length,
          nameImageBytes: face.nameImage.length,
          addressImageBytes: face.addressImage.length,
        };
        // The security-code image is part of 照合番号B: never written anywhere.
        files['name.png'] = face.nameImage;
        files['address.png'] = face.addressImage;
        files['photo.jp2'] = face.photo;
        recorded[FILES.faceCardFace] = cardFaceForRecording(face);
        withheld.push(SECURITY_CODE_WITHHELD);
        if (record) {
          recorded[FILES.faceCvCertificate] = (await card.face.readCvCertificate()).raw;
          await answer('face.chip-authentication', (c) => card.face.internalAuthenticate(c));
          faceRecorded = true;
        }
      });
    }
    if (birthDateKey) {
      await step('age', async () => {
        await card.face.verify('birthDate', birthDateKey, confirm);
        const age = await card.face.readAgeRecord();
        out.ageRecord = { birthDate: age.birthDate };
        recorded[FILES.faceAgeRecord] = age.raw;
        if (record && !faceRecorded) {
          recorded[FILES.faceCvCertificate] = (await card.face.readCvCertificate()).raw;
          await answer('face.chip-authentication', (c) => card.face.internalAuthenticate(c));
        }
      });
    }
    await step('common', async () => {
      const info = await card.common.readCardInfo();
      out.commonCard = { municipalityCode: info.municipalityCode, expiryDate: info.expiry };
      recorded[FILES.commonCardInfo] = info.raw;
    });
  } finally {
    card.close();
  }
  const recording: CardRecording | undefined = record
    ? { document: 'mynumber-card', files: recorded, challenges, withheld, recordedAt, source: { transport: transport.kind } }
    : undefined;
  return { json: { ...out }, lines: humanLines(out), files, errors, ...(recording ? { recording } : {}) };
}
function describeRetries(r: { kind: string; left?: number }): string {
  return r.kind === 'tries-left' ? `${r.left} tries left` : r.kind;
}

function humanLines(o: MyNumberReadoutJson): string[] {
  const lines: string[] = [];
  lines.push(`JPKI-AP   token ${o.jpki.tokenLabel ?? '?'}; sign certificate ${o.jpki.signCertificatePresent ? 'present' : 'absent'}`);
  if (o.jpki.authCertificateBytes) lines.push(`          利用者証明用 certificate ${o.jpki.authCertificateBytes} bytes; PIN ${o.jpki.retries?.auth ?? '?'}`);
  if (o.jpki.retries?.sign) lines.push(`          署名用 password ${o.jpki.retries.sign}`);
  if (o.jpki.signCertificateBytes) lines.push(`          署名用 certificate ${o.jpki.signCertificateBytes} bytes`);
  if (o.text) {
    lines.push(`Text AP   氏名 ${o.text.name}`);
    lines.push(`          住所 ${o.text.address}`);
    lines.push(`          生年月日 ${o.text.birthDate} (${o.text.birthDateWareki}); 性別 ${o.text.sex}`);
    if (o.text.myNumberRead) lines.push(`          個人番号 read under a 番号法 purpose (not printed)`);
  }
  if (o.face) {
    lines.push(`券面AP    生年月日 ${o.face.birthDate}; 性別 ${o.face.sex}; 有効期限 ${o.face.expiryDate}`);
    lines.push(`          photo JPEG 2000 ${o.face.photoBytes} bytes; name image ${o.face.nameImageBytes} bytes; address image ${o.face.addressImageBytes} bytes`);
  }
  if (o.ageRecord) lines.push(`券面AP    年齢確認記録 生年月日 ${o.ageRecord.birthDate}`);
  if (o.commonCard) lines.push(`Card      municipality ${o.commonCard.municipalityCode}; expiry ${o.commonCard.expiryDate}`);
  return lines;
}
