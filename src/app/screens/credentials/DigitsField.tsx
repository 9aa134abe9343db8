import { useT } from '../../i18n/use-i18n';
import { digitsOnly } from '../common/digits';
import { Field } from '../common/Field';

interface DigitsFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly length: number;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
  /** How the digits read in groups, e.g. [6, 4, 4] for 照合番号B (shown under the field). */
  readonly groups: readonly number[];
}

function grouped(value: string, groups: readonly number[]): string {
  const out: string[] = [];
  let at = 0;
  for (const n of groups) {
    if (at >= value.length) break;
    out.push(value.slice(at, at + n));
    at += n;
  }
  return out.join('  ');
}

/** A fixed-length number typed in large digits (照合番号B, birth-date key), with a digit count. */
export function DigitsField({ id, label, hint, length, value, onChange, error, groups }: DigitsFieldProps) {
  const t = useT();
  const count = (
    <p id={`${id}-count`} className="field-count">
      {t('cred.digitsCount', { n: value.length, total: length })}
      {value.length > 0 && (
        <span className="digits-groups" aria-hidden="true">
          {grouped(value, groups)}
        </span>
      )}
    </p>
  );
  return (
    <Field id={id} label={label} hint={hint} error={error} extraDescribedBy={`${id}-count`} after={count}>
      {(aria) => (
        <input
          id={id}
          className="digits-input"
          style={{ width: `calc(${length} * (1ch + 0.18em) + 1.5em)` }}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={length}
          value={value}
          onChange={(e) => onChange(digitsOnly(e.target.value, length))}
          {...aria}
        />
      )}
    </Field>
  );
}
