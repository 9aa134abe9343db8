import type { ReactNode } from 'react';

/** What the input inside a Field spreads onto itself: its description and error state. */
export interface FieldAria {
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: true;
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  /** Ids of further descriptions (e.g. a digit count rendered in `after`). */
  readonly extraDescribedBy?: string;
  /** Shown between the input and the error. */
  readonly after?: ReactNode;
  readonly children: (aria: FieldAria) => ReactNode;
}

/** A labelled input with its hint and error, tied together for assistive technology. */
export function Field({ id, label, hint, error, extraDescribedBy, after, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : undefined, extraDescribedBy, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {children({ ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {after}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
