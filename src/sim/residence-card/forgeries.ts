/**
 * Forged and broken residence cards, each made the way an attacker or a faulty chip would make
 * it: data changed after MOJ signed it, a certificate from an unknown CA or a CA's copied name,
 * certificates outside their validity, a chip whose number or card type lies, a cryptogram
 * damaged on the way, a chip that does not hold the key it claims. The verifier (or, for the
 * authentication ones, the card library) must reject every one with its own check and code:
 * tests/residence-card/forgeries.test.ts; docs/security.md lists them.
 */
import { rcFaceJp2 } from './assets/rc-faces-data';
import type { BuiltRcCard, RcBuildOptions } from './build-card';
import { dataObject, padTo, type RcDf, type RcSimModel } from './card-files';
import type { RcProfile } from './rc-profile';
import { RcSimError } from './rc-sim-error';

export type RcForgeryId =
  | 'rc1-front-image-altered'
  | 'rc1-face-altered'
  | 'rc1-signature-from-other-card'
  | 'rc1-unknown-ca'
  | 'rc1-certificate-not-yet-valid'
  | 'rc1-card-type-lies'
  | 'rc1-sm-cryptogram-corrupted'
  | 'rc1-wrong-card-number'
  | 'rc1-chip-without-key'
  | 'rc2-face-altered'
  | 'rc2-entry-altered'
  | 'rc2-ca-name-copied'
  | 'rc2-certificate-expired'
  | 'rc2-card-number-differs'
  | 'rc2-card-type-lies'
  | 'rc2-key-mismatch'
  | 'rc2-sm-cryptogram-corrupted';

export interface RcForgeryContext {
  /** Build a card for a (possibly modified) profile with build options (Node: with simFont). */
  build(profile: RcProfile, options?: RcBuildOptions): Promise<BuiltRcCard>;
  /** Genuine named profiles by id. */
  profile(id: string): RcProfile;
}

export interface RcForgedCard {
  readonly id: RcForgeryId;
  readonly profile: RcProfile;
  readonly model: RcSimModel;
  /** The number a clerk would type (what is printed on the card). */
  readonly printedCardNumber: string;
}

export interface RcForgeryDefinition {
  readonly id: RcForgeryId;
  readonly description: { readonly ja: string; readonly en: string };
  make(ctx: RcForgeryContext): Promise<RcForgedCard>;
}

function file(model: RcSimModel, df: RcDf, sfi: number): Uint8Array {
  const f = model.files.find((x) => x.df === df && x.sfi === sfi);
  if (!f) throw new RcSimError('sim-forgery-failed', `no file ${df}/${sfi}`);
  return f.content;
}

function replaceFile(model: RcSimModel, df: RcDf, sfi: number, change: (content: Uint8Array) => Uint8Array): RcSimModel {
  return { ...model, files: model.files.map((f) => (f.df === df && f.sfi === sfi ? { ...f, content: change(f.content.slice()) } : f)) };
}

/** Value offset of the object with `tag` in a file (1- or 2-byte tag, spec length forms). */
function valueAt(content: Uint8Array, tag: number): { start: number; length: number } {
  let i = 0;
  while (i < content.length && content[i] !== 0) {
    let t = content[i++]!;
    if ((t & 0x1f) === 0x1f) t = (t << 8) | content[i++]!;
    const l0 = content[i++]!;
    let length = l0;
    if (l0 === 0x81) length = content[i++]!;
    else if (l0 === 0x82) {
      length = (content[i]! << 8) | content[i + 1]!;
      i += 2;
    }
    if (t === tag) return { start: i, length };
    i += length;
  }
  throw new RcSimError('sim-forgery-failed', `tag ${tag.toString(16)} not found`);
}

function forged(id: RcForgeryId, base: BuiltRcCard, model: RcSimModel, printedCardNumber = base.profile.cardNumber): RcForgedCard {
  return { id, profile: base.profile, model, printedCardNumber };
}

async function genuine(ctx: RcForgeryContext, id: string, options?: RcBuildOptions): Promise<BuiltRcCard> {
  return ctx.build(ctx.profile(id), options);
}

