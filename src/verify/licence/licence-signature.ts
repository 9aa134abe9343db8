/**
 * The licence signature check (`dl.signature`), done exactly as the best available source says
 * and no more confidently than it deserves (licence-facts §4 — NONE of it is from the primary
 * text):
 *  - algorithm RSASSA-PKCS1-v1_5 [U: CIV; RSA-2048 fits the 256-byte B1 value];
 *  - hash chosen by the common data's 暗号関数識別子 (MF/EF01 tag 46 byte 1 [I: TRET]; which value
 *    means which hash is [U]): `hashByCryptoFunctionId`, falling back to SHA-256 [U: CIV] — the
 *    detail always names the id and the hash used, and on failure the signature block is opened
 *    with the certificate's key to say which hash the signer actually used (so a real card
 *    settles the mapping at once);
 *  - the signed bytes per the recipe the card layer read (cards/licence/signed-data.ts, default
 *    DF1/EF01 ‖ DF1/EF02 ‖ DF2/EF01 whole files [U: CIV]);
 *  - against operator-imported issuer certificates selected by EF07's identifiers
 *    (issuer-certificates.ts). Without one installed the check says so plainly: `warn`,
 *    'dl-issuer-certificate-not-installed'.
 */
import { copyBytes, wipe } from '../../bytes/byte-ops';
import { base64UrlToBytes } from '../../bytes/base64';
import { ForbiddenBytes } from '../../cards/licence/forbidden-data';
import type { LicenceCommonData } from '../../cards/licence/common-data';
import type { FileResult, SignedFiles } from '../../cards/licence/licence-read';
import type { LicenceFileName } from '../../cards/licence/licence-layout';
import type { LicenceSignatureFile } from '../../cards/licence/signature-file';
import { assembleSignedData } from '../../cards/licence/signed-data';
import { parsePkcs1v15Block, rsaPublicRecover } from '../crypto/rsa-recover';
import { dlCheck, type LicenceCheck, type LicenceCheckId } from './licence-checks';
import { matchIssuerCertificate, type LicenceIssuerCertificate, type LicenceIssuerTrust } from './issuer-certificates';

export type LicenceHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface LicenceSignatureProfile {
  /** 暗号関数識別子 → hash. Empty by default: no source gives the values [U]. */
  readonly hashByCryptoFunctionId: Readonly<Record<number, LicenceHash>>;
  /** Hash when the id is not in the map (SHA-256 [U: CIV]). */
  readonly defaultHash: LicenceHash;
}

export const DEFAULT_SIGNATURE_PROFILE: LicenceSignatureProfile = { hashByCryptoFunctionId: {}, defaultHash: 'SHA-256' };

/** A trust anchor the check used (the seam's AnchorUse needs a 'licence-issuer' kind for it). */
export interface LicenceAnchorUse {
  readonly kind: 'licence-issuer';
  readonly name: string;
  readonly hierarchy: 'operator' | 'simulator';
  readonly provenance: string;
}

export interface SignatureOutcome {
  readonly check: LicenceCheck;
  readonly anchor: LicenceAnchorUse | undefined;
}

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1) → hash name, to diagnose a failed check. */
const DIGEST_INFO: readonly [LicenceHash, number[]][] = [
  ['SHA-1', [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14]],
  ['SHA-256', [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]],
  ['SHA-384', [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]],
  ['SHA-512', [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]],
];

