/**
 * Contexts and reader names through the Web Smart Card API (index.bs §establishContext,
 * §listReaders), each call bounded and its answer checked.
 */
import { withDeadline } from './bounded-wait';
import { readerNamesOf } from './smartcard-answers';
import { SmartCardApiError, toSmartCardApiError } from './smartcard-api-error';
import type { SmartCardContextLike, SmartCardResourceManagerLike } from './smartcard-api-types';

/** Default bound for one PC/SC call that should answer at once (list, connect, status, …). */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

function timedOut(what: string): () => SmartCardApiError {
  return () => new SmartCardApiError('reader-timeout', `${what} did not answer in time`);
}

/** establishContext(), bounded; every failure a SmartCardApiError. */
export async function establishSmartCardContext(smartCard: SmartCardResourceManagerLike, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<SmartCardContextLike> {
  let context: unknown;
  try {
    context = await withDeadline(Promise.resolve().then(() => smartCard.establishContext()), timeoutMs, timedOut('establishContext()'));
  } catch (e) {
    throw toSmartCardApiError(e, 'establish-context');
  }
  const c = context as Partial<Record<keyof SmartCardContextLike, unknown>> | null;
  if (!c || typeof c !== 'object' || typeof c.listReaders !== 'function' || typeof c.getStatusChange !== 'function' || typeof c.connect !== 'function') {
    throw new SmartCardApiError('malformed-answer', 'establishContext() returned something that is not a SmartCardContext');
  }
  return context as SmartCardContextLike;
}

/**
 * listReaders(), bounded and checked. An empty list is a normal answer: the spec turns
 * SCARD_E_NO_READERS_AVAILABLE into [] (§listReaders step 4.7.2.1).
 */
export async function listReaderNames(context: SmartCardContextLike, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<string[]> {
  let names: unknown;
  try {
    names = await withDeadline(Promise.resolve().then(() => context.listReaders()), timeoutMs, timedOut('listReaders()'));
  } catch (e) {
    throw toSmartCardApiError(e, 'list-readers');
  }
  return readerNamesOf(names);
}

/** The readers the PC/SC service knows, for a reader picker (own short-lived context). */
export async function listSmartCardReaders(smartCard: SmartCardResourceManagerLike, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<string[]> {
  return listReaderNames(await establishSmartCardContext(smartCard, timeoutMs), timeoutMs);
}

/**
 * Which reader to use: `wanted` if it is attached; otherwise the first reader that is not a SAM
 * slot. Dual-slot readers (e.g. ACS ACR1252U) list their SAM socket as a separate PC/SC reader
 * whose name contains "SAM"; picking it would never find the card. The name pattern is a
 * heuristic (UNCONFIRMED across drivers): pass `wanted` when the kiosk has several readers.
 */
export function chooseReader(names: readonly string[], wanted?: string): string | undefined {
  if (wanted !== undefined) return names.includes(wanted) ? wanted : undefined;
  return names.find((n) => !/\bSAM\b/i.test(n)) ?? names[0];
}