export const RC_FORGERIES: readonly RcForgeryDefinition[] = [
  {
    id: 'rc1-front-image-altered',
    description: { ja: '券面画像の氏名を書き換えた（署名後の改ざん）', en: 'The name in the front image rewritten after signing' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      const other = await ctx.build({ ...base.profile, person: { ...base.profile.person, name: 'TRAN THI BICH' } });
      return forged('rc1-front-image-altered', base, replaceFile(base.model, 'df1', 0x05, () => file(other.model, 'df1', 0x05).slice()));
    },
  },
  {
    id: 'rc1-face-altered',
    description: { ja: '顔写真を別人の写真に差し替えた', en: "The face photo replaced with someone else's" },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      return forged('rc1-face-altered', base, replaceFile(base.model, 'df1', 0x06, () => padTo(dataObject(0xd1, padTo(rcFaceJp2('face-05'), 3000)), 3004)));
    },
  },
  {
    id: 'rc1-signature-from-other-card',
    description: { ja: '別のカードの電子署名と証明書を移した', en: "Another card's signature and certificate copied in" },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      const other = await genuine(ctx, 'rc1-expired-certificate');
      return forged('rc1-signature-from-other-card', base, replaceFile(base.model, 'df3', 0x02, () => file(other.model, 'df3', 0x02).slice()));
    },
  },
  {
    id: 'rc1-unknown-ca',
    description: { ja: '未知の認証局が発行した証明書で署名した', en: 'Signed under a certificate from an unknown CA' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult', { issuer: 'rogue' });
      return forged('rc1-unknown-ca', base, base.model);
    },
  },
  {
    id: 'rc1-certificate-not-yet-valid',
    description: { ja: '有効期間が始まっていない証明書', en: 'A certificate whose validity has not started' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult', { certificateValidity: { notBefore: '2027-01-01', notAfter: '2037-01-01' } });
      return forged('rc1-certificate-not-yet-valid', base, base.model);
    },
  },
  {
    id: 'rc1-card-type-lies',
    description: { ja: 'カード種別を特別永住者証明書と偽った在留カード', en: 'A residence card whose card-type file claims a special permanent resident certificate' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      return forged('rc1-card-type-lies', base, replaceFile(base.model, 'mf', 0x0a, () => dataObject(0xc1, Uint8Array.of(0x32))));
    },
  },
  {
    id: 'rc1-sm-cryptogram-corrupted',
    description: { ja: '暗号化された顔写真の応答が途中で壊れた', en: 'The encrypted answer carrying the photo damaged in transit' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      return forged('rc1-sm-cryptogram-corrupted', base, { ...base.model, behaviour: { corruptSmAnswer: { df: 'df1', sfi: 0x06, where: 'middle' } } });
    },
  },
  {
    id: 'rc1-wrong-card-number',
    description: { ja: 'ICチップの番号が券面の番号と異なる', en: 'The chip is keyed to another number than the one printed' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-adult');
      return forged('rc1-wrong-card-number', base, { ...base.model, cardNumber: 'ZZ99999999ZZ' });
    },
  },
  {
    id: 'rc1-chip-without-key',
    description: { ja: '認証鍵を持たないICチップ（相互認証の応答が不正）', en: 'A chip that does not hold the authentication key (bad MUTUAL AUTHENTICATE answer)' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc1-special-permanent');
      return forged('rc1-chip-without-key', base, { ...base.model, behaviour: { wrongCardMac: true } });
    },
  },
  {
    id: 'rc2-face-altered',
    description: { ja: '顔写真を別人の写真に差し替えた（第2世代）', en: "The face photo replaced with someone else's (generation 2)" },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult');
      return forged(
        'rc2-face-altered',
        base,
        replaceFile(base.model, 'df1', 0x04, (c) => {
          const v = valueAt(c, 0xd1);
          c.set(padTo(rcFaceJp2('face-01'), v.length), v.start);
          return c;
        }),
      );
    },
  },
  {
    id: 'rc2-entry-altered',
    description: { ja: '記載事項の有効期限を書き換えた', en: 'The card expiry entry rewritten after signing' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-expired-card');
      return forged(
        'rc2-entry-altered',
        base,
        replaceFile(base.model, 'df1', 0x03, (c) => {
          const v = valueAt(c, 0xc5);
          c.set(new TextEncoder().encode('20300831'), v.start);
          return c;
        }),
      );
    },
  },
  {
    id: 'rc2-ca-name-copied',
    description: { ja: '正規の認証局名を名乗る別の鍵で発行した証明書', en: "A certificate issued by another key under the genuine CA's name" },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult', { issuer: 'rogue-same-name' });
      return forged('rc2-ca-name-copied', base, base.model);
    },
  },
  {
    id: 'rc2-certificate-expired',
    description: { ja: '有効期限の切れた証明書（第2世代）', en: 'An expired certificate (generation 2)' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult', { certificateValidity: { notBefore: '2025-02-01', notAfter: '2026-02-01' } });
      return forged('rc2-certificate-expired', base, base.model);
    },
  },
  {
    id: 'rc2-card-number-differs',
    description: { ja: 'ICチップに記録された番号が認証に使った番号と異なる', en: 'The number recorded on the chip differs from the number it authenticates with' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult');
      return forged('rc2-card-number-differs', base, replaceFile(base.model, 'df1', 0x01, () => dataObject(0xc2, new TextEncoder().encode('RC20269999JP'))));
    },
  },
  {
    id: 'rc2-card-type-lies',
    description: { ja: 'カード種別を在留カードと偽った特別永住者証明書（第2世代）', en: 'A special permanent resident certificate whose card-type file claims a residence card (generation 2)' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-special-permanent');
      return forged('rc2-card-type-lies', base, replaceFile(base.model, 'mf', 0x0a, () => dataObject(0xc1, new TextEncoder().encode('05'))));
    },
  },
  {
    id: 'rc2-key-mismatch',
    description: { ja: '証明書の鍵とは別の鍵で署名した', en: "Signed with a key other than the certificate's" },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult', { dataSigningKey: 'rc2-signer-b' });
      return forged('rc2-key-mismatch', base, base.model);
    },
  },
  {
    id: 'rc2-sm-cryptogram-corrupted',
    description: { ja: '暗号化された記載事項の応答の最終ブロックが壊れた', en: 'The last block of the encrypted answer carrying the entries damaged' },
    async make(ctx) {
      const base = await genuine(ctx, 'rc2-adult');
      return forged('rc2-sm-cryptogram-corrupted', base, { ...base.model, behaviour: { corruptSmAnswer: { df: 'df1', sfi: 0x03, where: 'last-block' } } });
    },
  },
];
