/**
 * `kazasu read` for the driver's licence: reads what the given PINs open and describes it,
 * without verifying. Free: the 共通データ要素, the PIN-setting flag and both counters (empty
 * VERIFY). PIN1 opens the 記載事項 and change records (and 外字 where used); PIN2 in addition the
 * photo. 本籍 is never read here. On a マイナ免許証: the application's PIN setting and counter,
 * and with `--pin1` (its licence PIN) the licence information. PINs never appear in the output.
 */
import type { RetryStatus } from '../../cards/iso7816/pin-guard';
import { LicenceCard } from '../../cards/licence/licence-card';
import { readLicence } from '../../cards/licence/licence-read';
import { MyNumberLicenceAp, readMyNumberLicence } from '../../cards/licence/mynumber-ap/mynumber-licence-ap';
import { CardChannel } from '../../cards/iso7816/card-channel';
import { isKazasuError } from '../../errors/kazasu-error';
import type { CardTransport } from '../../transport/card-transport';
import { licenceAttributes, type LicenceAttributes } from '../../verify/licence/licence-attributes';
import { verifyMyNumberLicence, type MncLicenceAttributes } from '../../verify/licence/verify-mynumber-licence';
import { NO_LICENCE_ISSUERS } from '../../verify/licence/issuer-certificates';
import type { DocumentReadout, ReadoutRequest } from '../document-driver';
import type { CardRecording } from '../card-recording';
import type { LicenceCredential } from './licence-credentials';
import { licenceRecording, mncLicenceRecording } from './licence-recording';

export interface LicenceReadoutJson {
  variant?: 'card' | 'mynumber-card';
  common?: { specVersion: string; issueDate: string; expiryDate: string; cryptoFunctionId: number };
  pinSetting?: 'set' | 'not-set' | 'unknown';
  tries?: { pin1?: string; pin2?: string };
  licence?: LicenceAttributes;
  mynumberLicence?: MncLicenceAttributes;
  gaijiSlots?: number[];
  photoBytes?: number;
}

function describeTries(r: RetryStatus): string {
  return r.kind === 'tries-left' ? `${r.left} tries left` : r.kind;
}

export async function readLicenceCard(transport: CardTransport, request: ReadoutRequest<LicenceCredential>): Promise<DocumentReadout> {
  const channel = new CardChannel(transport);
  const out: LicenceReadoutJson = {};
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
  const { pin1, pin2 } = request.credentials;
  const card = new LicenceCard(transport, { channel });
  let recording: CardRecording | undefined;
  const ap = new MyNumberLicenceAp(transport, { channel });
  try {
    const found = await card.detect();
    if (found.kind === 'match') {
      out.variant = 'card';
      const c = found.common;
      out.common = { specVersion: c.specVersion, issueDate: c.issueDate.iso, expiryDate: c.expiryDate.iso, cryptoFunctionId: c.cryptoFunctionId };
      await step('pin-setting', async () => {
        out.pinSetting = (await card.readPinSetting()).kind;
        out.tries = { pin1: describeTries(await card.readTries('pin1')), pin2: describeTries(await card.readTries('pin2')) };
      });
      if (pin1) {
        await step('licence', async () => {
          await card.verify('pin1', pin1);
          if (pin2) await card.verify('pin2', pin2);
          const r = await readLicence(card, { photo: pin2 !== undefined, signature: false, honsekiForSignature: false });
          if (request.record) recording = await licenceRecording(card, transport.kind, (request.now ?? (() => new Date()))().toISOString());
          try {
            if (r.entries.ok) out.licence = licenceAttributes(r.entries.value, r.changes.ok ? r.changes.value : undefined);
            else errors.push({ step: 'entries', code: r.entries.error.code });
            if (r.gaiji.ok && r.gaiji.value.length > 0) out.gaijiSlots = r.gaiji.value.map((g) => g.slot);
            if (r.photo?.ok) {
              const image = r.photo.value.jp2 ?? r.photo.value.image;
              files['photo.jp2'] = image.slice();
              out.photoBytes = image.length;
            } else if (r.photo) errors.push({ step: 'photo', code: r.photo.error.code });
          } finally {
            r.wipe();
          }
        });
      }
    } else {
      await step('licence-application', async () => {
        await ap.select();
        out.variant = 'mynumber-card';
        out.pinSetting = (await ap.readPinSetting()).kind;
        out.tries = { pin1: describeTries(await ap.readTries()) };
        if (pin1) {
          await ap.verify(pin1);
          // A recording also takes WEF03 (the signature over WEF02), so it can be checked later.
          const r = await readMyNumberLicence(ap, { signature: request.record === true });
          if (request.record) recording = await mncLicenceRecording(ap, transport.kind, (request.now ?? (() => new Date()))().toISOString());
          try {
            const v = await verifyMyNumberLicence(r, { issuers: NO_LICENCE_ISSUERS, now: () => new Date() });
            if (v.attributes) out.mynumberLicence = v.attributes;
            if (v.images.photoJp2) {
              files['photo.jp2'] = v.images.photoJp2;
              out.photoBytes = v.images.photoJp2.length;
            }
          } finally {
            r.wipe();
          }
        }
      });
    }
  } finally {
    card.close();
    ap.close();
    channel.close();
  }
  return { json: { ...out }, lines: humanLines(out), files, errors, ...(recording ? { recording } : {}) };
}

