import { useState, type FormEvent } from 'react';
import type { Language } from '../../i18n/catalogue';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { DEMO_APDU_DELAYS, type KioskSettings } from '../../store/settings';
import { ClerkListEditor } from '../admin/ClerkListEditor';
import { DetailsFold } from '../common/DetailsFold';
import { Field } from '../common/Field';
import { ReaderSettings } from './ReaderSettings';
import { RevocationSettings } from './RevocationSettings';
import { TrustSettings } from './TrustSettings';

/** The evidence record's rule for the kiosk id: 1–64 printable ASCII, no leading or trailing space. */
const ID_FORMAT = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;
const LANGUAGES: readonly Language[] = ['ja', 'en'];

/** Screen 9 (behind the operator PIN): clerks, kiosk id, start language, demo reader speed, which cards count as genuine; the reader. */
export function SettingsPanel() {
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
    if (!ID_FORMAT.test(draft.kioskId) || draft.clerks.length === 0) return;
    actions.saveSettings({ ...useAppStore.getState().settings, clerks: draft.clerks, kioskId: draft.kioskId, defaultLanguage: draft.defaultLanguage, demoApduDelayMs: draft.demoApduDelayMs });
    setDone(true);
  };

  return (
    <div className="settings">
      <form className="settings-form" onSubmit={save} noValidate aria-label={t('settings.formLabel')}>
        <ClerkListEditor clerks={draft.clerks} onChange={(clerks) => update({ clerks })} {...(submitted && draft.clerks.length === 0 ? { error: t('clerks.needOne') } : {})} />
        <Field id="kiosk-id" label={t('settings.kioskId')} error={idError(draft.kioskId)}>
          {(aria) => <input id="kiosk-id" className="text-input" type="text" autoComplete="off" spellCheck={false} maxLength={64} value={draft.kioskId} onChange={(e) => update({ kioskId: e.target.value })} {...aria} />}
        </Field>
        <fieldset className="choice-group">
          <legend>{t('settings.language')}</legend>
          <p className="field-hint">{t('settings.languageRule')}</p>
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
          <dd>
            <DetailsFold summary={t('common.details')}>
              <p className="technical">{t('settings.trustMode.technical')}</p>
            </DetailsFold>
          </dd>
        </dl>
        <p role="status" className={done ? 'notice notice-success' : 'visually-hidden'}>
          {done ? t('settings.saved') : ''}
        </p>
        <button type="submit" className="button button-primary">
          {t('settings.save')}
        </button>
      </form>
      <ReaderSettings />
      <RevocationSettings />
      <TrustSettings />
    </div>
  );
}
