import { useState } from 'react';
import { useT } from '../../i18n/use-i18n';
import { isClerkLabel, MAX_CLERKS } from '../../store/settings';
import { Field } from '../common/Field';

/**
 * The clerks who may run checks (name or staff number each): add and remove. What is shown is
 * what the evidence record keeps as the operator. Digit runs that look like a My Number are
 * refused here as the record would refuse them.
 */
export function ClerkListEditor({ clerks, onChange, error }: { readonly clerks: readonly string[]; readonly onChange: (clerks: readonly string[]) => void; readonly error?: string }) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const add = () => {
    const value = draft.trim();
    if (!isClerkLabel(value) || /\d{12}/.test(value.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)))) return setProblem(t('clerks.format'));
    if (clerks.includes(value)) return setProblem(t('clerks.duplicate'));
    if (clerks.length >= MAX_CLERKS) return setProblem(t('clerks.tooMany', { n: MAX_CLERKS }));
    setProblem(undefined);
    setDraft('');
    onChange([...clerks, value]);
  };
  return (
    <div className="clerk-editor" role="group" aria-labelledby="clerk-editor-heading">
      <h2 id="clerk-editor-heading" className="section-heading">
        {t('clerks.heading')}
      </h2>
      <p className="field-hint">{t('clerks.lead')}</p>
      {clerks.length > 0 ? (
        <ul className="clerk-list" data-testid="clerk-list">
          {clerks.map((c) => (
            <li key={c} className="clerk-item">
              <span className="clerk-name">{c}</span>
              <button type="button" className="button button-secondary button-small" onClick={() => onChange(clerks.filter((x) => x !== c))} aria-label={t('clerks.remove', { clerk: c })}>
                {t('clerks.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice notice-warning">{t('clerks.none')}</p>
      )}
      <div className="clerk-add">
        <Field id="clerk-new" label={t('clerks.new')} error={problem ?? error}>
          {(aria) => (
            <input
              id="clerk-new"
              className="text-input"
              type="text"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
              {...aria}
            />
          )}
        </Field>
        <button type="button" className="button button-secondary" onClick={add}>
          {t('clerks.add')}
        </button>
      </div>
    </div>
  );
}
