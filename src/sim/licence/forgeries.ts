/**
 * Forged and broken licences, each made the way an attacker or a faulty card would: bytes changed
 * after the issuer signed them, a signature by a key no operator trusts, a change record that
 * cannot be true, a card that lies about its PIN counter, files cut short. The verifier must reject
 * every one with the check and reason code its entry names (tests/licence/forgeries.test.ts).
 *
 * Unsigned files matter here: the change records (EF04) and 外字 (EF03/EF05) are not covered by
 * the issuing signature [U], so a forged change record comes with a VALID signature and only the
 * change-record check can stop it.
 */
import type { CardModel } from '../card/card-model';
import type { GlyphSource } from '../images';
import { buildLicence, type BuiltLicence, type LicenceBuildOptions } from './build-licence';
import { signAsIssuer, simLicenceSigner } from './licence-issuer';
import { buildChanges, buildEntries, SIM_FILE_SIZE, type BuiltFile } from './licence-files';
import type { LicenceProfile } from './licence-profile';
import { encodeSignatureFile, simSignedData } from './licence-signing';
import { withLicenceApplication, type MncLicenceProfile } from './mynumber-licence-app';
import { padFile, SimLicenceError, tlv } from './sim-text';
import type { LicenceCardModel } from './simulated-licence-card';

/** What the verifier must answer: a failing check with its code, or a typed error before any read. */
export type ForgeryExpectation =
  | { readonly kind: 'check'; readonly check: string; readonly code: string }
  /** Thrown by the card library; `entry` says which PIN entry provokes it. */
  | { readonly kind: 'thrown'; readonly code: string; readonly entry: 'genuine' | 'wrong-pin1' };

export interface ForgedLicence {
  readonly id: string;
  readonly profile: LicenceProfile;
  readonly model: LicenceCardModel;
}

export interface LicenceForgeryContext {
  readonly base: BuiltLicence;
  readonly glyphs?: GlyphSource;
}

export interface LicenceForgery {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly expect: ForgeryExpectation;
  make(ctx: LicenceForgeryContext): Promise<ForgedLicence>;
}

function file(content: Uint8Array, size: number, what: string): BuiltFile {
  return { content, file: padFile(content, size, what) };
}

/** The base licence rebuilt with build options (same profile, so the same genuine data otherwise). */
async function rebuilt(ctx: LicenceForgeryContext, id: string, options: LicenceBuildOptions, profile: LicenceProfile = ctx.base.profile): Promise<ForgedLicence> {
  const b = await buildLicence(profile, { ...(ctx.glyphs ? { glyphs: ctx.glyphs } : {}), ...options });
  return { id, profile: ctx.base.profile, model: b.model };
}

/** An 8-byte PNG signature and an IHDR-looking tail: not JPEG 2000. */
const PNG_LIKE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 120, 0, 0, 0, 160, 8, 0, 0, 0, 0);

