import { forwardRef } from 'react';
import type { CredentialEntry } from '../../../documents/document-driver';
import { useT } from '../../i18n/use-i18n';
import { Field } from '../common/Field';

/**
 * What a field keeps of a keystroke or a paste: full-width forms folded (NFKC), spaces and
 * hyphens dropped, upper-cased where the credential is, and only then cut to its length — so a
 * pasted "ａｂ １２３４ ５６７８ ｃｄ" keeps every character (issue 11 §5, §8).
 */
export function normaliseTyping(raw: string, entry: CredentialEntry): string {
  let v = raw.normalize('NFKC').replace(/[\s\-‐－ー―]/gu, '');
  if (entry.upperCase) v = v.toUpperCase();
  v = v.replace(entry.characters === 'digits' ? /[^0-9]/g : /[^0-9A-Za-z]/g, '');
  return v.slice(0, entry.length);
}

interface Props {
  /** The credential id (cred.name.<id>, cred.hint.<id> in the catalogues). */
  readonly credential: string;
  readonly entry: CredentialEntry;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly error: string | undefined;
  readonly disabled: boolean;
}

/**
 * A credential field rendered from the driver's CredentialSpec.entry (a document's credential
 * with no entry of its own, e.g. the residence card number): label, format hint, a count of the
 * characters typed, the format error. The value lives in CredentialFlow and is never logged.
 */
export const SpecCredentialField = forwardRef<HTMLInputElement, Props>(function SpecCredentialField({ credential, entry, value, onChange, error, disabled }, ref) {
  const t = useT();
  const id = `cred-${credential}`;
  const label = t(`cred.name.${credential}` as 'cred.name.cardNumber');
  const hintKey = `cred.hint.${credential}` as 'cred.hint.cardNumber';
  return (
    <Field
      id={id}
      label={label}
      hint={t(hintKey)}
      error={error}
      extraDescribedBy={`${id}-count`}
      after={
        <p id={`${id}-count`} className="field-hint digit-count" aria-live="polite">
          {t('cred.charsCount', { n: value.length, total: entry.length })}
        </p>
      }
    >
      {(aria) => (
        <input
          ref={ref}
          id={id}
          name={credential}
          className={`input input-credential ${entry.upperCase ? 'input-upper' : ''}`}
          type={entry.secret ? 'password' : 'text'}
          inputMode={entry.characters === 'digits' ? 'numeric' : 'text'}
          autoComplete="off"
          autoCapitalize={entry.upperCase ? 'characters' : 'off'}
          spellCheck={false}
          value={value}
          disabled={disabled}
          data-testid={`credential-${credential}`}
          onChange={(e) => onChange(normaliseTyping(e.target.value, entry))}
          {...aria}
        />
      )}
    </Field>
  );
});
