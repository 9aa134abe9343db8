import type { TransportKind } from '../transport/card-transport';
import type { CheckId, ReasonCode } from './check-catalogue';
import type { PendingRevocation } from './revocation/revocation-types';

/**
 * The four photo IDs whose chip Kazasu can read (the ones Japanese rules count as "strict" when
 * the chip is read). Stable strings: evidence records store them. Each has a driver in
 * src/documents/ once it is built; the registry there lists which are.
 */
export const DOCUMENT_KINDS = ['mynumber-card', 'residence-card', 'drivers-licence', 'passport'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Why the kiosk checks an ID (a kiosk-level concept: session/purposes.ts gives titles and the
 * legal method; each document driver says what a purpose means for its card). Stable strings.
 */
export const PURPOSE_IDS = ['counter', 'bank', 'field', 'age'] as const;
export type PurposeId = (typeof PURPOSE_IDS)[number];

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'pending' | 'skipped';

/**
 * One check's result. `detail` is for people (no personal data, no secrets). The type parameters
 * narrow ids and reason codes to one document's catalogue; they default to the My Number Card's
 * (the first document, whose verifier code uses `Check` unqualified). Code that handles every
 * document uses `AnyCheck`.
 */
export interface Check<Id extends string = CheckId, Code extends string = ReasonCode> {
  readonly id: Id;
  readonly status: CheckStatus;
  readonly code: Code;
  readonly detail?: string;
  /** ISO time the check completed. */
  readonly at: string;
}

export type Outcome = 'verified' | 'failed' | 'incomplete';

export type TrustMode = 'production' | 'jpki-test' | 'simulator';

/** A trust anchor that a check relied on (for the report and the TEST / SIMULATED banner). */
export interface AnchorUse {
  readonly kind: 'cv-ca-key' | 'x509-root';
  readonly name: string;
  readonly hierarchy: 'production' | 'test' | 'simulator' | 'operator';
  readonly provenance: string;
}

/**
 * The attributes every document can yield, each present only when read: what the kiosk shows
 * first and what an evidence policy may keep. A document's report adds its own (e.g. the My
 * Number Card's sources, a residence card's status of residence) by extending this.
 */
export interface CoreAttributes {
  readonly name?: string;
  readonly address?: string;
  /** ISO 'YYYY-MM-DD'. */
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female' | 'not-applicable' | 'unknown' | 'other';
  /** The document's own expiry, ISO 'YYYY-MM-DD'. */
  readonly cardExpiry?: string;
  /** 18+/20+ answers of the age check (the only thing that purpose shows). */
  readonly age?: { readonly over18: boolean; readonly over20: boolean };
}

/**
 * Card material the report holds in memory only (the session wipes every Uint8Array in it with
 * the report): what a driver derives evidence identifiers from, and pending revocation questions
 * the evidence record keeps for later.
 */
export interface CoreMaterial {
  readonly pendingRevocations: readonly PendingRevocation[];
}

/**
 * The one report every flow produces (docs/ARCHITECTURE.md "Verification report"). Generic over
 * the document: `document` says which, and a document's report type (documents/<doc>/) fixes
 * its attributes, images, material and check ids. Without parameters this is the common core
 * that the runner, the evidence store and the CLI handle for any document.
 */
export interface VerificationReport<
  Doc extends DocumentKind = DocumentKind,
  Attributes extends CoreAttributes = CoreAttributes,
  Images extends object = object,
  Material extends CoreMaterial = CoreMaterial,
  C extends AnyCheck = AnyCheck,
> {
  readonly document: Doc;
  readonly purpose: PurposeId;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly transport: TransportKind;
  readonly trustMode: TrustMode;
  readonly anchors: readonly AnchorUse[];
  readonly checks: readonly C[];
  readonly attributes: Attributes;
  /** Images as read (bytes; wiped with the report). */
  readonly images: Images;
  readonly material: Material;
  readonly outcome: Outcome;
}

/** A check of any document. */
export type AnyCheck = Check<string, string>;

/** A check result at `at`. Ids and codes are inferred; a typed array the result goes into checks them. */
export function check<Id extends string, Code extends string>(id: Id, status: CheckStatus, code: Code, detail?: string, at: Date = new Date()): Check<Id, Code> {
  return { id, status, code, ...(detail ? { detail } : {}), at: at.toISOString() };
}

/**
 * 'verified' needs every required check present and passing; any failure (required or not) is
 * 'failed'; otherwise — something required pending, skipped or missing — 'incomplete'. A
 * pending revocation is never a pass.
 */
export function decideOutcome(checks: readonly AnyCheck[], required: readonly string[]): Outcome {
  if (checks.some((c) => c.status === 'fail')) return 'failed';
  for (const id of required) {
    const c = checks.find((x) => x.id === id);
    if (!c || c.status !== 'pass') return 'incomplete';
  }
  return 'verified';
}
