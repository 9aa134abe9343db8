import { useCallback, useEffect, useState } from 'react';
import { isLegacyStaffConfirmation, type EvidenceRecord, type VerificationEvidenceRecord } from '../../../evidence/evidence-record';
import type { Translate } from '../../i18n/use-i18n';
import type { EvidenceStore } from '../../../evidence/evidence-store';
import { PURPOSES } from '../../../session/purposes';
import { errorCode } from '../../error-code';
import { usePick, useT } from '../../i18n/use-i18n';
import { downloadText, exportFileName } from './download';
import { AmendedOutcomeText } from './AmendedOutcome';

type Message = { readonly kind: 'ok' | 'error'; readonly text: string };

/** The 職員確認 cell: each answer (version 2), or the old tick boxes (version 1). */
function staffCell(t: Translate, r: VerificationEvidenceRecord): string {
  const s = r.staffConfirmations;
  if (isLegacyStaffConfirmation(s)) return t('history.staff.legacy', { face: t(s.faceMatches ? 'history.staff.ticked' : 'history.staff.unticked'), card: t(s.printedCardMatches ? 'history.staff.ticked' : 'history.staff.unticked') });
  if (s.result === 'not-asked') return t('history.staff.notAsked');
  const answers = s.answers.map((a) => t('history.staff.answer', { item: t(`staffItem.${a.item}`), answer: t(a.answer === 'match' ? 'confirm.match' : 'confirm.mismatch') })).join(t('list.separator'));
  return s.result === 'confirmed' ? t('history.staff.confirmed', { answers }) : t('history.staff.mismatch', { answers });
}

const SHOWN = 20;

/** Behind the PIN: count and recent records, chain verification, JSON/CSV export, purge. */
export function HistoryTools({ store }: { readonly store: EvidenceStore }) {
  const t = useT();
  const pick = usePick();
  const [records, setRecords] = useState<readonly EvidenceRecord[] | undefined>();
  const [message, setMessage] = useState<Message | undefined>();
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => setRecords(await store.list()), [store]);
  useEffect(() => {
    reload().catch((e: unknown) => setMessage({ kind: 'error', text: t('history.failed', { code: errorCode(e) }) }));
  }, [reload, t]);

  const run = async (task: () => Promise<Message>) => {
    if (busy) return;
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage(await task());
    } catch (e) {
      setMessage({ kind: 'error', text: t('history.failed', { code: errorCode(e) }) });
    } finally {
      setBusy(false);
    }
  };

  const verify = () =>
    run(async () => {
      const v = await store.verifyChain();
      return v.ok
        ? { kind: 'ok', text: t('history.chainOk', { n: v.count }) }
        : { kind: 'error', text: t('history.chainBad', { seq: v.firstBadSeq ?? '?', reason: v.reason ?? '' }) };
    });

  const exportAs = (format: 'json' | 'csv') =>
    run(async () => {
      const file = exportFileName(new Date(), format);
      const text = format === 'json' ? await store.exportJson() : await store.exportCsv({ excelBom: true });
      downloadText(text, file, format === 'json' ? 'application/json' : 'text/csv;charset=utf-8');
      return { kind: 'ok', text: t('history.exported', { file }) };
    });

  const purge = () =>
    run(async () => {
      const r = await store.purgeExpired();
      await reload();
      return { kind: 'ok', text: t('history.purged', { n: r.erasedSeqs.length }) };
    });

  const recent = records ? [...records].reverse().slice(0, SHOWN) : [];

  return (
    <div className="history-tools">
      <p className="history-count" data-testid="history-count">
        {records ? t('history.count', { n: records.length }) : ''}
      </p>
      <div className="actions actions-wrap">
        <button type="button" className="button button-primary" onClick={() => void verify()} disabled={busy}>
          {t('history.verify')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void exportAs('json')} disabled={busy}>
          {t('history.exportJson')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void exportAs('csv')} disabled={busy}>
          {t('history.exportCsv')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void purge()} disabled={busy}>
          {t('history.purge')}
        </button>
      </div>
      <p className={message?.kind === 'error' ? 'notice notice-error' : message ? 'notice notice-success' : 'visually-hidden'} role="status" data-testid="history-message">
        {message?.text}
      </p>
      <h2>{t('history.table')}</h2>
      {records && records.length === 0 && <p>{t('history.empty')}</p>}
      {recent.length > 0 && (
        <div className="table-scroll">
          <table className="history-table">
            <thead>
              <tr>
                <th scope="col">{t('history.col.seq')}</th>
                <th scope="col">{t('history.col.time')}</th>
                <th scope="col">{t('history.col.purpose')}</th>
                <th scope="col">{t('history.col.outcome')}</th>
                <th scope="col">{t('history.col.staff')}</th>
                <th scope="col">{t('history.col.operator')}</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((r) => (
                <tr key={r.id}>
                  <td>{r.seq}</td>
                  <td>{r.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>{r.kind === 'verification' ? pick(PURPOSES[r.purpose].title) : t('history.kind.resolution')}</td>
                  <td>{r.kind === 'verification' ? <AmendedOutcomeText record={r} records={records ?? []} /> : t(`status.${r.result.status}`)}</td>
                  <td data-testid="history-staff">{r.kind === 'verification' ? staffCell(t, r) : ''}</td>
                  <td>{r.operatorId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