export const LICENCE_FORGERIES: readonly LicenceForgery[] = [
  {
    id: 'entries-altered',
    description: { ja: '記載事項（住所）を署名後に書き換え', en: 'Details (address) rewritten after signing' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-signature-invalid' },
    make: (ctx) => {
      const p = ctx.base.profile;
      const forged: LicenceProfile = { ...p, holder: { ...p.holder, address: p.holder.address.replace('二丁目', '九丁目') } };
      if (forged.holder.address === p.holder.address) throw new SimLicenceError('sim-licence-forgery-failed', 'address unchanged');
      return rebuilt(ctx, 'entries-altered', { tamper: () => ({ entries: file(buildEntries(forged), SIM_FILE_SIZE.entries, 'DF1/EF01') }) });
    },
  },
  {
    id: 'photo-altered',
    description: { ja: '顔写真を別人の写真に差し替え', en: 'Photo replaced by another face after signing' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-signature-invalid' },
    make: async (ctx) => {
      const other = await buildLicence({ ...ctx.base.profile, card: { ...ctx.base.profile.card, face: 'face-05' } });
      return rebuilt(ctx, 'photo-altered', { tamper: () => ({ photo: other.files.photo }) });
    },
  },
  {
    id: 'photo-not-jpeg2000',
    description: { ja: '顔写真の領域にJPEG 2000以外の画像', en: 'Photo file holding an image that is not JPEG 2000' },
    expect: { kind: 'check', check: 'dl.photo', code: 'dl-photo-not-jpeg2000' },
    make: (ctx) => rebuilt(ctx, 'photo-not-jpeg2000', { tamper: () => ({ photo: file(tlv(0x5f40, PNG_LIKE, { longForm: true }), SIM_FILE_SIZE.photo, 'DF2/EF01') }) }),
  },
  {
    id: 'signature-unknown-issuer',
    description: { ja: '信頼されていない発行者の鍵で署名', en: 'Signed by an issuer no operator trusts (its own identifiers)' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-issuer-unknown' },
    make: (ctx) => rebuilt(ctx, 'signature-unknown-issuer', { signer: 'licence-issuer-rogue' }),
  },
  {
    id: 'signature-rogue-key-genuine-ids',
    description: { ja: '正規の発行者を名乗る偽の鍵で署名', en: 'Signed by a rogue key while naming the genuine issuer' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-signature-invalid' },
    make: async (ctx) => {
      const genuine = await simLicenceSigner(ctx.base.signer);
      const signature = await signAsIssuer('licence-issuer-rogue', ctx.base.hash, simSignedData(ctx.base.recipe, ctx.base.files));
      const ef07 = encodeSignatureFile({ signature, serialHex: genuine.serialHex, issuerName: genuine.issuerCn, subjectName: genuine.subjectCn, subjectKeyId: genuine.subjectKeyId });
      return rebuilt(ctx, 'signature-rogue-key-genuine-ids', { tamper: () => ({ signature: ef07 }) });
    },
  },
  {
    id: 'change-record-before-issue',
    description: { ja: '交付日より前の日付の住所変更記録を追加（署名は有効）', en: 'Address change record dated before the card was issued (signature still valid)' },
    expect: { kind: 'check', check: 'dl.change-records', code: 'dl-change-record-contradicts-card' },
    make: (ctx) => {
      const p = ctx.base.profile;
      const forged: LicenceProfile = { ...p, changes: [{ kind: 'new-address', date: '2020-04-01', text: '沖縄県那覇市かざす通一丁目１番', commission: '沖縄県公安' }] };
      return rebuilt(ctx, 'change-record-before-issue', { tamper: () => ({ changes: file(buildChanges(forged), SIM_FILE_SIZE.changes, 'DF1/EF04') }) });
    },
  },
  {
    id: 'change-record-future',
    description: { ja: '未来の日付の住所変更記録を追加（署名は有効）', en: 'Address change record dated in the future (signature still valid)' },
    expect: { kind: 'check', check: 'dl.change-records', code: 'dl-change-record-contradicts-card' },
    make: (ctx) => {
      const p = ctx.base.profile;
      const forged: LicenceProfile = { ...p, changes: [{ kind: 'new-address', date: '2028-01-10', text: '沖縄県那覇市かざす通一丁目１番', commission: '沖縄県公安' }] };
      return rebuilt(ctx, 'change-record-future', { tamper: () => ({ changes: file(buildChanges(forged), SIM_FILE_SIZE.changes, 'DF1/EF04') }) });
    },
  },
  {
    id: 'entries-truncated',
    description: { ja: '記載事項が途中で切れている', en: 'Details file cut short in the middle of a field' },
    expect: { kind: 'check', check: 'dl.entries', code: 'dl-entries-malformed' },
    make: (ctx) => {
      const content = ctx.base.files.entries.content;
      // Cut inside the address TLV: the name, kana and birth date come first (tags 11–16).
      const cut = Math.min(content.length - 1, 60);
      return rebuilt(ctx, 'entries-truncated', { tamper: () => ({ entries: { content: content.slice(0, cut), file: content.slice(0, cut) } }) });
    },
  },
  {
    id: 'signature-file-truncated',
    description: { ja: '電子署名の領域が途中で切れている', en: 'Signature file cut short' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-signature-file-malformed' },
    make: (ctx) => rebuilt(ctx, 'signature-file-truncated', { tamper: (f) => ({ signature: { content: f.signature.content.slice(0, 100), file: f.signature.content.slice(0, 100) } }) }),
  },
  {
    id: 'wrong-counter',
    description: { ja: '暗証番号の残り回数として9回と答えるカード（3回のはず）', en: 'Card that reports 9 PIN tries left (a licence PIN has 3)' },
    expect: { kind: 'thrown', code: 'licence-retry-counter-implausible', entry: 'genuine' },
    make: (ctx) => rebuilt(ctx, 'wrong-counter', { faults: { reportedTries: 9 } }),
  },
  {
    id: 'frozen-counter',
    description: { ja: '誤った暗証番号でも残り回数が減らないカード', en: 'Card whose reported PIN counter never drops after a wrong PIN' },
    expect: { kind: 'thrown', code: 'licence-retry-counter-inconsistent', entry: 'wrong-pin1' },
    make: (ctx) => rebuilt(ctx, 'frozen-counter', { faults: { frozenCounter: true } }),
  },
];

// ------------------------------------------------------------------ マイナ免許証

export interface MncForgery {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly expect: { readonly kind: 'check'; readonly check: string; readonly code: string };
  make(base: CardModel, profile: MncLicenceProfile): Promise<CardModel>;
}

export const MNC_LICENCE_FORGERIES: readonly MncForgery[] = [
  {
    id: 'mnc-info-altered',
    description: { ja: 'マイナ免許証の有効期限を署名後に延長', en: 'マイナ免許証 expiry extended after signing' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-signature-invalid' },
    make: (base, profile) =>
      withLicenceApplication(base, profile, {
        tamperInfo: (wef02) => {
          const out = wef02.slice();
          // C5 holds 7 ASCII digits 元号YYMMDD; raise the year digit pair by one decade.
          for (let i = 0; i + 9 <= out.length; i++) {
            if (out[i] === 0xc5 && out[i + 1] === 0x07) {
              out[i + 3] = out[i + 3]! === 0x39 ? 0x30 : out[i + 3]! + 1;
              return out;
            }
          }
          throw new SimLicenceError('sim-licence-forgery-failed', 'no C5 in WEF02');
        },
      }),
  },
  {
    id: 'mnc-unknown-issuer',
    description: { ja: 'マイナ免許証を信頼されていない発行者の鍵で署名', en: 'マイナ免許証 signed by an issuer no operator trusts' },
    expect: { kind: 'check', check: 'dl.signature', code: 'dl-issuer-unknown' },
    make: (base, profile) => withLicenceApplication(base, { ...profile, issuer: 'licence-issuer-rogue' }),
  },
];

/** For docs and CLI lists: every forgery id with its expectation. */
export function forgeryCatalogue(): { id: string; expect: ForgeryExpectation; description: { ja: string; en: string } }[] {
  return [...LICENCE_FORGERIES, ...MNC_LICENCE_FORGERIES].map((f) => ({ id: f.id, expect: f.expect, description: f.description }));
}

