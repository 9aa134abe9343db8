/** Pieces every document's verification steps share. */
import { isKazasuError, KazasuError } from '../errors/kazasu-error';
import { check, type AnchorUse, type AnyCheck } from '../verify/report';

/** A credential the purpose needs was not given. */
export class MissingCredentialError extends KazasuError {
  readonly code = 'credential-missing' as const;
  constructor(readonly credential: string) {
    super(`the purpose needs ${credential}, which was not given`);
  }
}

export function requireCredential(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new MissingCredentialError(name);
  return value;
}

/**
 * Errors that are not verification results: a credential problem (wrong, blocked, last try
 * unconfirmed, bad format, missing) or the card or reader going away. They end the verification
 * and the caller decides what the person sees.
 */
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

export function isCredentialOrTransportError(e: { code: string }): boolean {
  return CREDENTIAL_OR_TRANSPORT.has(e.code);
}

/**
 * A read or parse failure turned into a failed check `id`: 'record-malformed' for a record or
 * TLV the parser refused, 'read-failed' otherwise. Credential and transport errors and non-Kazasu
 * errors are rethrown.
 */
export function readFailure(id: string, e: unknown, now: Date): AnyCheck {
  if (!isKazasuError(e)) throw e;
  if (isCredentialOrTransportError(e)) throw e;
  const code = e.code.startsWith('record-') || e.code.startsWith('tlv-') ? 'record-malformed' : 'read-failed';
  return check(id, 'fail', code, e.code, now);
}

/** One entry per anchor (kind + name). */
export function dedupeAnchors(anchors: readonly AnchorUse[]): AnchorUse[] {
  const seen = new Map<string, AnchorUse>();
  for (const a of anchors) seen.set(`${a.kind}/${a.name}`, a);
  return [...seen.values()];
}

/**
 * `trust.anchors`: which anchors the checks relied on; warns for test, simulator or
 * community-observed anchors (the TEST / SIMULATED banner), skipped when none was used.
 */
export function trustAnchorCheck(anchors: readonly AnchorUse[], now: Date): AnyCheck {
  if (anchors.length === 0) return check('trust.anchors', 'skipped', 'not-read', undefined, now);
  const names = dedupeAnchors(anchors).map((a) => `${a.name} [${a.hierarchy}]`).join('; ');
  if (anchors.some((a) => a.hierarchy === 'simulator' || a.hierarchy === 'test')) return check('trust.anchors', 'warn', 'non-production-anchor', names, now);
  if (anchors.some((a) => a.provenance.startsWith('community-observed'))) return check('trust.anchors', 'warn', 'community-observed-anchor', names, now);
  return check('trust.anchors', 'pass', 'ok', names, now);
}

/** 18+ / 20+ at `now` in Japan time; age increases on the birthday itself. */
export function ageAnswers(birthDate: string, now: Date): { over18: boolean; over20: boolean } {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = jst.getUTCFullYear() - y;
  if (jst.getUTCMonth() + 1 < m || (jst.getUTCMonth() + 1 === m && jst.getUTCDate() < d)) age--;
  return { over18: age >= 18, over20: age >= 20 };
}
