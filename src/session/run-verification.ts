import { MyNumberCard } from '../cards/mynumber/mynumber-card';
import type { AgeRecord, BasicFour, CardFaceRecord, RsaPublicKey } from '../cards/mynumber/records';
import { isKazasuError, KazasuError } from '../errors/kazasu-error';
import type { CardTransport } from '../transport/card-transport';
import { authenticateChip, newChallenge } from '../verify/card/chip-authentication';
import { checkCardExpiry } from '../verify/card/card-expiry';
import { verifyCvCertificate } from '../verify/card/cv-certificate-check';
import { checkCardKeyConsistency, verifyAgeRecord, verifyCardFace } from '../verify/card/face-records-check';
import { verifyTextRecords } from '../verify/card/text-records-check';
import type { CheckId } from '../verify/check-catalogue';
import { crossCheck, type AttributeSource } from '../verify/cross-checks';
import { validateJpkiCertificate } from '../verify/jpki/jpki-chain';
import { parseJpkiSignAttributes, type JpkiSignAttributes } from '../verify/jpki/jpki-attributes';
import { jpkiChallengeDigestInfo, verifyJpkiChallenge } from '../verify/jpki/jpki-challenge';
import { revocationToCheck, type PendingRevocation, type RevocationResult } from '../verify/revocation/revocation-checker';
import { check, decideOutcome, type AnchorUse, type Check, type ReportImages, type VerificationReport, type VerifiedAttributes } from '../verify/report';
import type { ProgressListener, VerificationEnvironment } from './verification-environment';
import type { Purpose } from './purposes';

/** What the person and the clerk entered. Lives only for this call; never stored or logged. */
export interface VerificationCredentials {
  readonly codeB?: string;
  readonly signPassword?: string;
  readonly birthDateKey?: string;
  /** 利用者証明用暗証番号: optional; when given with a plan that reads the auth certificate, the auth key signs a challenge too. */
  readonly authPin?: string;
  /** The person confirmed using a last remaining try (pin-guard refuses otherwise). */
  readonly confirmLastTry?: boolean;
}

function sexOf(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return code === '1' ? 'male' : code === '2' ? 'female' : 'unspecified';
}

/**
 * Read and verify a My Number Card for one purpose. Reads only what the purpose's plan names;
 * every check goes into one VerificationReport. Credential problems (wrong 照合番号B, blocked or
 * last-try PIN) and a card that leaves the reader are thrown as typed errors — they are not
 * verification results, and the caller decides what the person sees.
 */
