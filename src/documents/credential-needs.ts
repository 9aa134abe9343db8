/**
 * Which credentials a run needs and which of the given ones it sends, decided from the driver's
 * declarations alone (no card I/O): the purpose's credentials — per variant where they differ
 * (DocumentPurpose.variantCredentials: the マイナ免許証 needs only pin1) — each satisfied by itself
 * or by a credential that replaces it (CredentialSpec.replaces: the passport's CAN for the MRZ).
 * `kazasu verify|read` and the library's verifyCard refuse a missing credential from this before
 * anything is sent to the card; the driver's steps keep their own refusal as a second line.
 */
import type { AnyDocumentDriver } from './document-driver';
import type { PurposeId } from '../verify/report';

export interface CredentialNeeds {
  /** Needed and not given (nor replaced by one given), in the purpose's order. */
  readonly missing: readonly string[];
  /** What the run sends, in order: needed ones given (or what replaces them), then optional ones given. */
  readonly send: readonly string[];
}

/**
 * The credentials `purpose` needs on `variant`. Variant unknown (before detection): the ones every
 * variant needs, so nothing a variant may do without is demanded too early.
 */
export function neededCredentials(driver: AnyDocumentDriver, purpose: PurposeId, variant?: string): readonly string[] {
  const use = driver.purposes[purpose];
  if (!use) return [];
  const byVariant = use.variantCredentials ?? {};
  if (variant !== undefined) return byVariant[variant] ?? use.credentials;
  const sets = [use.credentials, ...Object.values(byVariant).filter((v): v is readonly string[] => v !== undefined)];
  return use.credentials.filter((id) => sets.every((set) => set.includes(id)));
}

/** What is missing and what is sent, given the values (by credential id; empty strings count as not given). */
export function credentialNeeds(driver: AnyDocumentDriver, purpose: PurposeId, given: Readonly<Record<string, string | undefined>>, variant?: string): CredentialNeeds {
  const has = (id: string) => given[id] !== undefined && given[id] !== '';
  const specs = driver.credentials as Readonly<Record<string, { readonly replaces?: string } | undefined>>;
  const missing: string[] = [];
  const send: string[] = [];
  const add = (id: string) => void (send.includes(id) ? undefined : send.push(id));
  for (const id of neededCredentials(driver, purpose, variant)) {
    if (has(id)) {
      add(id);
      continue;
    }
    const stand = Object.keys(specs).find((other) => specs[other]?.replaces === id && has(other));
    if (stand) add(stand);
    else missing.push(id);
  }
  const use = driver.purposes[purpose];
  // Optional credentials given, and on a variant still unknown the ones some variant may need.
  const optional = [...(use?.optionalCredentials ?? []), ...(variant === undefined ? (use?.credentials ?? []) : [])];
  for (const id of optional) if (has(id)) add(id);
  return { missing, send };
}

/** "pin2 (--pin2), mrz (--mrz or --can)" for a refusal (names and options, never values). */
export function describeMissing(driver: AnyDocumentDriver, missing: readonly string[]): string {
  const specs = driver.credentials as Readonly<Record<string, { readonly flag: string; readonly replaces?: string } | undefined>>;
  return missing
    .map((id) => {
      const flags = [specs[id]?.flag ?? id, ...Object.values(specs).flatMap((s) => (s?.replaces === id ? [s.flag] : []))];
      return `${id} (${flags.map((f) => `--${f}`).join(' or ')})`;
    })
    .join(', ');
}
