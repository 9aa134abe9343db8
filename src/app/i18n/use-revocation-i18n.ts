import { useCallback } from 'react';
import type { MessageVars } from './catalogue';
import { revocationMessage, type RevocationMessageKey } from './revocation-catalogue';
import { useLanguage } from './use-i18n';

/** `t(key, vars)` for the revocation texts (revocation-catalogue.ts) in the kiosk's current language. */
export function useRevocationT(): (key: RevocationMessageKey, vars?: MessageVars) => string {
  const language = useLanguage();
  return useCallback((key, vars) => revocationMessage(language, key, vars), [language]);
}
