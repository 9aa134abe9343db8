import { useT } from '../../i18n/use-i18n';

/** The age purpose's only answers: 18+ and 20+, yes or no (nothing else about the person). */
export function AgeAnswers({ age }: { readonly age: { readonly over18: boolean; readonly over20: boolean } | undefined }) {
  const t = useT();
  const rows = [
    ['over18', t('result.over18'), age?.over18],
    ['over20', t('result.over20'), age?.over20],
  ] as const;
  return (
    <section className="age-answers" aria-labelledby="age-heading">
      <h2 id="age-heading">{t('result.ageAnswers')}</h2>
      <dl className="age-list">
        {rows.map(([key, label, value]) => (
          <div key={key} className="age-row" data-testid={`age-${key}`}>
            <dt>{label}</dt>
            <dd className={value === undefined ? 'age-unknown' : value ? 'age-yes' : 'age-no'}>
              <span aria-hidden="true">{value === undefined ? '…' : value ? '✓ ' : '✗ '}</span>
              {value === undefined ? t('status.pending') : value ? t('common.yes') : t('common.no')}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
