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
import { formatWareki, toWareki } from '../../cards/mynumber/wareki';
import { isKazasuError } from '../../errors/kazasu-error';
import type { CardTransport } from '../../transport/card-transport';
import type { DocumentReadout, ReadoutRequest } from '../document-driver';
import type { MyNumberCredential } from './mynumber-credentials';

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
  commonCard?: { municipalityCode: string; expiryDate: string };
}

export const MYNUMBER_READ_OPTIONS = ['my-number-purpose'] as const;

export async function readMyNumberCard(transport: CardTransport, request: ReadoutRequest<MyNumberCredential>): Promise<DocumentReadout> {
  const card = new MyNumberCard(transport);
  const out: MyNumberReadoutJson = { jpki: {} };
  const files: Record<string, Uint8Array> = {};
  const errors: { step: string; code: string }[] = [];
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      errors.push({ step: name, code: e.code });
    }
  };
  const purpose = request.options['my-number-purpose'];
  const legalBasis: MyNumberLegalBasis | undefined = purpose ? { kind: 'my-number-act', purpose } : undefined;
  const { signPassword: password, authPin: pin, codeB } = request.credentials;

  try {
    await step('jpki', async () => {
      const token = await card.jpki.readTokenInfo();
      out.jpki.tokenLabel = token.label;
      const availability = await card.jpki.readCertificateAvailability();
      out.jpki.signCertificatePresent = availability.hasSignCertificate;
      const auth = await card.jpki.readAuthCertificate();
      out.jpki.authCertificateBytes = auth.length;
      files['jpki-auth-certificate.der'] = auth;
      const authRetries = await card.jpki.retries('auth');
      out.jpki.retries = { auth: describeRetries(authRetries) };
      if (availability.hasSignCertificate) out.jpki.retries.sign = describeRetries(await card.jpki.retries('sign'));
    });
    if (password) {
      await step('jpki-sign', async () => {
        await card.jpki.verify('sign', password);
        const sign = await card.jpki.readSignCertificate();
        out.jpki.signCertificateBytes = sign.length;
        files['jpki-sign-certificate.der'] = sign;
      });
    }
    if (pin || codeB) {
      await step('text', async () => {
        await card.text.verify(pin ? 'pin' : 'codeB', (pin ?? codeB)!);
        const basic = await card.text.readBasicFour();
        out.text = {
          name: basic.name,
          address: basic.address,
          birthDate: basic.birthDate,
          birthDateWareki: formatWareki(toWareki(basic.birthDate), 'ja'),
          sex: basic.sex,
        };
        // Read (the card answers only under the PIN, and the library only with a legal basis),
        // never printed: not in the lines, not in the JSON (BRIEF: never print a My Number).
        if (pin && legalBasis) {
          await card.text.readMyNumber(legalBasis);
          out.text.myNumberRead = true;
        }
      });
    }
    if (codeB) {
      await step('face', async () => {
        await card.face.verify('codeB', codeB);
        const face = await card.face.readCardFace();
        out.face = {
          birthDate: face.birthDate,
          sex: face.sex,
          expiryDate: face.expiryDate,
          photoBytes: face.photo.length,
          nameImageBytes: face.nameImage.length,
          addressImageBytes: face.addressImage.length,
        };
        files['name.png'] = face.nameImage;
        files['address.png'] = face.addressImage;
        files['photo.jp2'] = face.photo;
        files['security-code.png'] = face.securityCodeImage;
      });
    }
    await step('common', async () => {
      const info = await card.common.readCardInfo();
      out.commonCard = { municipalityCode: info.municipalityCode, expiryDate: info.expiry };
    });
  } finally {
    card.close();
  }
  return { json: { ...out }, lines: humanLines(out), files, errors };
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
  if (o.commonCard) lines.push(`Card      municipality ${o.commonCard.municipalityCode}; expiry ${o.commonCard.expiryDate}`);
  return lines;
}
