import { forwardRef } from 'react';
import type { MissingItem } from '../../../evidence/card-identifiers';
import { useT } from '../../i18n/use-i18n';
import '../../documents/passport/passport.css';

/**
 * Kinds of supplementary document (補完書類, 犯収法施行規則 6条2項) staff may check a missing address
 * on, as the short ASCII ids the evidence record keeps. Whether the 2027 face-to-face method
 * accepts a passport completed this way is UNCONFIRMED (the purpose's legal-method text says so).
 */
export const SUPPLEMENTARY_KINDS = ['residence-certificate', 'utility-receipt', 'tax-receipt', 'social-insurance-receipt'] as const;
export type SupplementaryKind = (typeof SUPPLEMENTARY_KINDS)[number];

interface Props {
  readonly missing: readonly MissingItem[];
  readonly kind: SupplementaryKind | undefined;
  readonly onChange: (kind: SupplementaryKind) => void;
  /** Staff tried to record without choosing. */
  readonly showMissing: boolean;
}

/**
 * The supplementary-document step of the confirmation screen (passport handoff §4): the document
 * carries no address, so staff check it on another document and say which; the check cannot be
 * recorded as confirmed until they do. Only the kind is recorded, never the document's content.
 */
export const SupplementaryDocumentStep = forwardRef<HTMLFieldSetElement, Props>(function SupplementaryDocumentStep({ missing, kind, onChange, showMissing }, ref) {
  const t = useT();
  if (missing.length === 0) return null;
  return (
    <fieldset ref={ref} className={`supplementary-step ${showMissing ? 'supplementary-step-missing' : ''}`} data-testid="supplementary-step" aria-describedby={`supplementary-lead${showMissing ? ' supplementary-missing' : ''}`}>
      <legend className="staff-question">{t('pp.supp.heading')}</legend>
      <p id="supplementary-lead" className="field-hint">
        {t('pp.supp.lead')}
      </p>
      <div className="supplementary-kinds">
        {SUPPLEMENTARY_KINDS.map((k) => (
          <label key={k} className={`answer supplementary-kind ${kind === k ? 'supplementary-kind-on' : ''}`}>
            <input type="radio" name="supplementary-kind" value={k} checked={kind === k} onChange={() => onChange(k)} data-testid={`supplementary-${k}`} />
            <span>{t(`pp.supp.kind.${k}`)}</span>
          </label>
        ))}
      </div>
      <p className="field-hint">{t('pp.supp.note')}</p>
      {showMissing && (
        <p id="supplementary-missing" className="field-error" role="alert" data-testid="supplementary-missing">
          {t('pp.supp.missing')}
        </p>
      )}
    </fieldset>
  );
});
