import { useRef, useState, type ReactNode } from 'react';
import { eraLabel } from '../../../cards/mynumber/wareki';
import { useLanguage, useT } from '../../i18n/use-i18n';
import { westernDate } from '../result/display';
import { birthInEra, enterBirth, enterExpiry, enterSecurity, plausibleYymmdd, type CodeBParts } from './code-b-entry';
import { DigitBox } from './DigitBox';
import { EraPicker } from './EraPicker';

/** Fill the boxes from outside (camera OCR, demo): digits are normalised like typed input. */
export type CodeBFill = (parts: Partial<CodeBParts>) => void;

interface CodeBEntryProps {
  /** 'codeB': era + birth (6) + expiry year (4) + security code (4); 'birthKey': era + birth (6) only. */
  readonly kind: 'codeB' | 'birthKey';
  readonly value: CodeBParts;
  /** Every change; `source` says whether the clerk typed it or an external filler set it. */
  readonly onChange: (value: CodeBParts, source: 'manual' | 'ocr') => void;
  /** The error of the whole entry (format or a wrong code reported by the card). */
  readonly error: string | undefined;
  readonly disabled?: boolean;
  /**
   * An external filler, e.g. the camera OCR component of src/app/ocr: rendered under the boxes
   * and given `fill`, which sets any of { era, birth, expiryYear, securityCode } at once
   * (normalised like typed input) and marks the entry as read by OCR for the evidence record
   * (credentialEntry 'ocr', never the digits). Staff see the digits in the boxes and can correct
   * them before reading; a correction by hand keeps the entry 'ocr' only if the filler set it last.
   */
  readonly filler?: (fill: CodeBFill) => ReactNode;
  /** The first box, to focus it (autofocus, and after a wrong code). */
  readonly firstBoxRef?: React.RefObject<HTMLInputElement | null>;
}

/**
 * 照合番号B as the card shows it (issue 11 §8): the era and the six birth-date digits, the
 * expiry year, the security code — three boxes 6/4/4, each moving on when full. What was typed
 * is read back in words (昭和55年2月17日 …) so the clerk can compare it with the card.
 */
