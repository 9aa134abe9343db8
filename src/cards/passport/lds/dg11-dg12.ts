/**
 * DG11 additional personal details and DG12 additional document details (9303-10 §4.7.11,
 * §4.7.12). Both start with a tag list (5C) naming the data elements present; each element is
 * text (LDS 1.7: UTF-8), a date (YYYYMMDD; some chips use 4 BCD bytes), or an image.
 *
 * Everything is optional, and Japanese passports issued since 2020 carry no address at all
 * (other-id-documents.md §3.4); an absent field is simply undefined, never "".
 */
import { childrenOf, decodeSmallUnsigned, decodeUtf8, readWhole, tagHex, valueOf, type Tlv } from './ber';
import { DG_TAGS } from './lds-files';
import { LdsError } from './lds-error';

export interface Dg11 {
  /** 5F0E full name in national characters, `<<` between primary and secondary identifiers. */
  readonly fullName?: string;
  /** 5F0F other names (A0 { 02 count, 5F0F … }). */
  readonly otherNames: readonly string[];
  /** 5F10 personal number. */
  readonly personalNumber?: string;
  /** 5F2B full date of birth, ISO YYYY-MM-DD (or as stored when it is partial). */
  readonly fullDateOfBirth?: string;
  /** 5F11 place of birth (`<` separates parts). */
  readonly placeOfBirth?: string;
  /** 5F42 permanent address (`<` separates parts). */
  readonly address?: string;
  readonly telephone?: string;
  readonly profession?: string;
  readonly title?: string;
  readonly personalSummary?: string;
  /** 5F16 proof of citizenship: an image, kept as bytes. */
  readonly proofOfCitizenship?: Uint8Array;
  readonly otherTravelDocuments?: string;
  readonly custodyInformation?: string;
  /** Tags listed in 5C. */
  readonly tagList: readonly number[];
}

export interface Dg12 {
  /** 5F19 issuing authority. */
  readonly issuingAuthority?: string;
  /** 5F26 date of issue, ISO YYYY-MM-DD. */
  readonly dateOfIssue?: string;
  /** 5F1A other persons on the document (A0 { 02 count, 5F1A … }). */
  readonly otherPersons: readonly string[];
  readonly endorsements?: string;
  readonly taxExitRequirements?: string;
  readonly imageFront?: Uint8Array;
  readonly imageRear?: Uint8Array;
  /** 5F55 date and time of personalisation, YYYYMMDDhhmmss as stored. */
  readonly personalizationTime?: string;
  readonly personalizationDeviceSerial?: string;
  readonly tagList: readonly number[];
}

function tagList(bytes: Uint8Array, t: Tlv): number[] {
  // 5C holds tags back to back; every DG11/DG12 tag is two bytes 5F xx (or A0).
  const out: number[] = [];
  let i = t.start;
  while (i < t.end) {
    const b = bytes[i]!;
    if ((b & 0x1f) === 0x1f) {
      if (i + 1 >= t.end) throw new LdsError('lds-truncated', 'tag list ends inside a tag', i);
      out.push(b * 256 + bytes[i + 1]!);
      i += 2;
    } else {
      out.push(b);
      i += 1;
    }
  }
  return out;
}

