/**
 * The files of a simulated licence, built from a profile by the simulator's own encoders (it never
 * uses the card library): layouts, tags and sizes of licence-facts §1–§3 as the simulator reads
 * them, each file FF-padded to the size implementations read.
 */
import type { GlyphSource } from '../images';
import { licenceFaceJ2k } from './assets/licence-faces-data';
import { gaijiGlyphValue } from './gaiji-glyphs';
import { SIM_CLASS_IDS, type LicenceProfile, type SimChangeKind, type SimClassId } from './licence-profile';
import { bcdDate, concat, encodeAscii, encodeJis, eraDateAscii, eraDateFullWidth, padFile, SimLicenceError, tlv, type SimJisEdition } from './sim-text';

/** File sizes (licence-facts §1.2). */
export const SIM_FILE_SIZE = {
  common: 17,
  pinSetting: 3,
  entries: 880,
  honseki: 82,
  gaiji: 264,
  changes: 640,
  gaijiChanges: 663,
  honsekiChanges: 256,
  signature: 578,
  photo: 2005,
  df3: 512,
} as const;

/** The content of each file before padding (what a "tlv" recipe signs) and padded (what the card holds). */
export interface BuiltFile {
  readonly content: Uint8Array;
  readonly file: Uint8Array;
}

export interface LicenceFileSet {
  readonly common: BuiltFile;
  readonly pinSetting: BuiltFile;
  readonly entries: BuiltFile;
  readonly honseki: BuiltFile;
  readonly gaiji: BuiltFile;
  readonly changes: BuiltFile;
  readonly gaijiChanges: BuiltFile;
  readonly honsekiChanges: BuiltFile;
  readonly photo: BuiltFile;
  readonly df3: BuiltFile;
}

function built(content: Uint8Array, size: number, what: string): BuiltFile {
  return { content, file: padFile(content, size, what) };
}

export function editionOf(profile: LicenceProfile): SimJisEdition {
  return (profile.licence.jisYear ?? 0x78) === 0x78 ? '1978' : 'current';
}

function gaijiMap(profile: LicenceProfile): Map<string, number> {
  return new Map((profile.gaiji ?? []).map((g) => [g.char, g.slot]));
}

/** Earliest date among the classes given, or undefined. */
function earliest(profile: LicenceProfile, ids: readonly SimClassId[]): string | undefined {
  const dates = ids.map((id) => profile.licence.classes[id]).filter((d): d is string => d !== undefined);
  return dates.sort()[0];
}

const NONE = encodeAscii('0000000');

export function buildEntries(profile: LicenceProfile): Uint8Array {
  const ed = editionOf(profile);
  const g = gaijiMap(profile);
  const jis = (s: string | undefined): Uint8Array => (s ? encodeJis(s, ed, g) : new Uint8Array(0));
  const date = (iso: string | undefined): Uint8Array => (iso ? eraDateAscii(iso) : NONE);
  const l = profile.licence;
  const conditions = [0, 1, 2, 3].map((i) => tlv(0x1c + i, jis(l.conditions[i])));
  const faceDates = [
    earliest(profile, ['large-motorcycle', 'ordinary-motorcycle', 'small-special', 'moped']),
    earliest(profile, ['large', 'ordinary', 'large-special', 'towing', 'medium', 'semi-medium']),
    earliest(profile, ['large-class2', 'ordinary-class2', 'large-special-class2', 'towing-class2', 'medium-class2']),
  ].map((d, i) => tlv(0x22 + i, date(d)));
  const classes = SIM_CLASS_IDS.map((id, i) => tlv(0x25 + i, date(l.classes[id])));
  return concat([
    tlv(0x11, Uint8Array.of(l.jisYear ?? 0x78)),
    tlv(0x12, jis(profile.holder.name)),
    tlv(0x13, jis(profile.holder.nameKana)),
    tlv(0x14, jis(profile.holder.alias)),
    tlv(0x15, jis(profile.holder.unifiedNameKana)),
    tlv(0x16, date(profile.holder.birthDate)),
    tlv(0x17, jis(profile.holder.address)),
    tlv(0x18, date(l.issueDate)),
    tlv(0x19, encodeAscii(l.referenceNumber ?? '00001')),
    tlv(0x1a, jis(l.colour)),
    tlv(0x1b, date(l.expiryDate)),
    ...conditions,
    tlv(0x20, jis(l.commission)),
    tlv(0x21, encodeAscii(l.number)),
    ...faceDates,
    ...classes,
  ]);
}

const CHANGE_FIRST_TAG: Readonly<Record<SimChangeKind, number>> = {
  'new-name': 0x60,
  'new-name-kana': 0x68,
  'new-address': 0x70,
  'new-condition': 0x78,
  'condition-lifted': 0x80,
  remark: 0x88,
};

/** One change record: 制定年番号 ‖ full-width 元号YYMMDD ‖ text ‖ 公安委員会名 (5 characters). */
export function changeRecordValue(profile: LicenceProfile, change: { date: string; text: string; commission: string }): Uint8Array {
  const ed = editionOf(profile);
  const psc = [...change.commission];
  while (psc.length < 5) psc.push('\u3000');
  return concat([Uint8Array.of(profile.licence.jisYear ?? 0x78), eraDateFullWidth(change.date), encodeJis(change.text, ed, gaijiMap(profile)), encodeJis(psc.join(''), ed)]);
}

