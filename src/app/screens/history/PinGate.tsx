import { useEffect, useState, type FormEvent } from 'react';
import type { OperatorPinStore } from '../../../evidence/operator-pin';
import { errorCode } from '../../error-code';
import { useT } from '../../i18n/use-i18n';
import { digitsOnly } from '../common/digits';
import { Field } from '../common/Field';

type Mode = 'checking' | 'set' | 'enter';
const PIN_FORMAT = /^\d{6,16}$/;

function PinInput({ id, label, value, onChange }: { readonly id: string; readonly label: string; readonly value: string; readonly onChange: (v: string) => void }) {
  return (
    <Field id={id} label={label}>
      {(aria) => (
        <input id={id} className="pin-input" type="password" inputMode="numeric" autoComplete="off" maxLength={16} value={value} onChange={(e) => onChange(digitsOnly(e.target.value, 16))} {...aria} />
      )}
    </Field>
  );
}

/**
 * The operator PIN in front of the history: set on first use (twice, 6–16 digits), asked every
 * time after. The PIN lives only in this form while typed; the store keeps a PBKDF2 hash.
 */
export function PinGate({ pins, onUnlocked }: { readonly pins: OperatorPinStore; readonly onUnlocked: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('checking');
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    pins.isSet().then(
      (set) => live && setMode(set ? 'enter' : 'set'),
      (e: unknown) => live && setError(t('pin.error', { code: errorCode(e) })),
    );
    return () => {
      live = false;
    };
  }, [pins, t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!PIN_FORMAT.test(pin)) return setError(t('pin.format'));
    if (mode === 'set' && pin !== repeat) return setError(t('pin.mismatch'));
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'set') {
        await pins.set(pin);
        onUnlocked();
        return;
      }
      const r = await pins.check(pin);
      if (r.ok) {
        onUnlocked();
        return;
      }
      setPin('');
      if (r.retryAfterMs) setError(t('pin.locked', { n: Math.ceil(r.retryAfterMs / 1000) }));
      else if (r.attemptsLeft !== undefined) setError(t('pin.wrongLeft', { n: r.attemptsLeft }));
      else setError(t('pin.wrong'));
    } catch (err) {
      setError(t('pin.error', { code: errorCode(err) }));
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'checking') return error ? <p className="notice notice-error" role="alert">{error}</p> : null;
  return (
    <form className="pin-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pin-heading">
      <h2 id="pin-heading">{t(mode === 'set' ? 'pin.setHeading' : 'pin.enterHeading')}</h2>
      {mode === 'set' && <p>{t('pin.setLead')}</p>}
      <PinInput id="operator-pin" label={t(mode === 'set' ? 'pin.new' : 'pin.label')} value={pin} onChange={setPin} />
      {mode === 'set' && <PinInput id="operator-pin-repeat" label={t('pin.repeat')} value={repeat} onChange={setRepeat} />}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t(mode === 'set' ? 'pin.set' : 'pin.unlock')}
        </button>
      </div>
    </form>
  );
}

