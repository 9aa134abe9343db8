import { checkTitle } from '../../documents/check-catalogue';
import type { VerificationStep } from '../../session/verification-environment';
import { ja, type Language, type MessageKey } from './catalogue';

/**
 * Clerk-facing words for what the verifier reports, keyed by check id, reason code and reading
 * step (the technical titles stay in each document's check catalogue, docs/checks.md and the 詳細
 * fold). A check, reason or step without a clerk text (e.g. one a new document adds) falls back
 * to the technical title or to the general next step, so nothing is ever blank.
 */
function has(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ja, key);
}

type T = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

export function checkTitleKey(id: string): MessageKey | undefined {
  const key = `check.${id}`;
  return has(key) ? key : undefined;
}

/** The plain title of a check for the clerk. */
export function clerkCheckTitle(t: T, language: Language, id: string): string {
  const key = checkTitleKey(id);
  if (key) return t(key);
  return checkTitle(id)[language];
}

export function nextStepKey(code: string): MessageKey | undefined {
  const key = `next.${code}`;
  return has(key) ? key : undefined;
}

/** What to do next for a failed or pending check's reason (one line). */
export function nextStep(t: T, code: string): string {
  return t(nextStepKey(code) ?? 'next.other');
}

/** The plain name of a reading step (progress bar). */
export function stepTitle(t: T, step: VerificationStep | undefined): string {
  if (!step) return t('step.starting');
  const key = `step.${step}`;
  return has(key) ? t(key) : step;
}

/** The technical name of a reading step (詳細 fold on the reading screen). */
export function stepTechnical(t: T, step: VerificationStep | undefined): string | undefined {
  if (!step) return undefined;
  const key = `stepTech.${step}`;
  return has(key) ? t(key) : undefined;
}