function humanLines(o: LicenceReadoutJson): string[] {
  const lines: string[] = [];
  if (o.variant === 'mynumber-card') lines.push('マイナ免許証 (licence application on a My Number Card)');
  if (o.common) lines.push(`Common    spec ${o.common.specVersion}; 交付 ${o.common.issueDate}; 有効期限 ${o.common.expiryDate}; 暗号関数識別子 ${o.common.cryptoFunctionId}`);
  if (o.pinSetting) lines.push(`PINs      ${o.pinSetting === 'set' ? 'set by the holder' : o.pinSetting === 'not-set' ? 'not set (enter ****)' : 'setting unreadable'}; PIN1 ${o.tries?.pin1 ?? '?'}${o.tries?.pin2 ? `; PIN2 ${o.tries.pin2}` : ''}`);
  const l = o.licence;
  if (l) {
    lines.push(`氏名      ${l.name}${l.nameOriginal ? ` (issued as ${l.nameOriginal.text})` : ''}`);
    lines.push(`生年月日  ${l.birthDateShown.ja} (${l.birthDate})`);
    lines.push(`住所      ${l.address}`);
    if (l.addressChanges.length > 0) lines.push(`          as issued: ${l.addressOriginal.text} (${l.addressChanges.length} change record(s))`);
    lines.push(`有効期限  ${l.expiry.ja} (${l.expiry.iso}) ${l.colour.ja}`);
    lines.push(`免許の種類 ${l.classes.map((c) => c.short).join(' ') || '—'}`);
    if (l.conditions.length > 0) lines.push(`条件      ${l.conditions.join(' / ')}`);
    lines.push(`番号      ${l.licenceNumber}; 公安委員会 ${l.publicSafetyCommission}`);
  }
  const m = o.mynumberLicence;
  if (m) {
    lines.push(`番号      ${m.licenceNumber ?? '?'}; 有効期限 ${m.expiry?.ja ?? '?'} ${m.colour?.ja ?? ''}`);
    lines.push(`免許の種類 ${m.classes.map((c) => c.short).join(' ') || '—'}`);
    if (m.conditions.length > 0) lines.push(`条件      ${m.conditions.join(' / ')}`);
  }
  if (o.gaijiSlots) lines.push(`外字      slots ${o.gaijiSlots.join(', ')} (drawn from the card's bitmaps; check with the printed card)`);
  if (o.photoBytes) lines.push(`photo     JPEG 2000 ${o.photoBytes} bytes`);
  return lines;
}
