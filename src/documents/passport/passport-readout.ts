/**
 * `kazasu read` for a passport: opens the chip with the MRZ or the CAN and reads EF.COM, every
 * data group it lists that Kazasu knows (DG1, DG2, DG11, DG12, DG14, DG15) and EF.SOD, without
 * verifying anything. `--out <dir>` writes the files as read (EF.COM.bin, DG1.bin, …, EF.SOD.bin
 * — what `kazasu passport check-sod` takes) and the face image. The MRZ and CAN are never output.
 */
import { CardChannel } from '../../cards/iso7816/card-channel';
import { canKey } from '../../cards/passport/can';
import type { LdsFileName } from '../../cards/passport/lds-files';
import { parseDg1 } from '../../cards/passport/lds/dg1';
import { parseDg2 } from '../../cards/passport/lds/dg2';
import { parseDg11 } from '../../cards/passport/lds/dg11-dg12';
import { parseEfCom } from '../../cards/passport/lds/ef-com';
import { mrzKeyFromFields } from '../../cards/passport/mrz-key';
import { PassportCard, type AccessResult, type PassportDetection } from '../../cards/passport/passport-card';
import { isKazasuError } from '../../errors/kazasu-error';
import type { CardTransport, TransportKind } from '../../transport/card-transport';
import type { CardRecording, RecordedChallenge } from '../card-recording';
import type { DocumentReadout, ReadoutRequest } from '../document-driver';
import { MissingCredentialError } from '../step-helpers';
import { PASSPORT_CREDENTIAL_SPECS, type PassportCredential } from './passport-credentials';
import { AA_CHECK, CAM_CHECK, passportRecordedPath } from './passport-recording';

const KNOWN: Readonly<Record<number, LdsFileName>> = { 1: 'DG1', 2: 'DG2', 11: 'DG11', 12: 'DG12', 14: 'DG14', 15: 'DG15' };

export async function readPassport(transport: CardTransport, request: ReadoutRequest<PassportCredential>): Promise<DocumentReadout> {
  const card = new PassportCard(new CardChannel(transport));
  const json: Record<string, unknown> = {};
  const lines: string[] = [];
  const files: Record<string, Uint8Array> = {};
  const errors: { step: string; code: string }[] = [];
  const { mrz, can } = request.credentials;
  let recording: CardRecording | undefined;
  try {
    await card.channel.send({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Uint8Array.of(0x3f, 0x00) });
    const detection = await card.detect();
    json.cardAccess = { present: detection.cardAccess !== undefined, paceInfos: detection.securityInfos.length };
    let password;
    if (mrz) {
      const [documentNumber = '', birthDate = '', expiryDate = ''] = PASSPORT_CREDENTIAL_SPECS.mrz.normalise(mrz).split(' ');
      password = mrzKeyFromFields({ documentNumber, birthDate, expiryDate });
    } else if (can) password = canKey(PASSPORT_CREDENTIAL_SPECS.can.normalise(can));
    else throw new MissingCredentialError('mrz');
    const access = await card.authenticate(password);
    json.access = { method: access.method, ...(access.pace ? { protocol: access.pace.protocol, parameterId: access.pace.parameterId, password: access.pace.password } : {}), ...(access.fallbackReason ? { fallbackReason: access.fallbackReason } : {}) };
    lines.push(`access: ${access.method === 'pace' ? `PACE ${access.pace!.protocol}` : 'BAC'}`);
    const com = await card.readFile('EF.COM');
    files['EF.COM.bin'] = com;
    const listed = parseEfCom(com).dataGroups;
    json.dataGroups = listed;
    lines.push(`EF.COM lists DG${listed.join(', DG')}`);
    const sizes: Record<string, number> = {};
    for (const n of listed) {
      const name = KNOWN[n];
      if (!name) continue;
      try {
        const bytes = await card.readFile(name);
        files[`${name}.bin`] = bytes;
        sizes[name] = bytes.length;
      } catch (e) {
        if (!isKazasuError(e)) throw e;
        errors.push({ step: name, code: e.code });
      }
    }
    try {
      const sod = await card.readFile('EF.SOD');
      files['EF.SOD.bin'] = sod;
      sizes['EF.SOD'] = sod.length;
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      errors.push({ step: 'EF.SOD', code: e.code });
    }
    json.sizes = sizes;
    if (request.record) recording = await recordPassport(card, access, detection, files, errors, transport.kind, request.now ?? (() => new Date()));
    describeRead(files, json, lines, errors);
  } catch (e) {
    if (!isKazasuError(e)) throw e;
    errors.push({ step: 'access', code: e.code });
  } finally {
    card.close();
  }
  return { json, lines, files, errors, ...(recording ? { recording } : {}) };
}

