import { useCallback, useEffect, useState } from 'react';
import type { DemoCard } from '../sim/mynumber/demo-card';
import { readHolderName, type NameReadResult } from './demo/read-holder-name';
import { useI18nStore, useT } from './i18n/use-i18n';

type ViewState = { readonly step: 'loading' } | { readonly step: 'reading' } | { readonly step: 'done'; readonly result: NameReadResult };

async function loadDefaultDemoCard(): Promise<DemoCard> {
  // Demo mode only: the simulated cards are a lazily loaded chunk.
  const { demoBundle } = await import('virtual:kazasu-sim-cards');
  const card = demoBundle.cards.find((c) => c.id === 'default') ?? demoBundle.cards[0];
  if (!card) throw new Error('no simulated cards were built');
  return card;
}

export function App() {
  const t = useT();
  const language = useI18nStore((s) => s.language);
  const setLanguage = useI18nStore((s) => s.setLanguage);
  const [view, setView] = useState<ViewState>({ step: 'loading' });

  const read = useCallback(async () => {
    setView({ step: 'loading' });
    const demo = await loadDefaultDemoCard();
    setView({ step: 'reading' });
    const result = await readHolderName(demo);
    setView({ step: 'done', result });
  }, []);

  useEffect(() => {
    void read();
  }, [read]);

  return (
    <div className="app">
      <div className="banner" role="status">
        {t('demo.banner')}
      </div>
      <header className="header">
        <h1>{t('app.title')}</h1>
        <button
          type="button"
          className="lang"
          aria-label={t('app.languageLabel')}
          lang={language === 'ja' ? 'en' : 'ja'}
          onClick={() => setLanguage(language === 'ja' ? 'en' : 'ja')}
        >
          {t('app.language')}
        </button>
      </header>
      <main className="main" aria-live="polite">
        {view.step === 'loading' && <p className="status">{t('read.placing')}</p>}
        {view.step === 'reading' && <p className="status">{t('read.reading')}</p>}
        {view.step === 'done' && view.result.ok && (
          <section className="result" aria-label={t('read.done')} data-testid="result">
            <p className="check" aria-label={t('result.ok')}>
              ✓
            </p>
            <p className="label">{t('result.name')}</p>
            <p className="name" data-testid="holder-name">
              {view.result.name}
            </p>
          </section>
        )}
        {view.step === 'done' && !view.result.ok && (
          <section className="result failed" role="alert">
            <p className="cross">✗</p>
            <p>{t('read.failed')}</p>
            <p className="code">
              {t('error.code')}: <code>{view.result.code}</code>
            </p>
          </section>
        )}
        {view.step === 'done' && (
          <button type="button" className="again" onClick={() => void read()}>
            {t('read.again')}
          </button>
        )}
      </main>
    </div>
  );
}
