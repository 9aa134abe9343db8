import { concatBytes } from '../../bytes/byte-ops';
import { KazasuError } from '../../errors/kazasu-error';
import { parseBerChildren, parseBerFile, type BerTlv } from '../../apdu/ber-tlv';
import type { ApduResponder } from '../../transport/apdu-responder';
import type { CardModel, DedicatedFile, ElementaryFile } from '../card/card-model';
import { cvKeyId, mintCvCertificate, SIM_CV_CA_KEY_IDS } from '../pki/cv-certificate';
import { cardKeyFor, simKey } from '../pki/sim-keys';
import { signSha256 } from './card-signing';
import type { CardProfile } from './card-profile';
import type { BuiltCard, CardBuildOptions } from './build-card';
import { faceSubjectKeyId } from './face-ap-files';
import { encodeBasicFour, textSubjectKeyId } from './text-ap-files';
import type { PersonProfile } from './card-profile';

/**
 * Forged and broken cards, each made the way an attacker or a faulty card would make it: bytes
 * changed after the issuer signed them, records moved between cards, certificates from the wrong
 * authority, a chip that replays or signs with the wrong key. The verifier must reject every one
 * with its own reason code (tests/verify-flows/forgeries.test.ts, tests/security/; docs/security.md
 * lists them).
 *
 * The UI text attacks (name-bidi-override onwards) come in two kinds. "Signed" ones are whole
 * cards the issuer signed with hostile text in the name or address — the signatures are good, so
 * only the text rule stops them (reason 'text-unsafe-characters'). "Rewritten" ones replace the
 * text record EF 0002 after signing (any length), as a forger would to get markup, a huge name or
 * look-alike letters onto the screen: the digest stops them, and the screen must still show
 * their text as inert text (e2e/security/ui-text.spec.ts).
 */
export type ForgeryId =
  | 'text-name-tampered'
  | 'text-address-tampered'
  | 'text-birth-date-tampered'
  | 'text-sex-tampered'
  | 'text-integrity-swapped'
  | 'text-integrity-other-key'
  | 'text-signed-key-tampered'
  | 'text-cv-unknown-issuer'
  | 'text-cv-rogue-signer'
  | 'face-photo-tampered'
  | 'face-name-image-tampered'
  | 'face-birth-date-tampered'
  | 'face-record-swapped'
  | 'face-age-record-other-key'
  | 'face-cv-unknown-issuer'
  | 'chip-replay'
  | 'chip-other-key'
  | 'jpki-untrusted-root'
  | 'jpki-not-yet-valid'
  | 'jpki-wrong-key-usage'
  | 'jpki-wrong-policy'
  | 'jpki-leaf-is-ca'
  | 'jpki-signature-tampered'
  | 'jpki-key-mismatch'
  | 'jpki-name-differs'
  | 'card-expired'
  | 'name-bidi-override'
  | 'name-bidi-embedding'
  | 'address-bidi-isolate'
  | 'name-bidi-marks'
  | 'name-control-nul-esc'
  | 'address-control-crlf'
  | 'name-control-c1'
  | 'name-zero-width'
  | 'address-invisible'
  | 'name-markup-html'
  | 'address-markup-entities-url'
  | 'name-very-long'
  | 'name-lookalike';

export interface ForgeryContext {
  /** Build a card for a (possibly modified) profile with build options, e.g. buildSimCard in Node. */
  build(profile: CardProfile, options?: CardBuildOptions): Promise<BuiltCard>;
  /** The genuine base card and another genuine card (for swaps). */
  readonly base: BuiltCard;
  readonly other: BuiltCard;
}

export interface ForgedCard {
  readonly id: ForgeryId;
  readonly profile: CardProfile;
  readonly model: CardModel;
  /** Card behaviour that is not data: wraps the simulated card (none of the catalogue needs it now). */
  readonly wrap?: (card: ApduResponder) => ApduResponder;
}

export interface ForgeryDefinition {
  readonly id: ForgeryId;
  readonly description: { readonly ja: string; readonly en: string };
  make(ctx: ForgeryContext): Promise<ForgedCard>;
}

// ------------------------------------------------------------------ model surgery

export class ForgeryError extends KazasuError {
  readonly code = 'sim-forgery-failed' as const;
}