export function CodeBEntry({ kind, value, onChange, error, disabled, filler, firstBoxRef }: CodeBEntryProps) {
  const t = useT();
  const language = useLanguage();
  const expiryRef = useRef<HTMLInputElement>(null);
  const securityRef = useRef<HTMLInputElement>(null);
  const ownBirthRef = useRef<HTMLInputElement>(null);
  const birthRef = firstBoxRef ?? ownBirthRef;
  const [converted, setConverted] = useState<string | undefined>();
  const p = kind === 'codeB' ? 'code-b' : 'birth-date-key';
  const birthCheck = birthInEra(value.era, value.birth);
  const birthProblem = birthCheck.problem;
  const lastOf = (parts: CodeBParts) => (kind === 'codeB' ? (parts.securityCode.length === 4 ? securityRef : parts.expiryYear.length === 4 ? securityRef : expiryRef) : birthRef);

  const setBirth = (raw: string) => {
    const r = enterBirth(value, raw);
    const next = kind === 'codeB' ? r.parts : { ...value, era: r.parts.era, birth: r.parts.birth };
    setConverted(r.converted);
    onChange(next, 'manual');
    if (kind !== 'codeB') return;
    if (r.spread) lastOf(next).current?.focus();
    else if (plausibleYymmdd(next.birth) && value.birth.length < 6) expiryRef.current?.focus();
  };
  const setExpiry = (raw: string) => {
    const r = enterExpiry(value, raw);
    onChange(r.parts, 'manual');
    if (r.spread || (r.parts.expiryYear.length === 4 && value.expiryYear.length < 4)) securityRef.current?.focus();
  };
  const fill: CodeBFill = (parts) => {
    let next: CodeBParts = { ...value, ...(parts.era ? { era: parts.era } : {}) };
    if (parts.birth !== undefined) next = enterBirth(next, parts.birth).parts;
    if (parts.expiryYear !== undefined) next = enterExpiry(next, parts.expiryYear).parts;
    if (parts.securityCode !== undefined) next = enterSecurity(next, parts.securityCode);
    setConverted(undefined);
    onChange(next, 'ocr');
  };

  const readback = (() => {
    const bits: string[] = [];
    if (value.era && value.birth.length === 6 && birthCheck.iso) {
      const yy = Number(value.birth.slice(0, 2));
      bits.push(t('entry.readback.birth', { era: eraLabel(value.era, language), yy, western: westernDate(birthCheck.iso, language) }));
    }
    if (kind === 'codeB' && value.expiryYear.length === 4) bits.push(t('entry.readback.expiry', { year: value.expiryYear }));
    return bits.join(t('entry.readback.separator'));
  })();

  const problemText = birthProblem ? t(`entry.birth.${birthProblem}`, { era: value.era ? eraLabel(value.era, language) : '' }) : undefined;
  const describedBy = [`${p}-hint`, problemText ? `${p}-problem` : undefined, error ? `${p}-error` : undefined].filter(Boolean).join(' ');

  return (
    <fieldset className={`card-code card-code-${kind}`} disabled={disabled} data-testid={`${p}-entry`}>
      <legend className="card-code-legend">{t(kind === 'codeB' ? 'entry.codeB.legend' : 'entry.birthKey.legend')}</legend>
      <p id={`${p}-hint`} className="field-hint">
        {t(kind === 'codeB' ? 'entry.codeB.hint' : 'entry.birthKey.hint')}
      </p>
      <div className="card-code-row">
        <div className="card-code-part card-code-birth">
          <EraPicker name={`${p}-era`} value={value.era} onChange={(era) => onChange({ ...value, era }, 'manual')} />
          <div className="digit-field">
            <label htmlFor={p} className="digit-label">
              {t('entry.birth.label')}
            </label>
            <DigitBox id={p} ref={birthRef} value={value.birth} length={6} onInput={setBirth} invalid={error !== undefined || birthProblem !== undefined} describedBy={describedBy} />
            <span className="digit-example" aria-hidden="true">
              {t('entry.birth.example')}
            </span>
          </div>
        </div>
        {kind === 'codeB' && (
          <>
            <div className="card-code-part digit-field">
              <label htmlFor={`${p}-expiry`} className="digit-label">
                {t('entry.expiry.label')}
              </label>
              <DigitBox id={`${p}-expiry`} ref={expiryRef} value={value.expiryYear} length={4} onInput={setExpiry} onBackFromEmpty={() => birthRef.current?.focus()} invalid={error !== undefined} describedBy={describedBy} />
              <span className="digit-example" aria-hidden="true">
                {t('entry.expiry.example')}
              </span>
            </div>
            <div className="card-code-part digit-field">
              <label htmlFor={`${p}-security`} className="digit-label">
                {t('entry.security.label')}
              </label>
              <DigitBox
                id={`${p}-security`}
                ref={securityRef}
                value={value.securityCode}
                length={4}
                onInput={(raw) => onChange(enterSecurity(value, raw), 'manual')}
                onBackFromEmpty={() => expiryRef.current?.focus()}
                invalid={error !== undefined}
                describedBy={describedBy}
              />
              <span className="digit-example" aria-hidden="true">
                {t('entry.security.example')}
              </span>
            </div>
          </>
        )}
      </div>
      <p className="card-code-readback" aria-live="polite" data-testid={`${p}-readback`}>
        {converted ? t('entry.converted', { western: westernDate(`${converted.slice(0, 4)}-${converted.slice(4, 6)}-${converted.slice(6, 8)}`, language) }) : ''}
        {converted && readback ? ' ' : ''}
        {readback}
      </p>
      {problemText && (
        <p id={`${p}-problem`} className="field-error" data-testid={`${p}-problem`}>
          {problemText}
        </p>
      )}
      {error && (
        <p id={`${p}-error`} className="field-error" data-testid={`${p}-error`}>
          {error}
        </p>
      )}
      {filler?.(fill)}
    </fieldset>
  );
}