export async function runVerification(
  transport: CardTransport,
  purpose: Purpose,
  credentials: VerificationCredentials,
  env: VerificationEnvironment,
  onProgress?: ProgressListener,
): Promise<VerificationReport> {
  const startedAt = env.now();
  const checks: Check[] = [];
  const anchors: AnchorUse[] = [];
  const sources: AttributeSource[] = [];
  const images: { -readonly [K in keyof ReportImages]: ReportImages[K] } = {};
  let attributes: VerifiedAttributes = { sources: [] };
  const material: { cardFaceSignature?: Uint8Array; jpkiSignCertificate?: Uint8Array; jpkiAuthCertificate?: Uint8Array; pendingRevocations: PendingRevocation[] } = {
    pendingRevocations: [],
  };
  const addRevocation = (id: 'jpki.sign.revocation' | 'jpki.auth.revocation', r: RevocationResult) => {
    if (r.status === 'pending') material.pendingRevocations.push(r.pending);
    add(revocationToCheck(id, r, now()));
  };
  const seenAnswers = new Set<string>();
  const plan = purpose.reads;
  const totalSteps = 2 + (plan.textBasicFour ? 1 : 0) + (plan.cardFace ? 1 : 0) + (plan.ageRecord ? 1 : 0) + (plan.jpkiSign ? 2 : 0) + (plan.jpkiAuthCertificate ? 1 : 0) + (plan.jpkiAuthCertificate && credentials.authPin !== undefined ? 1 : 0) + 1;
  let done = 0;
  const progress = (step: Parameters<ProgressListener>[0]) => onProgress?.(step, ++done, totalSteps);
  const now = () => env.now();
  const add = (...cs: Check[]) => checks.push(...cs);
  const readFailure = (id: CheckId, e: unknown): Check => {
    if (!isKazasuError(e)) throw e;
    if (isCredentialOrTransportError(e)) throw e;
    const code = e.code.startsWith('record-') || e.code.startsWith('tlv-') ? 'record-malformed' : 'read-failed';
    return check(id, 'fail', code, e.code, now());
  };

  const card = new MyNumberCard(transport);
  try {
    progress('open-card');
    let textCardKey: RsaPublicKey | undefined;
    let faceCardKeys: RsaPublicKey[] = [];
    // Chip authentication runs while its DF is still selected (right after that AP's records),
    // so no DF is selected twice (issue 7: no redundant SELECT).
    const chipDone = new Set<'text' | 'face'>();
    const authenticate = async (ap: 'text' | 'face'): Promise<void> => {
      if (!plan.chipAuthentication.includes(ap) || chipDone.has(ap)) return;
      if (chipDone.size === 0) progress('chip-authentication');
      chipDone.add(ap);
      const id = ap === 'text' ? 'text.chip-authentication' : 'face.chip-authentication';
      const key = ap === 'text' ? textCardKey : faceCardKeys[0];
      if (!key) {
        add(check(id, 'fail', 'record-signature-invalid', 'no verified card key to check the chip against', now()));
        return;
      }
      add(await authenticateChip(ap === 'text' ? card.text : card.face, id, key, seenAnswers));
    };

    // ---------------------------------------------------------------- 券面事項入力補助AP
    if (plan.textBasicFour) {
      progress('read-text');
      await card.text.verify('codeB', requireCredential(credentials.codeB, 'codeB'), { confirmLastTry: credentials.confirmLastTry ?? false });
      let basic: BasicFour | undefined;
      try {
        basic = await card.text.readBasicFour();
        const cv = await verifyCvCertificate('text.cv-certificate', await card.text.readCvCertificate(), env.trust, { allAnchors: env.allAnchors });
        add(cv.check);
        if (cv.caKey) anchors.push({ kind: 'cv-ca-key', name: cv.caKey.name, hierarchy: cv.caKey.hierarchy, provenance: cv.caKey.provenance });
        if (cv.apKey) {
          const records = await verifyTextRecords({
            integrity: await card.text.readIntegrityRecord(),
            basicFour: basic,
            signedKey: await card.text.readSignedPublicKey(),
            apKey: cv.apKey,
          });
          add(...records.checks);
          textCardKey = records.cardKey;
        } else {
          add(...(['text.integrity-signature', 'text.basic-four-digest', 'text.signed-key'] as const).map((id) => check(id, 'fail', cv.check.code, 'no trusted AP key', now())));
        }
      } catch (e) {
        add(readFailure('text.basic-four-digest', e));
      }
      if (basic) {
        sources.push({ source: 'text-ap', name: basic.name, address: basic.address, birthDate: basic.birthDate, sex: sexOf(basic.sexCode) });
        attributes = { ...attributes, name: basic.name, address: basic.address, birthDate: basic.birthDate, sex: basic.sex, sources: [...attributes.sources, 'text-ap'] };
      }
      await authenticate('text');
    }

    // ---------------------------------------------------------------- 券面事項確認AP
    let faceApKeyReady: RsaPublicKey | undefined;
    if (plan.cardFace || plan.ageRecord) {
      if (plan.cardFace) {
        progress('read-card-face');
        await card.face.verify('codeB', requireCredential(credentials.codeB, 'codeB'), { confirmLastTry: credentials.confirmLastTry ?? false });
      } else {
        progress('read-age-record');
        await card.face.verify('birthDate', requireCredential(credentials.birthDateKey, 'birthDateKey'), { confirmLastTry: credentials.confirmLastTry ?? false });
      }
      try {
        const cv = await verifyCvCertificate('face.cv-certificate', await card.face.readCvCertificate(), env.trust, { allAnchors: env.allAnchors });
        add(cv.check);
        if (cv.caKey) anchors.push({ kind: 'cv-ca-key', name: cv.caKey.name, hierarchy: cv.caKey.hierarchy, provenance: cv.caKey.provenance });
        faceApKeyReady = cv.apKey;
      } catch (e) {
        add(readFailure('face.cv-certificate', e));
      }
      if (plan.cardFace) {
        let face: CardFaceRecord | undefined;
        try {
          face = await card.face.readCardFace();
          if (faceApKeyReady) {
            const r = await verifyCardFace(face, faceApKeyReady);
            add(r.check);
            if (r.cardKey) faceCardKeys.push(r.cardKey);
          } else add(check('face.card-face-signature', 'fail', 'cv-signature-invalid', 'no trusted AP key', now()));
        } catch (e) {
          add(readFailure('face.card-face-signature', e));
        }
        if (face) {
          material.cardFaceSignature = face.signature.slice();
          images.photoJp2 = face.photo;
          images.nameImagePng = face.nameImage;
          images.addressImagePng = face.addressImage;
          sources.push({ source: 'card-face', birthDate: face.birthDate, sex: sexOf(face.sexCode) });
          attributes = {
            ...attributes,
            birthDate: attributes.birthDate ?? face.birthDate,
            sex: attributes.sex ?? face.sex,
            cardExpiry: face.expiryDate,
            sources: [...attributes.sources, 'card-face'],
          };
          add(checkCardExpiry(face.expiryDate, now()));
        }
      }
      if (plan.ageRecord) {
        let age: AgeRecord | undefined;
        try {
          age = await card.face.readAgeRecord();
          if (faceApKeyReady) {
            const r = await verifyAgeRecord(age, faceApKeyReady);
            add(r.check);
            if (r.cardKey) faceCardKeys.push(r.cardKey);
          } else add(check('face.age-record-signature', 'fail', 'cv-signature-invalid', 'no trusted AP key', now()));
        } catch (e) {
          add(readFailure('face.age-record-signature', e));
        }
        if (age) {
          attributes = { ...attributes, age: ageAnswers(age.birthDate, now()), sources: [...attributes.sources, 'age-record'] };
        }
      }
      if (faceCardKeys.length > 1) add(checkCardKeyConsistency(faceCardKeys));
      await authenticate('face');
    }

    // ---------------------------------------------------------------- chip authentication
    // Any AP the plan authenticates without having read it (none today) still gets its check.
    for (const ap of plan.chipAuthentication) await authenticate(ap);

    // ---------------------------------------------------------------- JPKI
    if (plan.jpkiSign) {
      progress('read-jpki');
      const availability = await card.jpki.readCertificateAvailability();
      if (!availability.hasSignCertificate) {
        add(check('jpki.sign.chain', 'fail', 'jpki-no-sign-certificate', undefined, now()));
      } else {
        await card.jpki.verify('sign', requireCredential(credentials.signPassword, 'signPassword'), { confirmLastTry: credentials.confirmLastTry ?? false });
        const der = await card.jpki.readSignCertificate();
        material.jpkiSignCertificate = der;
        const chain = await validateJpkiCertificate(der, 'sign', env.trust, now());
        add(chain.check);
        if (chain.anchor) anchors.push({ kind: 'x509-root', name: chain.anchor.name, hierarchy: chain.anchor.hierarchy, provenance: chain.anchor.provenance });
        progress('jpki-signature');
        const challenge = newChallenge();
        const signature = await card.jpki.signDigestInfo('sign', await jpkiChallengeDigestInfo(challenge));
        add(await verifyJpkiChallenge('sign', der, challenge, signature));
        let attrs: JpkiSignAttributes | undefined;
        try {
          attrs = parseJpkiSignAttributes(der);
        } catch (e) {
          // Hostile text in the certificate's name/address is a UI attack, reported as such.
          if (isKazasuError(e) && e.code === 'jpki-san-unsafe-text') add(check('cross.name', 'fail', 'text-unsafe-characters', e.code, now()));
          else add(readFailure('cross.name', e));
        }
        if (attrs) {
          sources.push({
            source: 'jpki-sign',
            name: attrs.name,
            nameSubstituted: attrs.nameSubstituted,
            address: attrs.address,
            addressSubstituted: attrs.addressSubstituted,
            birthDate: attrs.birthDate,
            sex: attrs.sexCode === '1' ? 'male' : attrs.sexCode === '2' ? 'female' : 'unspecified',
          });
          attributes = { ...attributes, sources: [...attributes.sources, 'jpki-sign'] };
        }
        progress('revocation');
        if (chain.anchor && chain.check.status === 'pass') {
          addRevocation('jpki.sign.revocation', await env.revocation.check({ certificate: der, issuer: chain.anchor.der, purpose: 'sign', now: now() }));
        } else {
          add(check('jpki.sign.revocation', 'skipped', 'not-applicable', 'chain did not validate', now()));
        }
      }
    }
    if (plan.jpkiAuthCertificate) {
      progress('read-jpki');
      const der = await card.jpki.readAuthCertificate();
      material.jpkiAuthCertificate = der;
      const chain = await validateJpkiCertificate(der, 'auth', env.trust, now());
      add(chain.check);
      if (chain.anchor) anchors.push({ kind: 'x509-root', name: chain.anchor.name, hierarchy: chain.anchor.hierarchy, provenance: chain.anchor.provenance });
      if (credentials.authPin !== undefined) {
        progress('jpki-signature');
        await card.jpki.verify('auth', credentials.authPin, { confirmLastTry: credentials.confirmLastTry ?? false });
        const challenge = newChallenge();
        const signature = await card.jpki.signDigestInfo('auth', await jpkiChallengeDigestInfo(challenge));
        add(await verifyJpkiChallenge('auth', der, challenge, signature));
      }
      if (purpose.revocation !== 'none' && chain.anchor && chain.check.status === 'pass') {
        addRevocation('jpki.auth.revocation', await env.revocation.check({ certificate: der, issuer: chain.anchor.der, purpose: 'auth', now: now() }));
      }
    }
  } finally {
    card.close();
  }

  progress('verify');
  if (sources.length > 0 && (plan.textBasicFour || plan.cardFace)) add(...crossCheck(sources, now()));
  add(trustAnchorCheck(anchors, now()));
  const finishedAt = env.now();
  return {
    document: 'mynumber-card',
    purpose: purpose.id,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    transport: transport.kind,
    trustMode: env.trust.mode,
    anchors: dedupeAnchors(anchors),
    checks,
    attributes,
    images,
    material,
    outcome: decideOutcome(checks, purpose.requiredChecks),
  };
}

