import { useLanguage, useT } from '../i18n/use-i18n';
import { useAppStore } from '../store/app-store';

/** Switches between Japanese and English; the button names the other language in that language. */
export function LanguageButton() {
  const t = useT();
  const language = useLanguage();
  const setLanguage = useAppStore((s) => s.actions.setLanguage);
  const other = language === 'ja' ? 'en' : 'ja';
  return (
    <button type="button" className="button button-quiet" lang={other} onClick={() => setLanguage(other)}>
      {t('app.language')}
    </button>
  );
}
