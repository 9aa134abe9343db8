import { DOCUMENT_DRIVERS } from '../../../documents/registry';
import type { PurposeId } from '../../../session/purposes';
import type { DocumentKind } from '../../../verify/report';
import { usePick, useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';

/**
 * Which document staff expect: any (the kiosk names the card placed, and refuses an unknown card
 * plainly) or one of the registered documents that support the purpose (another card is then
 * refused as the wrong document). Detection never spends a try either way.
 */
export function DocumentPicker({ purpose }: { readonly purpose: PurposeId }) {
  const t = useT();
  const pick = usePick();
  const chosen = useAppStore((s) => (s.kiosk.step === 'place-card' ? s.kiosk.document : undefined));
  const chooseDocument = useAppStore((s) => s.actions.chooseDocument);
  const drivers = DOCUMENT_DRIVERS.filter((d) => d.purposes[purpose] !== undefined);
  if (drivers.length < 2) return null;
  const options: { readonly value: DocumentKind | undefined; readonly label: string }[] = [{ value: undefined, label: t('place.document.any') }, ...drivers.map((d) => ({ value: d.kind as DocumentKind, label: pick(d.title) }))];
  return (
    <fieldset className="document-picker" data-testid="document-picker">
      <legend className="field-label">{t('place.document.legend')}</legend>
      <div className="document-options">
        {options.map((o) => (
          <label key={o.value ?? 'any'} className="document-option">
            <input type="radio" name="document" value={o.value ?? 'any'} checked={chosen === o.value} onChange={() => chooseDocument(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
