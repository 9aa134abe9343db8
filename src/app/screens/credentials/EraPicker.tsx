import { eraLabel } from '../../../cards/mynumber/wareki';
import { useLanguage, useT } from '../../i18n/use-i18n';
import { ERA_CHOICES, type EraChoice } from './code-b-entry';

/** The era printed before the birth date on the card (昭和・平成・令和・大正), as large buttons. */
export function EraPicker({ name, value, onChange, disabled }: { readonly name: string; readonly value: EraChoice | undefined; readonly onChange: (era: EraChoice) => void; readonly disabled?: boolean }) {
  const t = useT();
  const language = useLanguage();
  return (
    <fieldset className="era-picker" disabled={disabled}>
      <legend className="era-legend">{t('entry.era')}</legend>
      <div className="era-options">
        {ERA_CHOICES.map((era) => (
          <label key={era} className="era-option">
            <input type="radio" name={name} value={era} checked={value === era} onChange={() => onChange(era)} data-era={era} />
            <span lang="ja">{eraLabel(era, 'ja')}</span>
            {language === 'en' && <span className="era-roman">{eraLabel(era, 'en')}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