async function publicJwk(cert: LicenceIssuerCertificate): Promise<JsonWebKey | undefined> {
  try {
    const key = await globalThis.crypto.subtle.importKey('spki', copyBytes(cert.spki), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    return await globalThis.crypto.subtle.exportKey('jwk', key);
  } catch {
    return undefined;
  }
}

/** Which hash's DigestInfo the signature block carries under this key ('none' when it does not open). */
async function diagnose(cert: LicenceIssuerCertificate, signature: Uint8Array): Promise<string> {
  const jwk = await publicJwk(cert);
  if (!jwk?.n || !jwk.e) return 'key not usable';
  const em = rsaPublicRecover({ modulus: base64UrlToBytes(jwk.n), exponent: base64UrlToBytes(jwk.e) }, signature);
  const t = em ? parsePkcs1v15Block(em) : undefined;
  if (!t) return 'the block does not open with this key (another signer, or not PKCS#1 v1.5)';
  for (const [name, prefix] of DIGEST_INFO) {
    if (t.length === prefix.length + prefix[prefix.length - 1]! && prefix.every((b, i) => t[i] === b)) return `the block holds a ${name} DigestInfo: the signed data differs (altered, or another recipe)`;
  }
  return 'the block opens but holds no known DigestInfo';
}

function keyBits(jwk: JsonWebKey | undefined): number {
  return jwk?.n ? base64UrlToBytes(jwk.n).length * 8 : 0;
}

export interface SignatureInput {
  readonly signatureFile: FileResult<LicenceSignatureFile> | undefined;
  readonly signedFiles: SignedFiles | undefined;
  readonly common: FileResult<LicenceCommonData>;
  /** Whether PIN2 was entered (a recipe with PIN2 files is then complete unless a read failed). */
  readonly pin2: boolean;
  readonly fillerBytes: readonly number[];
}

type Done = (status: LicenceCheck['status'], code: LicenceCheck['code'], detail?: string, anchor?: LicenceAnchorUse) => SignatureOutcome;

/** Select the issuer certificate the signature file names; a finished outcome when there is none to use. */
export function selectIssuer(file: LicenceSignatureFile, trust: LicenceIssuerTrust, done: Done): { cert: LicenceIssuerCertificate; anchor: LicenceAnchorUse; by: string } | SignatureOutcome {
  const match = matchIssuerCertificate(file, trust.certificates);
  const named = `card names issuer "${file.issuerName}", subject "${file.subjectName}", serial ${file.serial}`;
  if (match.kind === 'none-installed') return done('warn', 'dl-issuer-certificate-not-installed', named);
  if (match.kind === 'ambiguous') return done('warn', 'dl-issuer-certificate-ambiguous', `${match.count} installed certificates match; ${named}`);
  if (match.kind === 'unknown') return done(trust.complete ? 'fail' : 'warn', 'dl-issuer-unknown', named);
  const cert = match.certificate;
  return { cert, anchor: { kind: 'licence-issuer', name: cert.subjectCn ?? cert.subject, hierarchy: cert.hierarchy, provenance: cert.provenance }, by: match.by };
}

/**
 * RSASSA-PKCS1-v1_5 over `data` (wiped here) with the selected certificate's key. `label` says how
 * the hash and the data were chosen, for the detail.
 */
export async function verifySignedBytes(
  file: LicenceSignatureFile,
  data: Uint8Array,
  selected: { cert: LicenceIssuerCertificate; anchor: LicenceAnchorUse; by: string },
  hash: LicenceHash,
  label: string,
  done: Done,
): Promise<SignatureOutcome> {
  const { cert, anchor } = selected;
  const jwk = await publicJwk(cert);
  const bits = keyBits(jwk);
  // An ArrayBuffer-backed copy for WebCrypto; both hold personal data and are wiped.
  const signed = copyBytes(data);
  wipe(data);
  if (!jwk || bits < 1024 || file.signature.length !== bits / 8) {
    wipe(signed);
    return done('fail', 'dl-issuer-certificate-unusable', `key of ${bits} bits for a ${file.signature.length}-byte signature`, anchor);
  }
  let ok = false;
  try {
    const key = await globalThis.crypto.subtle.importKey('spki', copyBytes(cert.spki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
    ok = await globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, copyBytes(file.signature), signed);
  } catch {
    ok = false;
  } finally {
    wipe(signed);
  }
  const how = `RSA-${bits} PKCS#1 v1.5 ${hash}, ${label}, issuer matched by ${selected.by}: ${anchor.name}`;
  if (ok) return done('pass', 'ok', how, anchor);
  return done('fail', 'dl-signature-invalid', `${how}; ${await diagnose(cert, file.signature)}`, anchor);
}

export async function checkLicenceSignature(
  input: SignatureInput,
  trust: LicenceIssuerTrust,
  profile: LicenceSignatureProfile,
  now: Date,
  id: LicenceCheckId = 'dl.signature',
): Promise<SignatureOutcome> {
  const done: Done = (status, code, detail, anchor) => ({ check: dlCheck(id, status, code, detail, now), anchor });
  if (!input.signedFiles) return done('skipped', 'not-read');
  const { recipe, files } = input.signedFiles;
  const missing = recipe.parts.map((p) => p.file).filter((f) => !files.has(f));
  const pin2Files: LicenceFileName[] = ['df1.honseki', 'df2.photo'];
  // Without PIN 2 the recipe's PIN2 files were never read (nor EF07): say why, before anything else.
  if (!input.pin2 && missing.some((f) => pin2Files.includes(f))) return done('skipped', 'dl-signature-needs-pin2', `recipe ${recipe.id} covers ${missing.filter((f) => pin2Files.includes(f)).join(', ')}`);
  if (!input.signatureFile) return done('skipped', 'not-read');
  if (!input.signatureFile.ok) return done('fail', 'dl-signature-file-malformed', input.signatureFile.error.code);
  const file = input.signatureFile.value;
  const selected = selectIssuer(file, trust, done);
  if ('check' in selected) return selected;
  if (missing.length > 0) return done('fail', 'dl-signature-data-unreadable', `missing ${missing.join(', ')} (recipe ${recipe.id})`, selected.anchor);
  const cryptoId = input.common.ok ? input.common.value.cryptoFunctionId : undefined;
  const hash = (cryptoId !== undefined ? profile.hashByCryptoFunctionId[cryptoId] : undefined) ?? profile.defaultHash;
  const revealed: Uint8Array[] = [];
  const data = assembleSignedData(
    recipe,
    (n) => {
      const v = files.get(n);
      if (!(v instanceof ForbiddenBytes)) return v;
      const b = v.reveal({ kind: 'signature-verification' });
      revealed.push(b);
      return b;
    },
    input.fillerBytes,
  );
  for (const r of revealed) wipe(r);
  if (!data) return done('fail', 'dl-signature-data-unreadable', `recipe ${recipe.id}`, selected.anchor);
  const idLabel = cryptoId === undefined ? 'unknown' : `0x${cryptoId.toString(16).padStart(2, '0')}`;
  return verifySignedBytes(file, data, selected, hash, `hash by 暗号関数識別子 ${idLabel}, recipe ${recipe.id} (both UNCONFIRMED)`, done);
}
