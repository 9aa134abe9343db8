import { Field } from '../common/Field';

interface SignPasswordFieldProps {
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
}

/** 署名用パスワード: masked, upper-cased as typed (the card compares upper-case bytes). */
export function SignPasswordField({ label, hint, value, onChange, error }: SignPasswordFieldProps) {
  return (
    <Field id="sign-password" label={label} hint={hint} error={error}>
      {(aria) => (
        <input
          id="sign-password"
          className="password-input"
          type="password"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={16}
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/[a-z]/g, (c) => c.toUpperCase()))}
          {...aria}
        />
      )}
    </Field>
  );
}
