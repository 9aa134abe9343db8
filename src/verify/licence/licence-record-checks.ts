/**
 * The licence's checks on what was read, other than the signature: the details parsed, the
 * expiry, the common data agreeing with the details, the photo, the change records agreeing with
 * the card, and 外字 flagged for staff. Pure functions of the readout and the time.
 */
import { CardStatusError } from '../../apdu/status-words';
import type { ChangeRecord, ChangeRecords } from '../../cards/licence/change-records';
import type { LicenceCommonData } from '../../cards/licence/common-data';
import type { EraDate } from '../../cards/licence/era-date';
import type { LicenceEntries } from '../../cards/licence/entries';
import type { GaijiGlyph } from '../../cards/licence/gaiji';
import type { LicenceText } from '../../cards/licence/jis-x0208';
import type { FileResult } from '../../cards/licence/licence-read';
import type { LicencePhoto } from '../../cards/licence/photo';
import { cardExpiryInstant } from '../card/card-expiry';
import { dlCheck, type LicenceCheck, type LicenceCheckId } from './licence-checks';

function readFailed(e: { code: string }): boolean {
  return e instanceof CardStatusError || e.code.startsWith('read-') || e.code === 'licence-pin-required';
}

export function checkEntries(entries: FileResult<LicenceEntries>, now: Date): LicenceCheck {
  if (!entries.ok) return dlCheck('dl.entries', 'fail', readFailed(entries.error) ? 'read-failed' : 'dl-entries-malformed', entries.error.code, now);
  const e = entries.value;
  const unknown = e.unknownTags.length > 0 ? `; tags no source describes: ${e.unknownTags.map((t) => t.toString(16).toUpperCase()).join(' ')}` : '';
  return dlCheck('dl.entries', 'pass', 'ok', `JIS X 0208 制定年番号 ${e.jisYear === undefined ? 'absent' : `0x${e.jisYear.toString(16)}`} (${e.jisEdition === '1978' ? 'JIS C 6226-1978 table' : 'current table'})${unknown}`, now);
}

/**
 * Valid through the whole 有効期間の末日 in Japan: expired from 00:00 JST the day after [I: LJ].
 */
export function checkExpiry(expiry: EraDate | undefined, now: Date, id: LicenceCheckId = 'dl.expiry'): LicenceCheck {
  if (!expiry) return dlCheck(id, 'fail', id === 'dl.expiry' ? 'read-failed' : 'dl-mynumber-expiry-missing', undefined, now);
  const end = cardExpiryInstant(expiry.iso);
  if (!end) return dlCheck(id, 'fail', 'read-failed', 'the expiry date is not a valid date', now);
  if (now.getTime() < end.getTime()) return dlCheck(id, 'pass', 'ok', `valid through ${expiry.iso} (${expiry.ja}) JST`, now);
  return dlCheck(id, 'fail', 'dl-expired', `expired at the end of ${expiry.iso} (${expiry.ja}) JST`, now);
}

/** MF/EF01's issue and expiry dates are unsigned and free to read; they must agree with the 記載事項. */
export function checkCommonData(common: FileResult<LicenceCommonData>, entries: FileResult<LicenceEntries>, now: Date): LicenceCheck {
  if (!common.ok) return dlCheck('dl.common-data', 'warn', 'dl-common-data-malformed', common.error.code, now);
  if (!entries.ok) return dlCheck('dl.common-data', 'skipped', 'read-failed', undefined, now);
  const c = common.value;
  const e = entries.value;
  const diffs: string[] = [];
  if (c.issueDate.iso !== e.issueDate.iso) diffs.push('issue date');
  if (c.expiryDate.iso !== e.expiryDate.iso) diffs.push('expiry date');
  if (diffs.length > 0) return dlCheck('dl.common-data', 'warn', 'dl-common-data-mismatch', `${diffs.join(' and ')} differ`, now);
  return dlCheck('dl.common-data', 'pass', 'ok', `spec version ${c.specVersion}`, now);
}

export function checkPhoto(photo: FileResult<LicencePhoto> | undefined, now: Date): LicenceCheck {
  if (!photo) return dlCheck('dl.photo', 'skipped', 'not-read', 'needs PIN 2', now);
  if (!photo.ok) return dlCheck('dl.photo', 'fail', readFailed(photo.error) ? 'read-failed' : 'dl-photo-malformed', photo.error.code, now);
  const p = photo.value;
  if (p.format === 'unknown' || !p.info) return dlCheck('dl.photo', 'fail', 'dl-photo-not-jpeg2000', `${p.image.length} bytes`, now);
  return dlCheck('dl.photo', 'pass', 'ok', `${p.format === 'jp2' ? 'JP2' : 'J2K codestream'} ${p.info.width}×${p.info.height}, ${p.info.components} component(s), ${p.image.length} bytes`, now);
}

