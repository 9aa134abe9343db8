import { DL_CREDENTIAL_TEXT } from '../verify/licence/licence-checks';
import { ja, type MessageKey } from './i18n/catalogue';

/**
 * Plain words for the error codes a document's card library throws at the kiosk (the app's
 * error-code mapping; `errorCode` in error-code.ts gives the code): what happened, in ja/en from
 * the document's own credential texts, and what to do next from the app's catalogue
 * (`cardError.next.<code>`, else `cardError.next.other`). The code itself is for the 詳細 fold only.
 */
type Pair = { readonly ja: string; readonly en: string };

/** Each document's credential and card texts, keyed by thrown code (the licence: DL_CREDENTIAL_TEXT). */
const DOCUMENT_ERROR_TEXTS: readonly Readonly<Record<string, Pair>>[] = [DL_CREDENTIAL_TEXT];

export interface CardErrorExplanation {
  /** What happened, for the clerk and the holder; undefined when no document explains the code. */
  readonly what: Pair | undefined;
  /** The catalogue key of the next step (always one). */
  readonly next: MessageKey;
}

export function cardErrorExplanation(code: string): CardErrorExplanation {
  const what = DOCUMENT_ERROR_TEXTS.map((texts) => (Object.prototype.hasOwnProperty.call(texts, code) ? texts[code] : undefined)).find((p) => p !== undefined);
  const key = `cardError.next.${code}`;
  return { what, next: Object.prototype.hasOwnProperty.call(ja, key) ? (key as MessageKey) : 'cardError.next.other' };
}