export function buildChanges(profile: LicenceProfile): Uint8Array {
  const changes = profile.changes ?? [];
  const count = new Map<SimChangeKind, number>();
  const records: { tag: number; value: Uint8Array }[] = [];
  for (const c of changes) {
    const n = count.get(c.kind) ?? 0;
    if (n >= 8) throw new SimLicenceError('sim-licence-bad-profile', `more than 8 ${c.kind} records`);
    count.set(c.kind, n + 1);
    records.push({ tag: CHANGE_FIRST_TAG[c.kind] + n, value: changeRecordValue(profile, c) });
  }
  records.sort((a, b) => a.tag - b.tag);
  return concat([tlv(0x50, Uint8Array.of(changes.length > 0 ? 0x01 : 0x00)), ...records.map((r) => tlv(r.tag, r.value))]);
}

function gaijiFiles(profile: LicenceProfile, glyphs: GlyphSource | undefined): { ef03: Uint8Array; ef05: Uint8Array } {
  const bySlot = new Map((profile.gaiji ?? []).map((g) => [g.slot, g.char]));
  const value = (slot: number): Uint8Array => {
    const ch = bySlot.get(slot);
    return ch === undefined ? new Uint8Array(0) : gaijiGlyphValue(ch, glyphs);
  };
  const appended = [3, 4, 5, 6, 7].some((s) => bySlot.has(s));
  return {
    ef03: concat([tlv(0x48, value(1)), tlv(0x49, value(2))]),
    ef05: concat([tlv(0xa0, Uint8Array.of(appended ? 0x01 : 0x00)), ...[3, 4, 5, 6, 7].map((s, i) => tlv(0xa1 + i, value(s)))]),
  };
}

/** The simulator's own minimal JP2 wrapper (for profiles that store a JP2 file). */
function jp2Of(cs: Uint8Array): Uint8Array {
  const box = (type: string, body: Uint8Array): Uint8Array => {
    const n = 8 + body.length;
    return concat([Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), encodeAscii(type), body]);
  };
  // ihdr: height 160, width 120, 1 component, 8 bits, JPEG 2000 compression, no IPR.
  const ihdr = box('ihdr', Uint8Array.of(0, 0, 0, 160, 0, 0, 0, 120, 0, 1, 7, 7, 0, 0));
  const colr = box('colr', Uint8Array.of(1, 0, 0, 0, 0, 0, 17));
  return concat([
    Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a),
    box('ftyp', concat([encodeAscii('jp2 '), new Uint8Array(4), encodeAscii('jp2 ')])),
    box('jp2h', concat([ihdr, colr])),
    box('jp2c', cs),
  ]);
}

export function photoImage(profile: LicenceProfile): Uint8Array {
  const cs = licenceFaceJ2k(profile.card.face);
  if (!cs) throw new SimLicenceError('sim-licence-bad-profile', `no face ${profile.card.face}`);
  const image = profile.card.photoForm === 'jp2' ? jp2Of(cs) : cs;
  if (image.length > 2000) throw new SimLicenceError('sim-licence-bad-profile', `photo of ${image.length} bytes exceeds 2000`);
  return image;
}

export function buildLicenceFiles(profile: LicenceProfile, options: { readonly glyphs?: GlyphSource } = {}): LicenceFileSet {
  const l = profile.licence;
  const common = concat([
    tlv(0x45, concat([encodeAscii(profile.card.specVersion), bcdDate(l.issueDate), bcdDate(l.expiryDate)])),
    tlv(0x46, Uint8Array.of(profile.card.manufacturerId, profile.card.cryptoFunctionId)),
  ]);
  const g = gaijiFiles(profile, options.glyphs);
  return {
    common: built(common, SIM_FILE_SIZE.common, 'MF/EF01'),
    pinSetting: built(tlv(0x05, Uint8Array.of(profile.pins.set ? 0x01 : 0x00)), SIM_FILE_SIZE.pinSetting, 'MF/EF02'),
    entries: built(buildEntries(profile), SIM_FILE_SIZE.entries, 'DF1/EF01'),
    honseki: built(tlv(0x41, encodeJis(profile.holder.honseki, editionOf(profile), gaijiMap(profile))), SIM_FILE_SIZE.honseki, 'DF1/EF02'),
    gaiji: built(g.ef03, SIM_FILE_SIZE.gaiji, 'DF1/EF03'),
    changes: built(buildChanges(profile), SIM_FILE_SIZE.changes, 'DF1/EF04'),
    gaijiChanges: built(g.ef05, SIM_FILE_SIZE.gaijiChanges, 'DF1/EF05'),
    honsekiChanges: built(tlv(0xaa, Uint8Array.of(0x00)), SIM_FILE_SIZE.honsekiChanges, 'DF1/EF06'),
    photo: built(tlv(0x5f40, photoImage(profile), { longForm: true }), SIM_FILE_SIZE.photo, 'DF2/EF01'),
    df3: built(new Uint8Array(0), SIM_FILE_SIZE.df3, 'DF3/EF01'),
  };
}
