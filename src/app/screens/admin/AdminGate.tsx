import { useState, type FormEvent } from 'react';
import { errorCode } from '../../error-code';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { digitsOnly } from '../common/digits';
import { Field } from '../common/Field';

/**
 * The operator PIN in front of Settings and the check records (set at first setup). The PIN
 * lives only in this form while typed; the store keeps a PBKDF2 hash and pauses entry after
 * repeated wrong PINs (evidence/operator-pin.ts).
 */
export function AdminGate() {
  const t = useT();
  const unlockAdmin = useAppStore((s) => s.actions.unlockAdmin);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!/^\d{6,16}$/.test(pin)) return setError(t('pin.format'));
    setBusy(true);
    setError(undefined);
    try {
      const r = await unlockAdmin(pin);
      setPin('');
      if (r.ok) return;
      if (r.retryAfterMs) setError(t('pin.locked', { n: Math.ceil(r.retryAfterMs / 1000) }));
      else if (r.attemptsLeft !== undefined) setError(t('pin.wrongLeft', { n: r.attemptsLeft }));
      else setError(t('pin.wrong'));
    } catch (err) {
      setError(t('pin.error', { code: errorCode(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id="admin-pin-form" className="pin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pin-heading">
      <h2 id="pin-heading">{t('pin.enterHeading')}</h2>
      <p>{t('pin.enterLead')}</p>
      <Field id="operator-pin" label={t('pin.label')}>
        {(aria) => (
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the one field of this step
          <input id="operator-pin" className="pin-input" type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(digitsOnly(e.target.value, 16))} {...aria} />
        )}
      </Field>
      {error && (
        <p className="field-error" role="alert" data-testid="pin-error">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('pin.unlock')}
      </button>
    </form>
  );
}