function contradiction(r: ChangeRecord, entries: LicenceEntries, now: Date, previous: ChangeRecord | undefined): string | undefined {
  const tag = r.tag.toString(16).toUpperCase();
  if (r.date.iso < entries.issueDate.iso) return `record ${tag} is dated ${r.date.iso}, before the card was issued`;
  if (r.date.iso > entries.expiryDate.iso) return `record ${tag} is dated ${r.date.iso}, after the licence expired`;
  // Records are dated in JST; a record dated tomorrow (JST) cannot exist yet.
  const todayJst = new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  if (r.date.iso > todayJst) return `record ${tag} is dated ${r.date.iso}, in the future`;
  if (previous && r.date.iso < previous.date.iso) return `record ${tag} is dated before the earlier-numbered record ${previous.tag.toString(16).toUpperCase()}`;
  if (r.text.display === '' && r.kind !== 'remark') return `record ${tag} is empty`;
  return undefined;
}

/**
 * Change records must fit the card they are on: none dated before the card's issue, after its
 * expiry or in the future, and records of one kind in order of entry (a later number is never an
 * earlier date). A record that contradicts the card fails: it was written by someone else.
 */
export function checkChangeRecords(changes: FileResult<ChangeRecords>, entries: FileResult<LicenceEntries>, now: Date): LicenceCheck {
  if (!changes.ok) return dlCheck('dl.change-records', 'fail', readFailed(changes.error) ? 'read-failed' : 'dl-change-records-malformed', changes.error.code, now);
  if (!entries.ok) return dlCheck('dl.change-records', 'skipped', 'read-failed', undefined, now);
  const lastOfKind = new Map<string, ChangeRecord>();
  for (const r of changes.value.records) {
    const why = contradiction(r, entries.value, now, lastOfKind.get(r.kind));
    if (why) return dlCheck('dl.change-records', 'fail', 'dl-change-record-contradicts-card', why, now);
    lastOfKind.set(r.kind, r);
  }
  const n = changes.value.records.length;
  return dlCheck('dl.change-records', 'pass', 'ok', n === 0 ? 'no change records' : `${n} change record(s)`, now);
}

/**
 * 外字 and the like in anything shown to staff: a glyph the card lacks (shown 〓), a 欠字 (？), a
 * code outside JIS X 0208 (〓), or 外字 drawn from the card's bitmaps — each a warning naming the
 * fields, never their content.
 */
export function checkGaiji(entries: FileResult<LicenceEntries>, changes: FileResult<ChangeRecords>, glyphs: FileResult<readonly GaijiGlyph[]>, now: Date): LicenceCheck {
  if (!entries.ok) return dlCheck('dl.gaiji', 'skipped', 'read-failed', undefined, now);
  const e = entries.value;
  const fields: [string, LicenceText | undefined][] = [
    ['name', e.name],
    ['name kana', e.nameKana],
    ['alias', e.alias],
    ['unified name', e.unifiedNameKana],
    ['address', e.address],
    ['commission', e.publicSafetyCommission],
    ...e.conditions.map((c, i): [string, LicenceText] => [`condition ${i + 1}`, c]),
  ];
  if (changes.ok) for (const r of changes.value.records) fields.push([`change record ${r.tag.toString(16).toUpperCase()}`, r.text]);
  const available = new Set(glyphs.ok ? glyphs.value.filter((g) => g.bitmap !== undefined).map((g) => g.slot) : []);
  const withGaiji = fields.filter(([, t]) => t && t.gaijiSlots.length > 0).map(([n]) => n);
  const missingGlyph = fields.filter(([, t]) => t?.gaijiSlots.some((s) => !available.has(s))).map(([n]) => n);
  const missingChar = fields.filter(([, t]) => t?.hasMissing).map(([n]) => n);
  const unmapped = fields.filter(([, t]) => t?.hasUnmapped).map(([n]) => n);
  if (missingGlyph.length > 0) return dlCheck('dl.gaiji', 'warn', 'dl-gaiji-glyph-missing', missingGlyph.join(', '), now);
  if (missingChar.length > 0) return dlCheck('dl.gaiji', 'warn', 'dl-missing-character', missingChar.join(', '), now);
  if (unmapped.length > 0) return dlCheck('dl.gaiji', 'warn', 'dl-unmapped-character', unmapped.join(', '), now);
  if (withGaiji.length > 0) return dlCheck('dl.gaiji', 'warn', 'dl-gaiji-present', withGaiji.join(', '), now);
  return dlCheck('dl.gaiji', 'pass', 'ok', 'all characters are JIS X 0208', now);
}
