/**
 * `kazasu read` for a residence card / special permanent resident certificate: what the card
 * shows without verifying it. Without a card number only MF's free files (card type, spec
 * version); with `--card-number` the card-number authentication opens everything else, which is
 * parsed and described. The card number is never printed — not the one entered, not the one the
 * gen-2 chip holds (the output says only whether they agree). Text a card holds that could hide or
 * change what is shown (control, bidi, invisible characters) is withheld, as on the kiosk screen.
 */
import type { CardText } from '../../cards/residence-card/records/card-text';
import type { ResidenceCardRead } from '../../cards/residence-card/read-result';
import { ResidenceCard } from '../../cards/residence-card/residence-card';
import { formatWareki, toWareki } from '../../cards/mynumber/wareki';
import { isKazasuError } from '../../errors/kazasu-error';
import { decodeBilevelTiff } from '../../imaging/tiff';
import type { CardTransport } from '../../transport/card-transport';
import type { DocumentReadout, ReadoutRequest } from '../document-driver';
import { asCredentialError, normaliseCardNumber, type ResidenceCardCredential } from './residence-card-credentials';
import type { CardRecording } from '../card-recording';
import { variantOf } from './residence-card-detect';
import { residenceCardRecording } from './residence-card-recording';

const KIND = { 'residence-card': '在留カード (residence card)', 'special-permanent-resident': '特別永住者証明書 (special permanent resident certificate)' } as const;

function text(t: CardText | undefined): string | undefined {
  if (!t) return undefined;
  return t.unsafe ? '(withheld: holds characters that hide or change what is shown)' : t.text;
}

function imageSize(tiff: Uint8Array | undefined): string | undefined {
  if (!tiff) return undefined;
  try {
    const img = decodeBilevelTiff(tiff);
    return `${img.width} × ${img.height} px`;
  } catch (e) {
    return isKazasuError(e) ? `not decodable (${e.code})` : 'not decodable';
  }
}

function trimZeros(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
}

function dateBoth(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  try {
    return `${iso} (${formatWareki(toWareki(iso), 'ja')})`;
  } catch {
    return iso;
  }
}

