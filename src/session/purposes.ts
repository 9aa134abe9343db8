/**
 * The kiosk's purposes: why staff check an ID. Kiosk-level concepts: each document driver says
 * which purposes it supports and what one means for its card (credentials, what is read,
 * required checks, revocation policy: documents/<doc>/…-purposes.ts).
 */
import type { PurposeId } from '../verify/report';

export { PURPOSE_IDS, type PurposeId } from '../verify/report';
export type { RevocationPolicy } from '../documents/document-driver';

export interface Purpose {
  readonly id: PurposeId;
  readonly title: { readonly ja: string; readonly en: string };
  /**
   * The legal method or use the evidence record cites (ux-and-anchors §3.1; letters UNCONFIRMED
   * for 2027). A document may cite another for the same purpose (DocumentPurpose.legalMethod).
   */
  readonly legalMethod: { readonly ja: string; readonly en: string };
}

export const PURPOSES: Readonly<Record<PurposeId, Purpose>> = {
  counter: {
    id: 'counter',
    title: { ja: '窓口での本人確認', en: 'Counter identity check' },
    legalMethod: { ja: '対面・ICチップ読取と画面表示（犯収法 新イ方式）', en: 'Face to face, IC chip read and shown on screen (AML rule, new method i)' },
  },
  bank: {
    id: 'bank',
    title: { ja: '口座開設（銀行）', en: 'Bank account opening' },
    legalMethod: { ja: 'ICチップ読取＋署名用電子証明書（犯収法 ワ方式）', en: 'IC chip read + JPKI signature certificate (AML rule, method wa)' },
  },
  field: {
    id: 'field',
    title: { ja: '現場確認（オフライン）', en: 'Field check (offline)' },
    legalMethod: { ja: '対面・ICチップ読取（オフライン、失効確認は後で）', en: 'Face to face, IC chip read offline (revocation checked later)' },
  },
  age: {
    id: 'age',
    title: { ja: '年齢確認', en: 'Age check' },
    legalMethod: { ja: '年齢確認のみ（生年月日の署名とICチップ）', en: 'Age only (signed birth date and chip)' },
  },
};

export function purpose(id: string): Purpose | undefined {
  return Object.prototype.hasOwnProperty.call(PURPOSES, id) ? PURPOSES[id as PurposeId] : undefined;
}

/** The purpose as a document cites it: the document's own legal method where it has one. */
export function purposeFor(p: Purpose, documentLegalMethod: Purpose['legalMethod'] | undefined): Purpose {
  return documentLegalMethod ? { ...p, legalMethod: documentLegalMethod } : p;
}