function replaceEf(model: CardModel, dfName: string, fid: number, change: (content: Uint8Array) => Uint8Array): CardModel {
  return {
    ...model,
    dfs: model.dfs.map((df) =>
      df.name !== dfName
        ? df
        : {
            ...df,
            files: df.files.map((ef): ElementaryFile => (ef.kind === 'transparent' && ef.fid === fid ? { ...ef, content: change(ef.content) } : ef)),
          },
    ),
  };
}

function replaceDf(model: CardModel, dfName: string, change: (df: DedicatedFile) => DedicatedFile): CardModel {
  return { ...model, dfs: model.dfs.map((df) => (df.name === dfName ? change(df) : df)) };
}

function efContent(model: CardModel, dfName: string, fid: number): Uint8Array {
  const ef = model.dfs.find((d) => d.name === dfName)?.files.find((f) => f.fid === fid);
  if (!ef || ef.kind !== 'transparent') throw new ForgeryError(`no transparent EF ${fid} in ${dfName}`);
  return ef.content;
}

/** The child TLV with `tag` inside the file's outer object. */
function child(content: Uint8Array, tag: number): BerTlv {
  const c = parseBerChildren(parseBerFile(content)).find((t) => t.tag === tag);
  if (!c) throw new ForgeryError(`tag ${tag.toString(16)} not found`);
  return c;
}

/** Copy of `content` with the value of child `tag` changed by `edit` (same length). */
function editValue(content: Uint8Array, tag: number, edit: (value: Uint8Array) => Uint8Array): Uint8Array {
  const c = child(content, tag);
  const start = c.offset + c.headerLength;
  const next = edit(c.value.slice());
  if (next.length !== c.length) throw new ForgeryError('forgery must keep the length');
  const out = content.slice();
  out.set(next, start);
  return out;
}

/** Change the last character of UTF-8 text to another of the same encoded length. */
function alterText(value: Uint8Array): Uint8Array {
  const chars = [...new TextDecoder().decode(value)];
  const last = chars[chars.length - 1] ?? 'A';
  const len = new TextEncoder().encode(last).length;
  const replacement = len === 1 ? (last === 'X' ? 'Y' : 'X') : len === 3 ? (last === '男' ? '女' : '男') : last;
  chars[chars.length - 1] = replacement;
  return new TextEncoder().encode(chars.join(''));
}

function alterYear(value: Uint8Array): Uint8Array {
  const out = value.slice();
  out[3] = out[3] === 0x39 ? 0x30 : out[3]! + 1; // YYYYMMDD: bump the last year digit
  return out;
}

function flipByte(value: Uint8Array, at: number): Uint8Array {
  const out = value.slice();
  out[at] = out[at]! ^ 0x01;
  return out;
}

const TEXT = { basic: 0x02, integrity: 0x03, cv: 0x04, signedKey: 0x07 };
const FACE = { age: 0x01, face: 0x02, cv: 0x04 };
const JPKI_AUTH_CERT = 0x0a;

async function resignIntegrity(content: Uint8Array, key = cardKeyFor('forger', 'text-ap')): Promise<Uint8Array> {
  const outer = parseBerFile(content);
  const kids = parseBerChildren(outer);
  const signed = concatBytes(kids[0]!.raw, kids[1]!.raw);
  const signature = await signSha256(key, signed);
  const out = content.slice();
  out.set(signature, kids[2]!.offset + kids[2]!.headerLength);
  return out;
}

// ------------------------------------------------------------------ the catalogue

const onBase = (id: ForgeryId, change: (m: CardModel, ctx: ForgeryContext) => CardModel | Promise<CardModel>) => async (ctx: ForgeryContext): Promise<ForgedCard> => ({
  id,
  profile: ctx.base.profile,
  model: await change(ctx.base.model, ctx),
});