async function sha256Hex(b: Uint8Array): Promise<string> {
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', b.slice()));
  return [...d].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** The certificate DER at the start of a DB/DD value (the rest is 00 padding). */
function certificateDer(value: Uint8Array): Uint8Array {
  if (value.length < 4 || value[0] !== 0x30) return trimZeros(value);
  const l = value[1]!;
  const len = l < 0x80 ? 2 + l : l === 0x81 ? 3 + value[2]! : l === 0x82 ? 4 + ((value[2]! << 8) | value[3]!) : value.length;
  return value.subarray(0, Math.min(len, value.length));
}

export interface ResidenceCardReadoutJson {
  card: { variant: string; generation: 1 | 2; kind: string; cardTypeCode: string; specVersion: string };
  front?: Record<string, unknown>;
  back?: Record<string, unknown>;
  signature?: { checkCodeBytes: number; certificateBytes: number; certificateSha256: string };
}

export async function readResidenceCardOut(transport: CardTransport, request: ReadoutRequest<ResidenceCardCredential>): Promise<DocumentReadout> {
  const card = new ResidenceCard(transport);
  const files: Record<string, Uint8Array> = {};
  const errors: { step: string; code: string }[] = [];
  const lines: string[] = [];
  let json: ResidenceCardReadoutJson | undefined;
  let recording: CardRecording | undefined;
  try {
    const identity = await card.detect();
    json = { card: { variant: variantOf(identity), generation: identity.generation, kind: identity.kind, cardTypeCode: identity.cardTypeCode, specVersion: identity.specVersion } };
    lines.push(`MF        ${KIND[identity.kind]}, generation ${identity.generation} (card type ${identity.cardTypeCode}, spec version ${identity.specVersion})`);
    const entered = request.credentials.cardNumber;
    if (entered === undefined) {
      lines.push('          (the rest of the card opens with --card-number)');
    } else {
      let read: ResidenceCardRead | undefined;
      try {
        const number = normaliseCardNumber(entered);
        await card.authenticate(number).catch((e: unknown) => {
          throw asCredentialError(e);
        });
        read = await card.readAll();
        if (request.record) recording = residenceCardRecording(identity, card.filesRead(), transport.kind, (request.now ?? (() => new Date()))().toISOString());
        describe(read, number.equals(read.generation === 2 ? read.cardNumber : number.reveal()), json, lines, files);
        const { checkCode, certificate } = read.signature;
        if (checkCode && certificate) {
          const der = certificateDer(certificate);
          files['signer-certificate.der'] = der.slice();
          json.signature = { checkCodeBytes: checkCode.length, certificateBytes: der.length, certificateSha256: await sha256Hex(der) };
          lines.push(`DF3       check code ${checkCode.length} bytes; signer certificate ${der.length} bytes, SHA-256 ${json.signature.certificateSha256}`);
        } else {
          lines.push('DF3       no check code or certificate (a card of a holder under 16)');
        }
      } catch (e) {
        if (!isKazasuError(e)) throw e;
        errors.push({ step: 'card', code: e.code });
      }
    }
  } catch (e) {
    if (!isKazasuError(e)) throw e;
    errors.push({ step: 'detect', code: e.code });
  } finally {
    card.close();
  }
  return { json: { ...(json ?? {}) }, lines, files, errors, ...(recording ? { recording } : {}) };
}

function describe(read: ResidenceCardRead, numberAgrees: boolean, json: ResidenceCardReadoutJson, lines: string[], files: Record<string, Uint8Array>): void {
  if (read.face) files['face.jp2'] = trimZeros(read.face).slice();
  const faceBytes = read.face ? trimZeros(read.face).length : 0;
  if (read.generation === 1) {
    files['front-image.tif'] = read.frontImage.slice();
    json.front = { frontImage: imageSize(read.frontImage), photoBytes: faceBytes };
    lines.push(`DF1       front image ${imageSize(read.frontImage)} (TIFF G4, signed); photo JPEG 2000 ${faceBytes || 'absent'}${faceBytes ? ' bytes' : ''}`);
    const a = read.address;
    const address = text(a?.address);
    json.back = {
      address,
      addressWrittenOn: a?.writtenOn,
      municipalityCode: a?.municipalityCode,
      comprehensivePermission: text(read.comprehensivePermission),
      individualPermission: text(read.individualPermission),
      renewalApplicationPending: read.renewalApplication,
      signed: false,
    };
    lines.push(`DF2       住居地 ${address ?? '(blank)'}${a?.writtenOn ? ` (written ${a.writtenOn}, municipality ${a.municipalityCode ?? '?'})` : ''} — not signed`);
    if (read.identity.kind === 'residence-card') {
      lines.push(`          資格外活動許可 ${text(read.comprehensivePermission) ?? '(blank)'}; 個別許可 ${text(read.individualPermission) ?? '(blank)'}; 更新等申請 ${read.renewalApplication ? 'pending' : 'none'} — not signed`);
    }
    return;
  }
  const p = read.printed;
  files['name-image.tif'] = read.nameImage.slice();
  if (read.addressImage) files['address-image.tif'] = read.addressImage.slice();
  json.front = {
    cardNumberOnChip: numberAgrees ? 'matches the number entered' : 'differs from the number entered',
    birthDate: p.birthDate,
    sex: p.sex,
    nationality: p.nationality,
    statusOfResidence: p.statusOfResidence,
    periodOfStay: p.periodOfStay,
    stayExpiry: p.stayExpiry,
    permissionType: p.permissionType,
    permissionDate: p.permissionDate,
    workRestriction: p.workRestriction,
    cardExpiry: p.cardExpiry,
    nameImage: imageSize(read.nameImage),
    addressImage: imageSize(read.addressImage),
    photoBytes: faceBytes,
  };
  lines.push(`DF1       card number on the chip ${numberAgrees ? 'matches' : 'DIFFERS FROM'} the number entered (not printed)`);
  lines.push(`          生年月日 ${dateBoth(p.birthDate)}; 性別 ${p.sex}; 国籍・地域 ${p.nationality}; 在留資格 ${p.statusOfResidence} — signed`);
  if (read.identity.kind === 'residence-card') {
    lines.push(`          在留期間 ${p.periodOfStay ?? '-'}; 満了日 ${dateBoth(p.stayExpiry) ?? '-'}; 許可 ${p.permissionType ?? '-'} ${p.permissionDate ?? ''}; 就労制限 ${p.workRestriction ?? '-'} — signed`);
  }
  lines.push(`          有効期限 ${dateBoth(p.cardExpiry)} — signed`);
  lines.push(`          name image ${imageSize(read.nameImage)} (signed); 住居地 image ${imageSize(read.addressImage)} (not signed); photo JPEG 2000 ${faceBytes || 'absent'}${faceBytes ? ' bytes' : ''}`);
  const perm = read.permissions;
  json.back = { comprehensivePermission: perm?.comprehensive, comprehensivePermissionExpiry: perm?.comprehensiveExpiry, individualPermission: perm?.individual, renewalApplicationPending: read.renewalApplication, note: text(read.other?.note), signed: false };
  if (read.identity.kind === 'residence-card') {
    lines.push(`DF2       資格外活動許可 ${perm?.comprehensive ?? '-'}${perm?.comprehensiveExpiry ? ` until ${perm.comprehensiveExpiry}` : ''}; 個別許可 ${perm?.individual === undefined ? '-' : perm.individual ? 'yes' : 'no'}; 更新等申請 ${read.renewalApplication ? 'pending' : 'none'} — not signed`);
  }
  if (read.other?.note) lines.push(`          その他 ${text(read.other.note)} — not signed`);
}
