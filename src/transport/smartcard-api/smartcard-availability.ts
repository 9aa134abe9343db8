import type { SmartCardResourceManagerLike } from './smartcard-api-types';

/** Why this page cannot use the Web Smart Card API (see SmartCardApiReason for the texts). */
export type SmartCardUnavailableReason = 'smartcard-api-missing' | 'insecure-context';

export type SmartCardAvailability =
  | { readonly usable: true; readonly smartCard: SmartCardResourceManagerLike }
  | { readonly usable: false; readonly reason: SmartCardUnavailableReason };

/**
 * Whether `navigator.smartCard` is there. It is exposed only `[SecureContext, IsolatedContext]`
 * (index.bs), i.e. in Isolated Web Apps; Chrome ships it on ChromeOS (M143+, with the Smart Card
 * Connector app as the PC/SC provider) and desktop Win/Mac/Linux is still a TODO (reference §4).
 * An ordinary page or installed PWA therefore always gets `smartcard-api-missing`.
 *
 * Pass the page's global object (`globalThis`); anything else is read defensively.
 */
export function smartCardAvailability(global: unknown): SmartCardAvailability {
  const g = global && typeof global === 'object' ? (global as { navigator?: unknown; isSecureContext?: unknown }) : undefined;
  const nav = g?.navigator;
  const smartCard = nav && typeof nav === 'object' ? (nav as { smartCard?: unknown }).smartCard : undefined;
  if (smartCard && typeof smartCard === 'object' && typeof (smartCard as { establishContext?: unknown }).establishContext === 'function') {
    return { usable: true, smartCard: smartCard as SmartCardResourceManagerLike };
  }
  if (g?.isSecureContext === false) return { usable: false, reason: 'insecure-context' };
  return { usable: false, reason: 'smartcard-api-missing' };
}
