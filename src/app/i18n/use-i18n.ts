import { create } from 'zustand';
import { catalogues, type Language, type MessageKey } from './catalogue';

interface I18nState {
  readonly language: Language;
  setLanguage(language: Language): void;
}

export const useI18nStore = create<I18nState>((set) => ({
  language: 'ja',
  setLanguage: (language) => {
    document.documentElement.lang = language;
    set({ language });
  },
}));

/** `t(key)` in the current language. */
export function useT(): (key: MessageKey) => string {
  const language = useI18nStore((s) => s.language);
  return (key) => catalogues[language][key];
}
