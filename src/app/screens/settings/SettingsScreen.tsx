import { useState, type FormEvent } from 'react';
import type { Language } from '../../i18n/catalogue';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { DEMO_APDU_DELAYS, type KioskSettings } from '../../store/settings';
import { Field } from '../common/Field';
import { ScreenHeading } from '../common/ScreenHeading';
import { ReaderSettings } from './ReaderSettings';
import { RevocationSettings } from './RevocationSettings';

/** The evidence record's rule for ids: 1–64 printable ASCII, no leading or trailing space. */
const ID_FORMAT = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;
const LANGUAGES: readonly Language[] = ['ja', 'en'];

function TextSetting({ id, label, value, onChange, error }: { readonly id: string; readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly error: string | undefined }) {
  return (
    <Field id={id} label={label} error={error}>
      {(aria) => <input id={id} className="text-input" type="text" autoComplete="off" spellCheck={false} maxLength={64} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />}
    </Field>
  );
}

/** Screen 9: operator id, kiosk id, start language, demo reader speed, trust mode in force; the reader. */
export function SettingsScreen() {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const saved = useAppStore((s) => s.settings);
  // The simulated reader verifies against the simulator's keys, real readers against the trust
  // chosen under "reader" below (production by default).
  const trustMode = useAppStore((s) => s.reader.trustMode);
  const [draft, setDraft] = useState<KioskSettings>(saved);
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState(false);
  const idError = (v: string) => (submitted && !ID_FORMAT.test(v) ? t('settings.idFormat') : undefined);
  const update = (patch: Partial<KioskSettings>) => {
    setDone(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!ID_FORMAT.test(draft.operatorId) || !ID_FORMAT.test(draft.kioskId)) return;
    actions.saveSettings({ ...draft, revocation: useAppStore.getState().settings.revocation }); // saved by its own panel
    setDone(true);
  };

  return (
    <section className="screen" aria-labelledby="settings-heading">
      <ScreenHeading id="settings-heading">{t('settings.heading')}</ScreenHeading>
      <form className="settings-form" onSubmit={save} noValidate>
        <TextSetting id="operator-id" label={t('settings.operatorId')} value={draft.operatorId} onChange={(operatorId) => update({ operatorId })} error={idError(draft.operatorId)} />
        <TextSetting id="kiosk-id" label={t('settings.kioskId')} value={draft.kioskId} onChange={(kioskId) => update({ kioskId })} error={idError(draft.kioskId)} />
        <fieldset className="choice-group">
          <legend>{t('settings.language')}</legend>
          {LANGUAGES.map((l) => (
            <label key={l} className="check-label" lang={l}>
              <input type="radio" name="default-language" value={l} checked={draft.defaultLanguage === l} onChange={() => update({ defaultLanguage: l })} />
              <span>{t(`lang.${l}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choice-group">
          <legend>{t('settings.demoDelay')}</legend>
          {DEMO_APDU_DELAYS.map((ms) => (
            <label key={ms} className="check-label">
              <input type="radio" name="demo-delay" value={ms} checked={draft.demoApduDelayMs === ms} onChange={() => update({ demoApduDelayMs: ms })} />
              <span>{t(`settings.demoDelay.${ms}`)}</span>
            </label>
          ))}
        </fieldset>
        <dl className="read-only-setting">
          <dt className="field-label">{t('settings.trustMode')}</dt>
          <dd className="read-only" data-testid="trust-mode">
            {t(`settings.trustMode.${trustMode}`)}
          </dd>
          <dd className="field-hint">{t('settings.trustMode.note')}</dd>
        </dl>
        <p role="status" className={done ? 'notice notice-success' : 'visually-hidden'}>
          {done ? t('settings.saved') : ''}
        </p>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t('settings.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => actions.openView('kiosk')}>
            {t('nav.back')}
          </button>
        </div>
      </form>
      <ReaderSettings />
      <RevocationSettings />
    </section>
  );
}
