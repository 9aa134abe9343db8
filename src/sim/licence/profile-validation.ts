/**
 * JSON → LicenceProfile, checked: a profile is simulator input (from profiles/ or a file given to
 * the CLI), so a mistake is reported with the field it is in rather than producing a strange card.
 */
import { SIM_CLASS_IDS, type LicenceProfile, type SimChangeKind, type SimClassId } from './licence-profile';
import { SimLicenceError } from './sim-text';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const CHANGE_KINDS: readonly SimChangeKind[] = ['new-address', 'new-name', 'new-name-kana', 'new-condition', 'condition-lifted', 'remark'];

function fail(field: string, why: string): never {
  throw new SimLicenceError('sim-licence-bad-profile', `licence profile: ${field} ${why}`);
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  return v as Record<string, unknown>;
}

function str(v: unknown, field: string, pattern?: RegExp): string {
  if (typeof v !== 'string' || v === '') fail(field, 'must be a non-empty string');
  if (pattern && !pattern.test(v)) fail(field, `must match ${pattern}`);
  return v;
}

function optStr(v: unknown, field: string, pattern?: RegExp): string | undefined {
  return v === undefined ? undefined : str(v, field, pattern);
}

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `must be an integer ${min}..${max}`);
  return v;
}

export function parseLicenceProfile(json: unknown): LicenceProfile {
  const p = obj(json, 'profile');
  const id = str(p.id, 'id', /^[a-z0-9-]+$/);
  const description = obj(p.description, 'description');
  const holder = obj(p.holder, 'holder');
  const licence = obj(p.licence, 'licence');
  const card = obj(p.card, 'card');
  const pins = obj(p.pins, 'pins');
  if (typeof pins.set !== 'boolean') fail('pins.set', 'must be true or false');
  if (pins.set) {
    str(pins.pin1, 'pins.pin1', /^\d{4}$/);
    str(pins.pin2, 'pins.pin2', /^\d{4}$/);
  }
  const classes = obj(licence.classes, 'licence.classes');
  for (const [k, v] of Object.entries(classes)) {
    if (!SIM_CLASS_IDS.includes(k as SimClassId)) fail(`licence.classes.${k}`, 'is not a class id');
    str(v, `licence.classes.${k}`, ISO);
  }
  const conditions = licence.conditions;
  if (!Array.isArray(conditions) || conditions.length > 4) fail('licence.conditions', 'must be an array of at most 4');
  conditions.forEach((c, i) => str(c, `licence.conditions[${i}]`));
  if (p.gaiji !== undefined) {
    if (!Array.isArray(p.gaiji)) fail('gaiji', 'must be an array');
    const seen = new Set<number>();
    p.gaiji.forEach((g, i) => {
      const o = obj(g, `gaiji[${i}]`);
      const ch = str(o.char, `gaiji[${i}].char`);
      if ([...ch].length !== 1) fail(`gaiji[${i}].char`, 'must be one character');
      const slot = int(o.slot, `gaiji[${i}].slot`, 1, 7);
      if (seen.has(slot)) fail(`gaiji[${i}].slot`, 'is used twice');
      seen.add(slot);
    });
  }
  if (p.changes !== undefined) {
    if (!Array.isArray(p.changes)) fail('changes', 'must be an array');
    p.changes.forEach((c, i) => {
      const o = obj(c, `changes[${i}]`);
      if (!CHANGE_KINDS.includes(o.kind as SimChangeKind)) fail(`changes[${i}].kind`, `must be one of ${CHANGE_KINDS.join(', ')}`);
      str(o.date, `changes[${i}].date`, ISO);
      str(o.text, `changes[${i}].text`);
      const psc = str(o.commission, `changes[${i}].commission`);
      if ([...psc].length > 5) fail(`changes[${i}].commission`, 'must be at most 5 characters (10 bytes)');
    });
  }
  str(description.ja, 'description.ja');
  str(description.en, 'description.en');
  str(p.seed, 'seed');
  str(holder.name, 'holder.name');
  optStr(holder.nameKana, 'holder.nameKana');
  optStr(holder.alias, 'holder.alias');
  optStr(holder.unifiedNameKana, 'holder.unifiedNameKana');
  str(holder.birthDate, 'holder.birthDate', ISO);
  str(holder.address, 'holder.address');
  str(holder.honseki, 'holder.honseki');
  str(licence.number, 'licence.number', /^99\d{10}$/);
  optStr(licence.referenceNumber, 'licence.referenceNumber', /^\d{1,10}$/);
  str(licence.issueDate, 'licence.issueDate', ISO);
  str(licence.expiryDate, 'licence.expiryDate', ISO);
  if (!['優良', '新規', 'その他'].includes(licence.colour as string)) fail('licence.colour', 'must be 優良, 新規 or その他');
  str(licence.commission, 'licence.commission');
  if (licence.jisYear !== undefined) int(licence.jisYear, 'licence.jisYear', 0, 255);
  str(card.specVersion, 'card.specVersion', /^[ -~]{3}$/);
  int(card.manufacturerId, 'card.manufacturerId', 0, 255);
  int(card.cryptoFunctionId, 'card.cryptoFunctionId', 0, 255);
  str(card.face, 'card.face', /^face-0[1-6]$/);
  if (card.photoForm !== undefined && card.photoForm !== 'j2k' && card.photoForm !== 'jp2') fail('card.photoForm', "must be 'j2k' or 'jp2'");
  if (p.triesLeft !== undefined) {
    const t = obj(p.triesLeft, 'triesLeft');
    if (t.pin1 !== undefined) int(t.pin1, 'triesLeft.pin1', 0, 3);
    if (t.pin2 !== undefined) int(t.pin2, 'triesLeft.pin2', 0, 3);
  }
  if (p.issuer !== undefined && p.issuer !== 'licence-issuer-1' && p.issuer !== 'licence-issuer-2') fail('issuer', 'must be licence-issuer-1 or licence-issuer-2');
  return { ...(p as unknown as LicenceProfile), id };
}
