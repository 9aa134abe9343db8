import { forwardRef, useState, type KeyboardEvent } from 'react';

interface DigitBoxProps {
  readonly id: string;
  readonly value: string;
  /** Digits the box shows (its size); input beyond it is handed to onInput whole (see code-b-entry.ts). */
  readonly length: number;
  /** The raw text after a change (typed, pasted or composed): the caller normalises it. */
  readonly onInput: (raw: string) => void;
  /** Backspace in an empty box: go back to the previous box. */
  readonly onBackFromEmpty?: () => void;
  readonly invalid?: boolean;
  readonly describedBy?: string;
  readonly disabled?: boolean;
  readonly labelledBy?: string;
}

/**
 * One box of digits, as large as the card prints them. No maxLength: a paste or an IME commit
 * arrives whole and is normalised before any limit (issue 11 §8). While an IME composes
 * (full-width digits), the text is left alone and handed over when the composition ends.
 */
export const DigitBox = forwardRef<HTMLInputElement, DigitBoxProps>(function DigitBox(
  { id, value, length, onInput, onBackFromEmpty, invalid, describedBy, disabled, labelledBy },
  ref,
) {
  const [composing, setComposing] = useState<string | undefined>(undefined);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Backspace' && value === '' && composing === undefined) onBackFromEmpty?.();
  };
  return (
    <input
      ref={ref}
      id={id}
      className={`digit-box digit-box-${length}`}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      value={composing ?? value}
      disabled={disabled}
      onCompositionStart={() => setComposing(value)}
      onCompositionEnd={(e) => {
        setComposing(undefined);
        onInput(e.currentTarget.value);
      }}
      onChange={(e) => {
        if (composing !== undefined || (e.nativeEvent as InputEvent).isComposing) setComposing(e.target.value);
        else onInput(e.target.value);
      }}
      onKeyDown={onKeyDown}
      {...(invalid ? { 'aria-invalid': true as const } : {})}
      {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      {...(labelledBy ? { 'aria-labelledby': labelledBy } : {})}
    />
  );
});