/** YYYYMMDD as ASCII digits or 4 BCD bytes → ISO date; partial dates (zeros) kept as digits. */
function lenientDate(bytes: Uint8Array, t: Tlv, field: string): string {
  const v = valueOf(bytes, t);
  let digits: string;
  if (v.length === 8) {
    digits = new TextDecoder('latin1').decode(v);
  } else if (v.length === 4) {
    digits = [...v].map((b) => b.toString(16).padStart(2, '0')).join('');
  } else {
    throw new LdsError('lds-bad-value', `${field}: ${v.length} bytes is neither YYYYMMDD nor 4 BCD bytes`, t.start);
  }
  if (!/^[0-9]{8}$/.test(digits)) throw new LdsError('lds-bad-value', `${field}: not YYYYMMDD`, t.start);
  const mm = Number(digits.slice(4, 6));
  const dd = Number(digits.slice(6, 8));
  if (mm === 0 || dd === 0) return digits; // 9303-10: unknown month/day may be 00
  if (mm > 12 || dd > 31) throw new LdsError('lds-bad-value', `${field}: ${digits} is not a calendar date`, t.start);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** A0 { 02 count, tag … }: a counted list of text elements with one tag. */
function countedList(bytes: Uint8Array, t: Tlv, itemTag: number, field: string): string[] {
  const kids = childrenOf(bytes, t, { what: field });
  const first = kids[0];
  if (!first || first.tag !== 0x02) throw new LdsError('lds-missing-field', `${field}: count (02) missing`, t.start);
  const count = decodeSmallUnsigned(bytes, first, { what: field });
  const items = kids.slice(1);
  if (items.length !== count) throw new LdsError('lds-bad-value', `${field}: count ${count} but ${items.length} entries`, first.offset);
  return items.map((k) => {
    if (k.tag !== itemTag) throw new LdsError('lds-unexpected-tag', `${field}: expected tag ${tagHex(itemTag)}, found ${tagHex(k.tag)}`, k.offset);
    return decodeUtf8(bytes, k, field);
  });
}

function top(bytes: Uint8Array, dg: 11 | 12): { fields: Tlv[]; listed: number[] } {
  const what = `DG${dg}`;
  const t = readWhole(bytes, { what });
  if (t.tag !== DG_TAGS[dg]) throw new LdsError('lds-unexpected-tag', `${what}: expected tag ${tagHex(DG_TAGS[dg])}, found ${tagHex(t.tag)}`, t.offset);
  const kids = childrenOf(bytes, t, { what });
  const list = kids[0];
  if (!list || list.tag !== 0x5c) throw new LdsError('lds-missing-field', `${what}: tag list (5C) missing`, t.start);
  const fields = kids.slice(1);
  const seen = new Set<number>();
  for (const f of fields) {
    if (seen.has(f.tag)) throw new LdsError('lds-bad-value', `${what}: tag ${tagHex(f.tag)} appears twice`, f.offset);
    seen.add(f.tag);
  }
  return { fields, listed: tagList(bytes, list) };
}

export function parseDg11(bytes: Uint8Array): Dg11 {
  const { fields, listed } = top(bytes, 11);
  const out: { -readonly [K in keyof Dg11]?: Dg11[K] } = { otherNames: [], tagList: listed };
  for (const f of fields) {
    const text = (name: string) => decodeUtf8(bytes, f, `DG11 ${name}`);
    switch (f.tag) {
      case 0x5f0e: out.fullName = text('full name'); break;
      case 0xa0: out.otherNames = countedList(bytes, f, 0x5f0f, 'DG11 other names'); break;
      case 0x5f0f: out.otherNames = [text('other name')]; break;
      case 0x5f10: out.personalNumber = text('personal number'); break;
      case 0x5f2b: out.fullDateOfBirth = lenientDate(bytes, f, 'DG11 full date of birth'); break;
      case 0x5f11: out.placeOfBirth = text('place of birth'); break;
      case 0x5f42: out.address = text('address'); break;
      case 0x5f12: out.telephone = text('telephone'); break;
      case 0x5f13: out.profession = text('profession'); break;
      case 0x5f14: out.title = text('title'); break;
      case 0x5f15: out.personalSummary = text('personal summary'); break;
      case 0x5f16: out.proofOfCitizenship = valueOf(bytes, f); break;
      case 0x5f17: out.otherTravelDocuments = text('other travel documents'); break;
      case 0x5f18: out.custodyInformation = text('custody information'); break;
      default: throw new LdsError('lds-unexpected-tag', `DG11: unexpected tag ${tagHex(f.tag)}`, f.offset);
    }
  }
  return out as Dg11;
}

export function parseDg12(bytes: Uint8Array): Dg12 {
  const { fields, listed } = top(bytes, 12);
  const out: { -readonly [K in keyof Dg12]?: Dg12[K] } = { otherPersons: [], tagList: listed };
  for (const f of fields) {
    const text = (name: string) => decodeUtf8(bytes, f, `DG12 ${name}`);
    switch (f.tag) {
      case 0x5f19: out.issuingAuthority = text('issuing authority'); break;
      case 0x5f26: out.dateOfIssue = lenientDate(bytes, f, 'DG12 date of issue'); break;
      case 0xa0: out.otherPersons = countedList(bytes, f, 0x5f1a, 'DG12 other persons'); break;
      case 0x5f1b: out.endorsements = text('endorsements'); break;
      case 0x5f1c: out.taxExitRequirements = text('tax/exit requirements'); break;
      case 0x5f1d: out.imageFront = valueOf(bytes, f); break;
      case 0x5f1e: out.imageRear = valueOf(bytes, f); break;
      case 0x5f55: {
        // 14 ASCII digits, or 7 BCD bytes on some chips.
        const v = valueOf(bytes, f);
        const s = v.length === 7 ? [...v].map((b) => b.toString(16).padStart(2, '0')).join('') : new TextDecoder('latin1').decode(v);
        if (!/^[0-9]{14}$/.test(s)) throw new LdsError('lds-bad-value', 'DG12 personalisation time: not YYYYMMDDhhmmss', f.start);
        out.personalizationTime = s;
        break;
      }
      case 0x5f56: out.personalizationDeviceSerial = text('personalisation device serial'); break;
      default: throw new LdsError('lds-unexpected-tag', `DG12: unexpected tag ${tagHex(f.tag)}`, f.offset);
    }
  }
  return out as Dg12;
}