/**
 * `kazasu read --out`: the LDS files as read, and — while the chip is on the reader — a fresh
 * Active Authentication (DG15) and PACE-CAM's proof with EF.CardSecurity (passport-recording.ts).
 * Holds no MRZ or CAN as typed.
 */
async function recordPassport(
  card: PassportCard,
  access: AccessResult,
  detection: PassportDetection,
  read: Readonly<Record<string, Uint8Array>>,
  errors: { step: string; code: string }[],
  transport: TransportKind,
  now: () => Date,
): Promise<CardRecording> {
  const recordedAt = now().toISOString();
  const files: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(read)) if (/^(EF\.COM|EF\.SOD|DG\d+)\.bin$/.test(name)) files[name] = bytes.slice();
  if (detection.cardAccess) files[passportRecordedPath('EF.CardAccess')] = detection.cardAccess.slice();
  const challenges: RecordedChallenge[] = [];
  if (read['DG15.bin']) {
    try {
      const aa = await card.activeAuthenticate();
      challenges.push({ check: AA_CHECK, challenge: aa.nonce.slice(), response: aa.signature.slice(), at: now().toISOString() });
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      errors.push({ step: 'active-authentication', code: e.code });
    }
  }
  if (access.cam) {
    try {
      files[passportRecordedPath('EF.CardSecurity')] = await card.readCardSecurity();
      challenges.push({ check: CAM_CHECK, challenge: access.cam.chipMappingKey.slice(), response: access.cam.chipAuthenticationData.slice(), at: recordedAt });
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      errors.push({ step: 'EF.CardSecurity', code: e.code });
    }
  }
  return { document: 'passport', files, challenges, withheld: [], recordedAt, source: { transport } };
}

function describeRead(files: Record<string, Uint8Array>, json: Record<string, unknown>, lines: string[], errors: { step: string; code: string }[]): void {
  const step = (name: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      errors.push({ step: name, code: e.code });
    }
  };
  if (files['DG1.bin']) {
    step('DG1', () => {
      const m = parseDg1(files['DG1.bin']!).mrz;
      json.mrz = { format: m.format, documentCode: m.documentCode, issuingState: m.issuingState, documentNumber: m.documentNumber, name: m.name, nationality: m.nationality, birthDate: m.birthDate, sex: m.sex, expiryDate: m.expiryDate };
      lines.push(`${m.documentCode} ${m.issuingState} ${m.documentNumber} · ${m.name.primary}, ${m.name.secondary} · ${m.nationality} · born ${m.birthDate} · ${m.sex} · expires ${m.expiryDate}`);
    });
  }
  if (files['DG2.bin']) {
    step('DG2', () => {
      const face = parseDg2(files['DG2.bin']!).faces[0];
      if (!face) return;
      files[face.format === 'jpeg' ? 'face.jpg' : 'face.jp2'] = face.data.slice();
      json.face = { format: face.format, container: face.container, bytes: face.data.length, ...(face.width ? { width: face.width, height: face.height } : {}) };
      lines.push(`face: ${face.format} in ${face.container}, ${face.data.length} bytes`);
    });
  }
  if (files['DG11.bin']) {
    step('DG11', () => {
      const d = parseDg11(files['DG11.bin']!);
      json.dg11 = { ...(d.fullName ? { fullName: d.fullName } : {}), ...(d.placeOfBirth ? { placeOfBirth: d.placeOfBirth } : {}), address: d.address ?? null };
      lines.push(`address: ${d.address ?? '(none on the chip)'}`);
    });
  } else lines.push('address: (no DG11: none on the chip)');
}
