import type { TransportKind } from '../transport/card-transport';
import type { CheckId, ReasonCode } from './check-catalogue';
import type { PendingRevocation } from './revocation/revocation-types';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'pending' | 'skipped';

/** One check's result. `detail` is for people (no personal data, no secrets). */
export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly code: ReasonCode;
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

/** Attributes read from the card, each with where it came from. Present only when read. */
export interface VerifiedAttributes {
  readonly name?: string;
  readonly address?: string;
  /** ISO 'YYYY-MM-DD'. */
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female' | 'not-applicable' | 'unknown' | 'other';
  readonly cardExpiry?: string;
  /** 18+/20+ answers of the age check (the only thing that purpose shows). */
  readonly age?: { readonly over18: boolean; readonly over20: boolean };
  readonly sources: readonly ('text-ap' | 'card-face' | 'age-record' | 'jpki-sign')[];
}

export interface ReportImages {
  /** JPEG 2000 face photo as read (greyscale on the chip). */
  readonly photoJp2?: Uint8Array;
  readonly nameImagePng?: Uint8Array;
  readonly addressImagePng?: Uint8Array;
}

/**
 * Card material the evidence record derives identifiers from (issuer + serial, a fingerprint of
 * the card-face signature) and pending revocations it keeps for later. In memory only: the JPKI
 * sign certificate carries personal data, so it is wiped with the report and never stored whole.
 */
export interface ReportMaterial {
  readonly cardFaceSignature?: Uint8Array;
  readonly jpkiSignCertificate?: Uint8Array;
  readonly jpkiAuthCertificate?: Uint8Array;
  readonly pendingRevocations: readonly PendingRevocation[];
}

/** The one report every flow produces (docs/ARCHITECTURE.md). */
export interface VerificationReport {
  readonly document: 'mynumber-card';
  readonly purpose: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly transport: TransportKind;
  readonly trustMode: TrustMode;
  readonly anchors: readonly AnchorUse[];
  readonly checks: readonly Check[];
  readonly attributes: VerifiedAttributes;
  readonly images: ReportImages;
  readonly material: ReportMaterial;
  readonly outcome: Outcome;
}

export function check(id: CheckId, status: CheckStatus, code: ReasonCode, detail?: string, at: Date = new Date()): Check {
  return { id, status, code, ...(detail ? { detail } : {}), at: at.toISOString() };
}

/**
 * 'verified' needs every required check present and passing; any failure (required or not) is
 * 'failed'; otherwise — something required pending, skipped or missing — 'incomplete'. A
 * pending revocation is never a pass.
 */
export function decideOutcome(checks: readonly Check[], required: readonly CheckId[]): Outcome {
  if (checks.some((c) => c.status === 'fail')) return 'failed';
  for (const id of required) {
    const c = checks.find((x) => x.id === id);
    if (!c || c.status !== 'pass') return 'incomplete';
  }
  return 'verified';
}
