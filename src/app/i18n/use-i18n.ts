import { useCallback } from 'react';
import { useAppStore } from '../store/app-store';
import { message, type Language, type MessageKey, type MessageVars } from './catalogue';

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export function useLanguage(): Language {
  return useAppStore((s) => s.language);
}

/** `t(key, vars)` in the current language. */
export function useT(): Translate {
  const language = useLanguage();
  return useCallback((key, vars) => message(language, key, vars), [language]);
}

/** Picks the current language's text from a `{ ja, en }` pair (purpose titles, check catalogue, demo cards). */
export function usePick(): <T>(pair: { readonly ja: T; readonly en: T }) => T {
  const language = useLanguage();
  return useCallback((pair) => pair[language], [language]);
}
