import type { RetryStatus } from '../cards/iso7816/pin-guard';
import type { CredentialKind, DocumentReport } from '../documents/registry';
import type { DocumentKind } from '../verify/report';
import type { PurposeId } from './purposes';
import type { VerificationStep } from './verification-environment';

/** Credentials a purpose can ask for (what the person or the clerk enters): every registered document's. */
export type { CredentialKind };

/** Tries left per credential, read before anything is entered (an empty VERIFY where the card has one). */
export type TriesByCredential = Partial<Record<CredentialKind, RetryStatus>>;

/** Why the kiosk went back a step; the UI maps each code to ja/en text. */
export type KioskNotice =
  | { readonly code: 'credential-wrong'; readonly credential: CredentialKind; readonly retriesLeft?: number }
  | { readonly code: 'credential-blocked'; readonly credential: CredentialKind }
  | { readonly code: 'credential-last-try'; readonly credential: CredentialKind }
  | { readonly code: 'credential-format'; readonly credential: CredentialKind; readonly reason: string }
  /**
   * A credential the card keeps no readable counter for was wrong as many times as the document
   * allows on one placement: the kiosk sends it no more; staff compare the value with the card.
   */
  | { readonly code: 'credential-attempts-exhausted'; readonly credential: CredentialKind }
  | { readonly code: 'card-removed' }
  /** The card on the reader is none of the registered documents (or a card the kiosk cannot read at all). */
  | { readonly code: 'document-unknown'; readonly supported: readonly DocumentKind[] }
  /** Staff chose `expected`, but the card on the reader is `found`. */
  | { readonly code: 'document-mismatch'; readonly expected: DocumentKind; readonly found: DocumentKind }
  /**
   * The card is `document`, which does not support the purpose chosen — or supports it only on
   * other variants (`variant`: the one on the reader, e.g. a first-generation residence card for
   * the age check).
   */
  | { readonly code: 'document-purpose-unsupported'; readonly document: DocumentKind; readonly variant?: string }
  | { readonly code: 'card-unreadable'; readonly errorCode: string }
  /**
   * The reader itself failed (unplugged, permission withdrawn, bridge gone, timeout): `errorCode`
   * is the TransportError code, `reason` the path's own stable reason when it gave one
   * (ReaderAccessError, BridgeError, …), so the UI can say what to do.
   */
  | { readonly code: 'reader-failed'; readonly errorCode: string; readonly reason?: string };

/** What the clerk's answers made of a check (see CompletedCheck / StaffConfirmationRecord). */
export type StaffResult = 'confirmed' | 'mismatch' | 'not-asked';

/** Asking the revocation service again for the result on screen. */
export type RevocationRecheck = { readonly status: 'running' } | { readonly status: 'answered' | 'still-open'; readonly at: string };

/** Keys of the card that are locked although the check itself did not need them (a hint for the holder). */
export type LockedKey = 'text-pin' | 'auth-pin' | 'sign-password';

/**
 * The kiosk's state. Personal data lives only in 'result' (and is wiped on leaving it).
 * `document` on 'place-card' is the document staff chose (absent: any registered document, the
 * kiosk says which one was placed); from 'enter-credentials' on it is the document on the reader.
 */
export type KioskState =
  | { readonly step: 'choose-purpose' }
  | { readonly step: 'place-card'; readonly purpose: PurposeId; readonly document?: DocumentKind; readonly notice?: KioskNotice }
  | {
      readonly step: 'enter-credentials';
      readonly purpose: PurposeId;
      readonly document: DocumentKind;
      /** The variant detection found (a licence: `card` or `mynumber-card`, the マイナ免許証), so the screen can name its credentials. */
      readonly variant?: string;
      readonly needed: readonly CredentialKind[];
      readonly tries: TriesByCredential;
      readonly notice?: KioskNotice;
    }
  | {
      readonly step: 'reading';
      readonly purpose: PurposeId;
      readonly document: DocumentKind;
      readonly current?: VerificationStep;
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly step: 'result';
      readonly purpose: PurposeId;
      readonly report: DocumentReport;
      /** Set while / after the clerk asked the revocation service again. */
      readonly recheck?: RevocationRecheck;
      /** Other keys of the card found locked (read without using a try), once looked at. */
      readonly lockedKeys?: readonly LockedKey[];
    }
  | {
      readonly step: 'done';
      readonly purpose: PurposeId;
      /** The recorded outcome (failed when the clerk answered 一致しない). */
      readonly outcome: DocumentReport['outcome'];
      readonly evidenceSaved: boolean;
      readonly staffResult: StaffResult;
    }
  | { readonly step: 'error'; readonly errorCode: string };

export type KioskListener = (state: KioskState) => void;
