import { amendedOutcome } from '../../../evidence/evidence-amendment';
import type { EvidenceRecord, VerificationEvidenceRecord } from '../../../evidence/evidence-record';
import { documentDriver } from '../../../documents/registry';
import { useT } from '../../i18n/use-i18n';
import { useRevocationT } from '../../i18n/use-revocation-i18n';

/** A record's outcome in the history: as recorded, or as later revocation answers amended it (append-only). */
export function AmendedOutcomeText({ record, records }: { readonly record: VerificationEvidenceRecord; readonly records: readonly EvidenceRecord[] }) {
  const t = useT();
  const tr = useRevocationT();
  const required = documentDriver(record.documentType)?.purposes[record.purpose]?.requiredChecks;
  const now = amendedOutcome(record, records, required);
  if (!now.amended) return <span data-outcome={record.outcome}>{t(`result.outcome.${record.outcome}`)}</span>;
  return (
    <span data-outcome={now.outcome} data-amended="true">
      {tr('history.amended', { outcome: t(`result.outcome.${now.outcome}`), original: t(`result.outcome.${record.outcome}`) })}
    </span>
  );
}
