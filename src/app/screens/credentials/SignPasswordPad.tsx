import { forwardRef } from 'react';
import { useT } from '../../i18n/use-i18n';
import { normalisePassword } from './code-b-entry';

const ROWS: readonly string[] = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
const MAX = 16;

interface SignPasswordPadProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
  readonly disabled?: boolean;
}

/**
 * The customer's own keypad for the 署名用電子証明書 password (capital letters and digits, 6–16):
 * a masked field (a hardware keyboard works too; lower case and full-width letters are folded)
 * and on-screen keys large enough to tap, on the hand-over step only.
 */
export const SignPasswordPad = forwardRef<HTMLInputElement, SignPasswordPadProps>(function SignPasswordPad({ value, onChange, error, disabled }, ref) {
  const t = useT();
  const put = (next: string) => onChange(normalisePassword(next).slice(0, MAX));
  return (
    <div className="password-pad">
      <div className="field">
        <label htmlFor="sign-password" className="field-label">
          {t('cred.signPassword.label')}
        </label>
        <p id="sign-password-hint" className="field-hint">
          {t('handover.passwordHint')}
        </p>
        <input
          ref={ref}
          id="sign-password"
          className="password-input"
          type="password"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={value}
          disabled={disabled}
          onChange={(e) => put(e.target.value)}
          aria-describedby={`sign-password-hint sign-password-count${error ? ' sign-password-error' : ''}`}
          {...(error ? { 'aria-invalid': true as const } : {})}
        />
        <p id="sign-password-count" className="field-count" aria-live="polite">
          {t('handover.count', { n: value.length })}
        </p>
        {error && (
          <p id="sign-password-error" className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="keypad" role="group" aria-label={t('handover.keypad')}>
        {ROWS.map((row) => (
          <div key={row} className="keypad-row">
            {[...row].map((k) => (
              <button key={k} type="button" className="key" disabled={disabled || value.length >= MAX} onClick={() => put(value + k)}>
                {k}
              </button>
            ))}
          </div>
        ))}
        <div className="keypad-row keypad-row-edit">
          <button type="button" className="key key-wide" disabled={disabled || value === ''} onClick={() => put(value.slice(0, -1))}>
            {t('handover.backspace')}
          </button>
          <button type="button" className="key key-wide" disabled={disabled || value === ''} onClick={() => put('')}>
            {t('handover.clear')}
          </button>
        </div>
      </div>
    </div>
  );
});
