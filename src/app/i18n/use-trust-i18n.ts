import { useCallback } from 'react';
import type { MessageVars } from './catalogue';
import { trustMessage, type TrustMessageKey } from './trust-catalogue';
import { useLanguage } from './use-i18n';

/** `t(key, vars)` for the trust-anchor texts (trust-catalogue.ts) in the kiosk's current language. */
export function useTrustT(): (key: TrustMessageKey, vars?: MessageVars) => string {
  const language = useLanguage();
  return useCallback((key, vars) => trustMessage(language, key, vars), [language]);
}
