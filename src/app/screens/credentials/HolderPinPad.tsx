import { forwardRef, type ReactNode } from 'react';
import type { CredentialKind } from '../../../session/kiosk-state';
import { useT } from '../../i18n/use-i18n';

/** One PIN the holder types on the hand-over step (a licence's PIN1/PIN2, a マイナ免許証's licence PIN). */
export interface HolderPin {
  readonly kind: CredentialKind;
  /** Plain name on screen (the マイナ免許証's PIN has its own). */
  readonly label: string;
  readonly hint: string;
  readonly length: number;
  readonly value: string;
  readonly error: string | undefined;
  /** The counter read before entry (TriesLine or "no counter"), shown above the PIN's field. */
  readonly tries: ReactNode;
  readonly disabled: boolean;
}

interface Props {
  readonly pins: readonly HolderPin[];
  /** Which PIN the on-screen keys type into. */
  readonly active: CredentialKind | undefined;
  readonly onActivate: (kind: CredentialKind) => void;
  readonly onChange: (kind: CredentialKind, value: string) => void;
  /** The value meaning "no PIN was set" (`****`), offered as a button that sends it; absent: no button. */
  readonly notSetValue?: string;
  readonly onNotSet?: () => void;
  readonly disabled: boolean;
}

const KEYS: readonly (readonly string[])[] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/**
 * The holder's own numeric keypad for PINs on the hand-over step, the digits counterpart of
 * SignPasswordPad: each PIN has its counter line and a masked field (a hardware keyboard works too),
 * one set of large keys types into the PIN that is active and moves on to the next PIN when one is
 * complete. 「暗証番号を設定していない」 sends the document's not-set value (`****`) for every PIN.
 * The values live in CredentialFlow and are never logged.
 */
export const HolderPinPad = forwardRef<HTMLInputElement, Props>(function HolderPinPad({ pins, active, onActivate, onChange, notSetValue, onNotSet, disabled }, ref) {
  const t = useT();
  const current = pins.find((p) => p.kind === active && !p.disabled) ?? pins.find((p) => !p.disabled);
  const put = (pin: HolderPin, next: string) => {
    const digits = next.normalize('NFKC').replace(/[^0-9]/g, '').slice(0, pin.length);
    onChange(pin.kind, digits);
    if (digits.length === pin.length) {
      const later = pins.slice(pins.indexOf(pin) + 1).find((p) => !p.disabled && p.value.length < p.length);
      if (later) onActivate(later.kind);
    }
  };
  // A value of `****` (no PIN set) is replaced by the first digit typed.
  const typed = (pin: HolderPin) => (notSetValue !== undefined && pin.value === notSetValue ? '' : pin.value);
  const full = !current || disabled || typed(current).length >= current.length;
  const empty = !current || disabled || current.value === '';
  return (
    <div className="password-pad pin-pad">
      <div className="pin-fields">
        {pins.map((pin, i) => {
          const id = `cred-${pin.kind}`;
          const notSet = notSetValue !== undefined && pin.value === notSetValue;
          const describedBy = [`${id}-hint`, `${id}-count`, pin.error ? `${id}-error` : undefined].filter(Boolean).join(' ');
          return (
            <div key={pin.kind} className={`field pin-field ${current?.kind === pin.kind ? 'pin-field-active' : ''}`}>
              {pin.tries}
              <label htmlFor={id} className="field-label">
                {pin.label}
              </label>
              <p id={`${id}-hint`} className="field-hint">
                {pin.hint}
              </p>
              <input
                ref={i === 0 ? ref : undefined}
                id={id}
                name={pin.kind}
                className="password-input pin-input"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                value={pin.value}
                disabled={disabled || pin.disabled}
                data-testid={`credential-${pin.kind}`}
                onFocus={() => onActivate(pin.kind)}
                onChange={(e) => put(pin, notSet ? e.target.value.replace(/\*/g, '') : e.target.value)}
                aria-describedby={describedBy}
                {...(pin.error ? { 'aria-invalid': true as const } : {})}
              />
              <p id={`${id}-count`} className="field-hint digit-count" aria-live="polite">
                {notSet ? t('cred.pinNotSetChosen') : t('cred.digitsCount', { n: pin.value.length, total: pin.length })}
              </p>
              {pin.error && (
                <p id={`${id}-error`} className="field-error">
                  {pin.error}
                </p>
              )}
            </div>
          );
        })}
        {notSetValue !== undefined && onNotSet && (
          <div className="pin-not-set-row">
            <button type="button" className="button button-secondary" data-testid="pin-not-set" onClick={onNotSet} disabled={disabled}>
              {t('cred.notSet')}
            </button>
          </div>
        )}
      </div>
      <div className="keypad keypad-digits" role="group" aria-label={current ? t('cred.pinKeypad', { credential: current.label }) : t('handover.keypad')}>
        {KEYS.map((row) => (
          <div key={row.join('')} className="keypad-row">
            {row.map((k) => (
              <button key={k} type="button" className="key" disabled={full} onClick={() => current && put(current, typed(current) + k)}>
                {k}
              </button>
            ))}
          </div>
        ))}
        <div className="keypad-row">
          <button type="button" className="key" aria-label={t('handover.backspace')} disabled={empty} onClick={() => current && put(current, typed(current).slice(0, -1))}>
            ←
          </button>
          <button type="button" className="key" disabled={full} onClick={() => current && put(current, typed(current) + '0')}>
            0
          </button>
          <button type="button" className="key key-clear" disabled={empty} onClick={() => current && onChange(current.kind, '')}>
            {t('cred.keyClear')}
          </button>
        </div>
      </div>
    </div>
  );
});