export const FORGERIES: readonly ForgeryDefinition[] = [
  {
    id: 'text-name-tampered',
    description: { ja: '入力補助APの氏名を書き換え', en: 'Name in the card-info AP rewritten' },
    make: onBase('text-name-tampered', (m) => replaceEf(m, 'text', TEXT.basic, (c) => editValue(c, 0xdf22, alterText))),
  },
  {
    id: 'text-address-tampered',
    description: { ja: '入力補助APの住所を書き換え', en: 'Address in the card-info AP rewritten' },
    make: onBase('text-address-tampered', (m) => replaceEf(m, 'text', TEXT.basic, (c) => editValue(c, 0xdf23, alterText))),
  },
  {
    id: 'text-birth-date-tampered',
    description: { ja: '入力補助APの生年月日を書き換え', en: 'Birth date in the card-info AP rewritten' },
    make: onBase('text-birth-date-tampered', (m) => replaceEf(m, 'text', TEXT.basic, (c) => editValue(c, 0xdf24, alterYear))),
  },
  {
    id: 'text-sex-tampered',
    description: { ja: '入力補助APの性別を書き換え', en: 'Sex in the card-info AP rewritten' },
    make: onBase('text-sex-tampered', (m) =>
      replaceEf(m, 'text', TEXT.basic, (c) => editValue(c, 0xdf25, (v) => Uint8Array.of(v[0] === 0x31 ? 0x32 : 0x31))),
    ),
  },
  {
    id: 'text-integrity-swapped',
    description: { ja: '別のカードの署名ファイルに差し替え', en: 'Integrity record taken from another card' },
    make: onBase('text-integrity-swapped', (m, ctx) => replaceEf(m, 'text', TEXT.integrity, () => efContent(ctx.other.model, 'text', TEXT.integrity).slice())),
  },
  {
    id: 'text-integrity-other-key',
    description: { ja: '署名ファイルを別の鍵で署名し直し', en: 'Integrity record re-signed with another key' },
    make: onBase('text-integrity-other-key', async (m) => {
      const resigned = await resignIntegrity(efContent(m, 'text', TEXT.integrity));
      return replaceEf(m, 'text', TEXT.integrity, () => resigned);
    }),
  },
  {
    id: 'text-signed-key-tampered',
    description: { ja: 'カード認証用公開鍵を差し替え', en: 'Card authentication key replaced' },
    make: onBase('text-signed-key-tampered', (m) =>
      replaceEf(m, 'text', TEXT.signedKey, (c) => {
        const df51 = child(c, 0xdf51);
        const out = c.slice();
        // Replace the modulus (last 256 bytes of the key DO) with another key's.
        out.set(cardKeyFor('forger', 'text-ap').modulus, df51.offset + df51.raw.length - 256);
        return out;
      }),
    ),
  },
  {
    id: 'text-cv-unknown-issuer',
    description: { ja: '入力補助APの証明書を未知の発行者が発行', en: 'Card-info AP certificate issued by an unknown CA' },
    make: async (ctx) => {
      const cv = await mintCvCertificate({
        issuerKeyId: cvKeyId('9000077', '001'),
        subjectKeyId: textSubjectKeyId(ctx.base.profile),
        subjectModulus: simKey('cv-ap-text').modulus,
        subjectExponent: simKey('cv-ap-text').exponent,
        signerKey: simKey('cv-ca-rogue'),
      });
      return { id: 'text-cv-unknown-issuer', profile: ctx.base.profile, model: replaceEf(ctx.base.model, 'text', TEXT.cv, () => cv) };
    },
  },
  {
    id: 'text-cv-rogue-signer',
    description: { ja: '正規の発行者名を名乗る偽の証明書', en: 'Certificate naming the genuine CA but signed by a rogue key' },
    make: async (ctx) => {
      const cv = await mintCvCertificate({
        issuerKeyId: SIM_CV_CA_KEY_IDS.text,
        subjectKeyId: textSubjectKeyId(ctx.base.profile),
        subjectModulus: simKey('cv-ap-text').modulus,
        subjectExponent: simKey('cv-ap-text').exponent,
        signerKey: simKey('cv-ca-rogue'),
      });
      return { id: 'text-cv-rogue-signer', profile: ctx.base.profile, model: replaceEf(ctx.base.model, 'text', TEXT.cv, () => cv) };
    },
  },
  {
    id: 'face-photo-tampered',
    description: { ja: '顔写真を差し替え', en: 'Face photo altered' },
    make: onBase('face-photo-tampered', (m) => replaceEf(m, 'face', FACE.face, (c) => editValue(c, 0xdf27, (v) => flipByte(v, v.length - 10)))),
  },
  {
    id: 'face-name-image-tampered',
    description: { ja: '氏名画像を差し替え', en: 'Name image altered' },
    make: onBase('face-name-image-tampered', (m) => replaceEf(m, 'face', FACE.face, (c) => editValue(c, 0xdf25, (v) => flipByte(v, v.length - 20)))),
  },
  {
    id: 'face-birth-date-tampered',
    description: { ja: '券面APの生年月日を書き換え', en: 'Birth date in the card-face AP rewritten' },
    make: onBase('face-birth-date-tampered', (m) => replaceEf(m, 'face', FACE.face, (c) => editValue(c, 0xdf22, alterYear))),
  },
  {
    id: 'face-record-swapped',
    description: { ja: '別のカードの券面情報に差し替え', en: 'Card-face record taken from another card' },
    make: onBase('face-record-swapped', (m, ctx) => replaceEf(m, 'face', FACE.face, () => efContent(ctx.other.model, 'face', FACE.face).slice())),
  },
  {
    id: 'face-age-record-other-key',
    description: { ja: '生年月日情報を別の鍵で署名', en: 'Birth-date record signed with another key' },
    make: async (ctx) => {
      const content = efContent(ctx.base.model, 'face', FACE.age);
      const kids = parseBerChildren(parseBerFile(content));
      const signature = await signSha256(cardKeyFor('forger', 'face-card'), concatBytes(kids[0]!.raw, kids[1]!.raw));
      const out = content.slice();
      out.set(signature, kids[2]!.offset + kids[2]!.headerLength);
      return { id: 'face-age-record-other-key', profile: ctx.base.profile, model: replaceEf(ctx.base.model, 'face', FACE.age, () => out) };
    },
  },
  {
    id: 'face-cv-unknown-issuer',
    description: { ja: '券面APの証明書を未知の発行者が発行', en: 'Card-face AP certificate issued by an unknown CA' },
    make: async (ctx) => {
      const cv = await mintCvCertificate({
        issuerKeyId: cvKeyId('9000078', '001'),
        subjectKeyId: faceSubjectKeyId(ctx.base.profile),
        subjectModulus: simKey('cv-ap-face').modulus,
        subjectExponent: simKey('cv-ap-face').exponent,
        signerKey: simKey('cv-ca-rogue'),
      });
      return { id: 'face-cv-unknown-issuer', profile: ctx.base.profile, model: replaceEf(ctx.base.model, 'face', FACE.cv, () => cv) };
    },
  },
  {
    id: 'chip-replay',
    description: { ja: '記録した応答を返す複製カード', en: 'Cloned chip replaying a recorded answer' },
    make: onBase('chip-replay', (m) =>
      replaceDf(replaceDf(m, 'face', (df) => ({ ...df, replaysInternalAuthentication: true })), 'text', (df) => ({ ...df, replaysInternalAuthentication: true })),
    ),
  },
  {
    id: 'chip-other-key',
    description: { ja: '記録と異なる鍵で応答するチップ', en: 'Chip answering with a key other than the one in its records' },
    make: onBase('chip-other-key', (m) => {
      const other = cardKeyFor('forger', 'face-card').id;
      return replaceDf(replaceDf(m, 'face', (df) => ({ ...df, defaultSigningKey: other })), 'text', (df) => ({ ...df, defaultSigningKey: other }));
    }),
  },
  {
    id: 'jpki-untrusted-root',
    description: { ja: '同じ名前の偽ルートが発行した電子証明書', en: 'JPKI certificates issued by a look-alike root' },
    make: async (ctx) => rebuilt(ctx, 'jpki-untrusted-root', { jpki: { rootGeneration: 'untrusted' } }),
  },
  {
    id: 'jpki-not-yet-valid',
    description: { ja: '有効期間開始前の電子証明書', en: 'JPKI certificates not valid yet' },
    make: async (ctx) =>
      rebuilt(ctx, 'jpki-not-yet-valid', { jpki: { sign: { notBefore: '2031-01-01', notAfter: '2036-01-01' }, auth: { notBefore: '2031-01-01', notAfter: '2036-01-01' } } }),
  },
  {
    id: 'jpki-wrong-key-usage',
    description: { ja: '鍵用途が規定と異なる電子証明書', en: 'JPKI certificates with the wrong key usage' },
    make: async (ctx) =>
      rebuilt(ctx, 'jpki-wrong-key-usage', { jpki: { sign: { keyUsage: ['digitalSignature', 'keyEncipherment'] }, auth: { keyUsage: ['digitalSignature', 'keyCertSign'] } } }),
  },
  {
    id: 'jpki-wrong-policy',
    description: { ja: '公的個人認証以外のポリシーの電子証明書', en: 'JPKI certificates with a non-JPKI policy' },
    make: async (ctx) => rebuilt(ctx, 'jpki-wrong-policy', { jpki: { sign: { policies: ['1.2.3.4.5'] }, auth: { policies: ['1.2.3.4.5'] } } }),
  },
  {
    id: 'jpki-leaf-is-ca',
    description: { ja: 'CAとして発行された利用者証明書', en: 'End-entity certificates marked as a CA' },
    make: async (ctx) => {
      const { caBasicConstraintsExtension } = await import('../pki/jpki-extensions');
      const extra = [caBasicConstraintsExtension()];
      return rebuilt(ctx, 'jpki-leaf-is-ca', { jpki: { sign: { extraExtensions: extra }, auth: { extraExtensions: extra } } });
    },
  },
  {
    id: 'jpki-signature-tampered',
    description: { ja: '電子証明書の署名を改ざん', en: 'JPKI certificate signature altered' },
    make: onBase('jpki-signature-tampered', (m) =>
      replaceEf(m, 'jpki', JPKI_AUTH_CERT, (c) => {
        const total = ((c[2]! << 8) | c[3]!) + 4;
        return flipByte(c, total - 5);
      }),
    ),
  },
  {
    id: 'jpki-key-mismatch',
    description: { ja: '証明書の鍵とカードの秘密鍵が不一致', en: 'Certificate key does not match the card key' },
    make: async (ctx) =>
      rebuilt(ctx, 'jpki-key-mismatch', {
        jpki: { sign: { certifiedKey: cardKeyFor('forger', 'jpki-sign') }, auth: { certifiedKey: cardKeyFor('forger', 'jpki-auth') } },
      }),
  },
  {
    id: 'jpki-name-differs',
    description: { ja: '署名用電子証明書の氏名がカードと異なる', en: 'Name in the signature certificate differs from the card' },
    make: async (ctx) => rebuilt(ctx, 'jpki-name-differs', { jpki: { sign: { certificateName: '偽物　太郎' } } }),
  },
  {
    id: 'card-expired',
    description: { ja: '有効期限切れのカード', en: 'Expired card' },
    make: async (ctx) => {
      const profile: CardProfile = { ...ctx.base.profile, id: 'forged-card-expired', card: { ...ctx.base.profile.card, expiryDate: '2025-02-17' } };
      return { id: 'card-expired', profile, model: (await ctx.build(profile)).model };
    },
  },
  {
    id: 'name-bidi-override',
    description: { ja: '氏名に表示を並べ替える制御文字（RLO）を含む', en: 'Name containing a right-to-left override' },
    make: async (ctx) => {
      const profile: CardProfile = { ...ctx.base.profile, id: 'forged-bidi', person: { ...ctx.base.profile.person, name: '山田\u202e子花' } };
      return { id: 'name-bidi-override', profile, model: (await ctx.build(profile)).model };
    },
  },
  // ---------------------------------------------------------------- UI text attacks (signed)
  {
    id: 'name-bidi-embedding',
    description: { ja: '氏名に文字の向きを変える埋め込み・上書き制御（LRE/RLE/PDF/LRO）を含む', en: 'Name containing bidi embeddings and an override (LRE, RLE, PDF, LRO)' },
    make: signedWithText('name-bidi-embedding', { name: '山田\u202a花\u202c\u202b子\u202c\u202d太郎\u202c' }),
  },
  {
    id: 'address-bidi-isolate',
    description: { ja: '住所に文字の向きを変える分離制御（LRI/RLI/FSI/PDI）を含む', en: 'Address containing bidi isolates (LRI, RLI, FSI, PDI)' },
    make: signedWithText('address-bidi-isolate', { address: '東京都千代田区\u2067丁目1-2\u2069\u2066霞が関\u2069\u20683\u2069' }),
  },
  {
    id: 'name-bidi-marks',
    description: { ja: '氏名に方向マーク（LRM/RLM/ALM）を含む', en: 'Name containing direction marks (LRM, RLM, ALM)' },
    make: signedWithText('name-bidi-marks', { name: '山田\u200e　\u200f花子\u061c' }),
  },
  {
    id: 'name-control-nul-esc',
    description: { ja: '氏名にNULと端末制御（ESC）を含む', en: 'Name containing NUL and a terminal escape (ESC)' },
    make: signedWithText('name-control-nul-esc', { name: '山田\u0000　花子\u001b[2J\u001b]0;OK\u0007' }),
  },
  {
    id: 'address-control-crlf',
    description: { ja: '住所に改行（CR/LF）を入れて偽の行を追加', en: 'Address with CR/LF adding a fake line' },
    make: signedWithText('address-control-crlf', { address: '東京都千代田区霞が関1-2-3\r\n本人確認済み\tOK' }),
  },
  {
    id: 'name-control-c1',
    description: { ja: '氏名にC1制御文字（NEL/CSI）を含む', en: 'Name containing C1 controls (NEL, CSI)' },
    make: signedWithText('name-control-c1', { name: '山田\u0085　花子\u009b31m' }),
  },
  {
    id: 'name-zero-width',
    description: { ja: '氏名に見えない文字（ゼロ幅スペース・結合子）を含み、別人の氏名に見せかける', en: 'Name with zero-width characters that look like another name (ZWSP, ZWNJ, ZWJ)' },
    make: signedWithText('name-zero-width', { name: '山\u200b田\u200c　花\u200d子' }),
  },
  {
    id: 'address-invisible',
    description: { ja: '住所に見えない文字（WJ・BOM）を含む', en: 'Address containing invisible characters (word joiner, BOM)' },
    make: signedWithText('address-invisible', { address: '東京都\u2060千代田区\ufeff霞が関1-2-3' }),
  },
  // ---------------------------------------------------------------- UI text attacks (rewritten)
  {
    id: 'name-markup-html',
    description: { ja: '氏名をスクリプト・HTMLに書き換え', en: 'Name rewritten as script and HTML markup' },
    make: rewrittenText('name-markup-html', { name: '<script>alert(1)</script><img src=x onerror="alert(2)"><b>本人確認済み</b>' }),
  },
  {
    id: 'address-markup-entities-url',
    description: { ja: '住所を文字参照と javascript: URL に書き換え', en: 'Address rewritten with HTML entities and a javascript: URL' },
    make: rewrittenText('address-markup-entities-url', {
      address: '&lt;b&gt;東京都&lt;/b&gt;&#60;svg onload=alert(3)&#62; <a href="javascript:alert(4)">javascript:alert(4)</a>',
    }),
  },
  {
    id: 'name-very-long',
    description: { ja: '氏名を非常に長い文字列に書き換え（判定を画面外に押し出す）', en: 'Name rewritten as a very long string (to push the verdict off screen)' },
    make: rewrittenText('name-very-long', { name: `${'W'.repeat(200)}　${'山田花子'.repeat(30)}` }),
  },
  {
    id: 'name-lookalike',
    description: { ja: '氏名を見た目の似た文字（康煕部首・半角空白）に書き換え', en: 'Name rewritten with look-alike characters (Kangxi radical, half-width space)' },
    make: rewrittenText('name-lookalike', { name: '\u2f2d田 花子' }),
  },
];

