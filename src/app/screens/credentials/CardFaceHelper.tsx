import { useState } from 'react';
import { formatWareki } from '../../../cards/mynumber/wareki';
import { useLanguage, useT } from '../../i18n/use-i18n';
import { digitsOnly } from '../common/digits';
import { birthDateWareki, birthKeyFrom, codeBFrom, type CardFaceValues } from './card-face-values';
import type { EraChoice } from './code-b-entry';

interface CardFaceHelperProps {
  /** Build 照合番号B (birth date + expiry year + security code) or the birth-date key (birth date only). */
  readonly kind: 'codeB' | 'birthKey';
  readonly values: CardFaceValues;
  readonly onChange: (values: CardFaceValues) => void;
  /** The digits built, and the era of the birth date (for the era picker). */
  readonly onBuilt: (code: string, era: EraChoice | undefined) => void;
}

interface SmallNumberProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly length: number;
  readonly onChange: (v: string) => void;
}

function SmallNumber({ id, label, value, length, onChange }: SmallNumberProps) {
  return (
    <div className="small-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={length}
        style={{ width: `${length + 3}ch` }}
        value={value}
        onChange={(e) => onChange(digitsOnly(e.target.value, length))}
      />
    </div>
  );
}

/**
 * Folded under the entry: builds 照合番号B or the birth-date key from a Western birth date (a card
 * printed with a Western date, or a birth date known only in the Western calendar), shown back
 * in the Japanese era (e.g. 昭和55年, whose year gives the first two digits), the expiry year and
 * the security code. The main entry follows the card (和暦) and needs no helper.
 */
export function CardFaceHelper({ kind, values, onChange, onBuilt }: CardFaceHelperProps) {
  const t = useT();
  const language = useLanguage();
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | undefined>();
  const wareki = birthDateWareki(values);
  const set = (patch: Partial<CardFaceValues>) => {
    setMessage(undefined);
    onChange({ ...values, ...patch });
  };
  const build = () => {
    const r = kind === 'codeB' ? codeBFrom(values) : birthKeyFrom(values);
    if (r.ok) {
      const era = wareki && wareki.era !== 'meiji' ? wareki.era : undefined;
      onBuilt(r.value, era);
      setMessage({ ok: true, text: t('helper.built') });
    } else setMessage({ ok: false, text: t(`format.${r.reason}`) });
  };
  const p = `helper-${kind}`;

  return (
    <fieldset className="helper">
      <legend className="visually-hidden">{t(kind === 'codeB' ? 'helper.codeB.heading' : 'helper.birthKey.heading')}</legend>
      <div className="helper-row" role="group" aria-labelledby={`${p}-birth`}>
        <span id={`${p}-birth`} className="helper-group-label">
          {t('helper.birthDate')}
        </span>
        <SmallNumber id={`${p}-year`} label={t('helper.year')} value={values.year} length={4} onChange={(year) => set({ year })} />
        <SmallNumber id={`${p}-month`} label={t('helper.month')} value={values.month} length={2} onChange={(month) => set({ month })} />
        <SmallNumber id={`${p}-day`} label={t('helper.day')} value={values.day} length={2} onChange={(day) => set({ day })} />
      </div>
      <p className="helper-era" aria-live="polite">
        {wareki ? t('helper.era', { wareki: formatWareki(wareki, language), yy: String(wareki.eraYear).padStart(2, '0') }) : ' '}
      </p>
      {kind === 'codeB' && (
        <div className="helper-row">
          <SmallNumber id={`${p}-expiry`} label={t('helper.expiryYear')} value={values.expiryYear} length={4} onChange={(expiryYear) => set({ expiryYear })} />
          <SmallNumber id={`${p}-security`} label={t('helper.securityCode')} value={values.securityCode} length={4} onChange={(securityCode) => set({ securityCode })} />
        </div>
      )}
      <button type="button" className="button button-secondary" onClick={build}>
        {t(kind === 'codeB' ? 'helper.buildCodeB' : 'helper.buildBirthKey')}
      </button>
      <p className={message?.ok === false ? 'field-error' : 'helper-message'} role="status">
        {message?.text}
      </p>
    </fieldset>
  );
}
