import { useState, type FormEvent } from 'react';
import { errorCode } from '../../error-code';
import type { Language } from '../../i18n/catalogue';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ClerkListEditor } from '../admin/ClerkListEditor';
import { ActionBar } from '../common/ActionBar';
import { digitsOnly } from '../common/digits';
import { Field } from '../common/Field';
import { ScreenHeading } from '../common/ScreenHeading';

const ID_FORMAT = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;
const PIN_FORMAT = /^\d{6,16}$/;
const LANGUAGES: readonly Language[] = ['ja', 'en'];

/**
 * First setup, done by whoever installs the kiosk (not the first passer-by): the operator PIN
 * that guards Settings and the check records, the kiosk id, the clerks who will run checks and
 * the start language. Until it is done the kiosk runs no check.
 */
export function SetupScreen() {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const saved = useAppStore((s) => s.settings);
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [kioskId, setKioskId] = useState(saved.kioskId);
  const [clerks, setClerks] = useState<readonly string[]>(saved.clerks);
  const [language, setLanguage] = useState<Language>(saved.defaultLanguage);
  const [submitted, setSubmitted] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const pinError = submitted && !PIN_FORMAT.test(pin) ? t('pin.format') : undefined;
  const repeatError = submitted && PIN_FORMAT.test(pin) && pin !== repeat ? t('pin.mismatch') : undefined;
  const idError = submitted && !ID_FORMAT.test(kioskId) ? t('settings.idFormat') : undefined;
  const clerkError = submitted && clerks.length === 0 ? t('clerks.needOne') : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!PIN_FORMAT.test(pin) || pin !== repeat || !ID_FORMAT.test(kioskId) || clerks.length === 0 || busy) return;
    setBusy(true);
    try {
      await actions.completeSetup(pin, { ...saved, kioskId, clerks, defaultLanguage: language });
    } catch (err) {
      setFailure(t('setup.failed', { code: errorCode(err, 'evidence-storage-failed') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="screen screen-setup" aria-labelledby="setup-heading" onSubmit={(e) => void submit(e)} noValidate>
      <ScreenHeading id="setup-heading">{t('setup.heading')}</ScreenHeading>
      <p className="lead">{t('setup.lead')}</p>
      <div className="setup-grid">
        <div className="setup-column">
          <h2 className="section-heading">{t('setup.pinHeading')}</h2>
          <p className="field-hint">{t('setup.pinLead')}</p>
          <Field id="setup-pin" label={t('pin.new')} error={pinError}>
            {(aria) => <input id="setup-pin" className="pin-input" type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(digitsOnly(e.target.value, 16))} {...aria} />}
          </Field>
          <Field id="setup-pin-repeat" label={t('pin.repeat')} error={repeatError}>
            {(aria) => <input id="setup-pin-repeat" className="pin-input" type="password" inputMode="numeric" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(digitsOnly(e.target.value, 16))} {...aria} />}
          </Field>
          <Field id="setup-kiosk-id" label={t('settings.kioskId')} error={idError}>
            {(aria) => <input id="setup-kiosk-id" className="text-input" type="text" autoComplete="off" spellCheck={false} maxLength={64} value={kioskId} onChange={(e) => setKioskId(e.target.value)} {...aria} />}
          </Field>
          <fieldset className="choice-group">
            <legend>{t('settings.language')}</legend>
            {LANGUAGES.map((l) => (
              <label key={l} className="check-label" lang={l}>
                <input type="radio" name="setup-language" value={l} checked={language === l} onChange={() => setLanguage(l)} />
                <span>{t(`lang.${l}`)}</span>
              </label>
            ))}
          </fieldset>
        </div>
        <div className="setup-column">
          <ClerkListEditor clerks={clerks} onChange={setClerks} {...(clerkError ? { error: clerkError } : {})} />
        </div>
      </div>
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      <ActionBar>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('setup.save')}
        </button>
      </ActionBar>
    </form>
  );
}
