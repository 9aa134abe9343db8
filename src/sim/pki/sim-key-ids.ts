/**
 * Names of the keys in fixtures/sim-keys.json (minted by scripts/mint-sim-keys.ts).
 * SIMULATOR KEYS — published test data, never trusted outside simulator mode.
 */

/** Named role keys: JPKI roots (two generations, spec §4.3/§6.2), CV CAs (§3.4), OCSP, rogues. */
export const SIM_ROLE_KEY_IDS = [
  'jpki-sign-root',
  'jpki-auth-root',
  'jpki-sign-root-gen2', // same DN as jpki-sign-root: exercises choose-issuer-by-signature
  'jpki-auth-root-gen2',
  'untrusted-root', // for forgeries: never in any trust list
  'cv-ca-text', // CV CA key 9000033 (券面事項入力補助AP)
  'cv-ca-face', // CV CA key 9000023 (券面事項確認AP)
  'cv-ca-mf', // CV CA key 9000020 (MF chain)
  'cv-ca-rogue', // a CV CA no verifier knows
  'cv-ap-text', // per-municipality AP key certified by cv-ca-text; signs text AP records
  'cv-ap-face', // per-municipality AP key certified by cv-ca-face; signs 券面AP records
  'ocsp-responder',
  'ocsp-rogue',
  'crl-signer-rogue',
] as const;

export type SimRoleKeyId = (typeof SIM_ROLE_KEY_IDS)[number];

/** Size of the per-card key pool `card-00` … `card-47`. */
export const SIM_CARD_POOL_SIZE = 48;

export type SimCardPoolKeyId = `card-${string}`;
export type SimKeyId = SimRoleKeyId | SimCardPoolKeyId;

export function cardPoolKeyId(index: number): SimCardPoolKeyId {
  return `card-${String(index).padStart(2, '0')}`;
}

/**
 * Per-card key roles, in a FIXED order. Append new roles at the end only: cardKeyFor resolves
 * collisions in this order, so appending never changes the keys of existing roles.
 */
export const CARD_KEY_ROLES = [
  'jpki-sign', // JPKI-AP 署名用 key, EF 001A (spec §4.2)
  'jpki-auth', // JPKI-AP 利用者証明用 key, EF 0017
  'face-card', // 券面AP card key: EF 0001 DF12 / EF 0002 DF24 / EF 0005 DF42 (spec §3.6–3.8)
  'text-ap', // text AP signed key, EF 0007 DF51 (spec §3.5)
  'text-sm', // text AP EF 0006 key that delivers the secure-messaging session key (§3.5, §5.4)
  'common-auth', // DF …0100 EF 0019 key answering INTERNAL AUTHENTICATE without a PIN (§2.7, §2.9)
] as const;

export type CardKeyRole = (typeof CARD_KEY_ROLES)[number];