/** The UI text attacks among the forgeries (docs/security.md "UI text attacks"). */
export const UI_TEXT_ATTACK_IDS: readonly ForgeryId[] = [
  'name-bidi-override',
  'name-bidi-embedding',
  'address-bidi-isolate',
  'name-bidi-marks',
  'name-control-nul-esc',
  'address-control-crlf',
  'name-control-c1',
  'name-zero-width',
  'address-invisible',
  'name-markup-html',
  'address-markup-entities-url',
  'name-very-long',
  'name-lookalike',
];

/** A card the issuer signed with `person` changed (the hostile text is in every record). */
function signedWithText(id: ForgeryId, change: Partial<PersonProfile>) {
  return async (ctx: ForgeryContext): Promise<ForgedCard> => {
    const profile: CardProfile = { ...ctx.base.profile, id: `forged-${id}`, person: { ...ctx.base.profile.person, ...change } };
    return { id, profile, model: (await ctx.build(profile)).model };
  };
}

/** The genuine card with its text record EF 0002 rewritten after signing to hold `change`. */
function rewrittenText(id: ForgeryId, change: Partial<PersonProfile>) {
  return async (ctx: ForgeryContext): Promise<ForgedCard> => {
    const edited: CardProfile = { ...ctx.base.profile, person: { ...ctx.base.profile.person, ...change } };
    const file = encodeBasicFour(edited).file;
    return { id, profile: ctx.base.profile, model: replaceEf(ctx.base.model, 'text', TEXT.basic, () => file) };
  };
}

async function rebuilt(ctx: ForgeryContext, id: ForgeryId, options: CardBuildOptions): Promise<ForgedCard> {
  return { id, profile: ctx.base.profile, model: (await ctx.build(ctx.base.profile, options)).model };
}

export function forgery(id: ForgeryId): ForgeryDefinition {
  const f = FORGERIES.find((x) => x.id === id);
  if (!f) throw new ForgeryError(`unknown forgery ${id}`);
  return f;
}

