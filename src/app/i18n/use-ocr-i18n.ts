import { useCallback } from 'react';
import type { MessageVars } from './catalogue';
import { ocrMessage, type OcrMessageKey } from './ocr-catalogue';
import { useLanguage } from './use-i18n';

/** `t(key, vars)` for the camera-reading texts (ocr-catalogue.ts) in the kiosk's current language. */
export function useOcrT(): (key: OcrMessageKey, vars?: MessageVars) => string {
  const language = useLanguage();
  return useCallback((key, vars) => ocrMessage(language, key, vars), [language]);
}
