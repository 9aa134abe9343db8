/**
 * MF/EF01 共通データ要素 and MF/EF02 カード種別, readable without authentication (§3.3.3 表3-4:
 * Free). Generation 1 (在留カード等仕様書 Ver 1.5 §3.3.4.1–2): C0 = 4-digit spec version,
 * C1 = '1' 在留カード / '2' 特別永住者証明書 (1 byte). Generation 2 (第二世代在留カード等仕様書
 * §3.3.4.2, via eringoio/zairyu-card-reader docs/specs/moj — UNCONFIRMED against the PDF): C1 is
 * 2 bytes, '05' 第二世代在留カード / '06' 第二世代特別永住者証明書; '07'/'08' are 特定在留カード,
 * a different spec (001460712) Kazasu does not read.
 */
import { ResidenceCardError } from '../residence-card-error';
import { asciiField, fixedValue, parseRcFile, requireObject } from './rc-tlv';

export type ResidenceKind = 'residence-card' | 'special-permanent-resident';
export type ResidenceGeneration = 1 | 2;

export interface CardIdentity {
  readonly generation: ResidenceGeneration;
  readonly kind: ResidenceKind;
  /** The C1 value as read: '1', '2', '05', '06'. */
  readonly cardTypeCode: string;
  /** C0 仕様バージョン番号, e.g. '0001'. */
  readonly specVersion: string;
}

const COMMON = 'MF/EF01 common data';
const CARD_TYPE = 'MF/EF02 card type';

/** C0: 4 ASCII digits (§3.3.4.1, example "30 30 30 31"). */
export function parseCommonData(bytes: Uint8Array): string {
  const f = parseRcFile(bytes, COMMON, [0xc0]);
  const c0 = requireObject(f, 0xc0, COMMON);
  return asciiField(fixedValue(c0, 4, COMMON), /^\d{4}$/, COMMON, 'spec version', c0.offset + c0.headerLength);
}

export function parseCardType(bytes: Uint8Array): { generation: ResidenceGeneration; kind: ResidenceKind; code: string } {
  const f = parseRcFile(bytes, CARD_TYPE, [0xc1]);
  const c1 = requireObject(f, 0xc1, CARD_TYPE);
  const at = c1.offset + c1.headerLength;
  if (c1.length === 1) {
    const code = asciiField(c1.value, /^[0-9]$/, CARD_TYPE, 'card type', at);
    if (code === '1') return { generation: 1, kind: 'residence-card', code };
    if (code === '2') return { generation: 1, kind: 'special-permanent-resident', code };
  } else if (c1.length === 2) {
    const code = asciiField(c1.value, /^[0-9]{2}$/, CARD_TYPE, 'card type', at);
    if (code === '05') return { generation: 2, kind: 'residence-card', code };
    if (code === '06') return { generation: 2, kind: 'special-permanent-resident', code };
    if (code === '07' || code === '08') {
      throw new ResidenceCardError('rc-unsupported-card-type', `card type ${code} is a 特定在留カード (residence card on the My Number Card, spec 001460712), which Kazasu does not read`);
    }
  }
  throw new ResidenceCardError('rc-record-malformed', `${CARD_TYPE}: unknown card type of ${c1.length} bytes`, at);
}

export function cardIdentity(common: Uint8Array, cardType: Uint8Array): CardIdentity {
  const specVersion = parseCommonData(common);
  const t = parseCardType(cardType);
  return { generation: t.generation, kind: t.kind, cardTypeCode: t.code, specVersion };
}