function requireCredential(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new MissingCredentialError(name);
  return value;
}

export class MissingCredentialError extends KazasuError {
  readonly code = 'credential-missing' as const;
  constructor(readonly credential: string) {
    super(`the purpose needs ${credential}, which was not given`);
  }
}

const CREDENTIAL_OR_TRANSPORT = new Set([
  'pin-wrong',
  'pin-blocked',
  'pin-last-try-unconfirmed',
  'pin-unexpected-status',
  'credential-format',
  'credential-missing',
  'card-removed',
  'no-card',
  'not-connected',
  'reader-unplugged',
  'timeout',
  'permission-denied',
]);

function isCredentialOrTransportError(e: { code: string }): boolean {
  return CREDENTIAL_OR_TRANSPORT.has(e.code);
}

/** 18+ / 20+ at `now` in Japan time; age increases on the birthday itself. */
export function ageAnswers(birthDate: string, now: Date): { over18: boolean; over20: boolean } {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = jst.getUTCFullYear() - y;
  if (jst.getUTCMonth() + 1 < m || (jst.getUTCMonth() + 1 === m && jst.getUTCDate() < d)) age--;
  return { over18: age >= 18, over20: age >= 20 };
}

function trustAnchorCheck(anchors: readonly AnchorUse[], now: Date): Check {
  if (anchors.length === 0) return check('trust.anchors', 'skipped', 'not-read', undefined, now);
  const names = dedupeAnchors(anchors).map((a) => `${a.name} [${a.hierarchy}]`).join('; ');
  if (anchors.some((a) => a.hierarchy === 'simulator' || a.hierarchy === 'test')) return check('trust.anchors', 'warn', 'non-production-anchor', names, now);
  if (anchors.some((a) => a.provenance.startsWith('community-observed'))) return check('trust.anchors', 'warn', 'community-observed-anchor', names, now);
  return check('trust.anchors', 'pass', 'ok', names, now);
}

function dedupeAnchors(anchors: readonly AnchorUse[]): AnchorUse[] {
  const seen = new Map<string, AnchorUse>();
  for (const a of anchors) seen.set(`${a.kind}/${a.name}`, a);
  return [...seen.values()];
}
