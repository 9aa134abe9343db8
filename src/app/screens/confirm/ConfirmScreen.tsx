import { useRef, useState, type FormEvent } from 'react';
import { requiredStaffItems } from '../../../evidence/evidence-policy';
import type { StaffAnswer, StaffAnswers, StaffItem } from '../../../session/kiosk-session';
import type { KioskState } from '../../../session/kiosk-state';
import { isKazasuError } from '../../../errors/kazasu-error';
import { useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { ScreenHeading } from '../common/ScreenHeading';
import { AgeAnswers } from '../result/AgeAnswers';
import { FacePhoto } from '../result/FacePhoto';
import { documentViews } from '../../documents/document-views';
import { isNonProduction } from '../result/simulated';
import { SupplementaryDocumentStep, type SupplementaryKind } from './SupplementaryDocumentStep';

type ResultState = Extract<KioskState, { step: 'result' }>;

/**
 * Screen 6: the clerk compares, item by item, and answers each with 一致する or 一致しない
 * (issue 11 §1): the person's face with the chip photo (or the printed photo when the chip
 * photo cannot be shown), the printed card with the chip data shown here (name, address, birth
 * date, expiry, the card-face images), and for a bank account the application form. Nothing is
 * pre-selected; recording needs an answer to every item, and any 一致しない records the check as
 * failed with that item as the reason.
 */
export function ConfirmScreen({ state }: { readonly state: ResultState }) {
  const t = useT();
  const actions = useAppStore((s) => s.actions);
  const photoDisplay = useAppStore((s) => s.photo);
  const clerk = useAppStore((s) => s.clerk);
  const [answers, setAnswers] = useState<StaffAnswers>({});
  const [missing, setMissing] = useState<readonly StaffItem[]>([]);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const { report } = state;
  const agePurpose = state.purpose === 'age';
  const views = documentViews(report.document);
  const photoBytes = views.photoJp2(report);
  const photoJpeg = views.photoJpeg?.(report);
  const chipPhoto = !agePurpose && photoBytes && photoDisplay !== 'failed' ? photoBytes : undefined;
  const chipJpeg = !agePurpose && photoJpeg && photoDisplay !== 'failed' ? photoJpeg : undefined;
  // Items the document lacks (a passport without an address): a supplementary document completes them.
  const missingItems = views.missingItems?.(report) ?? [];
  const [supplementary, setSupplementary] = useState<SupplementaryKind>();
  const [supplementaryMissing, setSupplementaryMissing] = useState(false);
  const supplementaryRef = useRef<HTMLFieldSetElement>(null);
  const items = requiredStaffItems(state.purpose);
  const anyMismatch = items.some((i) => answers[i] === 'mismatch');
  const unanswered = items.filter((i) => answers[i] === undefined);

  const question = (item: StaffItem): string => {
    if (item === 'face') return t(chipPhoto || chipJpeg ? 'confirm.q.face' : 'confirm.q.facePrinted');
    if (item === 'printed-card') return t('confirm.q.printedCard');
    return t('confirm.q.applicationForm');
  };

  const answer = (item: StaffItem, a: StaffAnswer) => {
    setAnswers((v) => ({ ...v, [item]: a }));
    setMissing((m) => m.filter((x) => x !== item));
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    if (!anyMismatch && unanswered.length > 0) {
      setMissing(unanswered);
      form.current?.querySelector<HTMLInputElement>(`input[name="staff-${unanswered[0]}"]`)?.focus();
      return;
    }
    // A confirmed check of a document without an address names the 補完書類 first (a mismatch does not).
    if (!anyMismatch && missingItems.length > 0 && supplementary === undefined) {
      setSupplementaryMissing(true);
      supplementaryRef.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    setSaving(true);
    try {
      await actions.confirm(answers, !anyMismatch && missingItems.length > 0 && supplementary ? { supplies: [...missingItems], kind: supplementary } : undefined);
    } catch (err) {
      if (!isKazasuError(err)) throw err;
      setMissing(unanswered);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form ref={form} className="screen screen-confirm" aria-labelledby="confirm-heading" onSubmit={(e) => void record(e)} noValidate>
      {isNonProduction(report) && <p className="simulated-banner">{t('result.simulated')}</p>}
      <ScreenHeading id="confirm-heading">{t('confirm.heading')}</ScreenHeading>
      <p className={`confirm-outcome outcome-text-${report.outcome}`}>
        {t('confirm.outcome', { outcome: t(`result.outcome.${report.outcome}`) })}
        {clerk !== undefined && <span className="confirm-clerk">{t('confirm.clerk', { clerk })}</span>}
      </p>
      <div className="confirm-layout">
        <div className="confirm-data" aria-label={t('confirm.dataLabel')} role="group">
          {agePurpose ? (
            <AgeAnswers age={report.attributes.age} />
          ) : (
            <div className="person person-compact">
              {chipPhoto || chipJpeg ? (
                <figure className="photo-figure photo-figure-small">
                  <FacePhoto jp2={chipPhoto} jpeg={chipJpeg} />
                  <figcaption>
                    <span className="photo-caption">{t('result.photo')}</span>
                  </figcaption>
                </figure>
              ) : (
                <p className="notice notice-warning confirm-no-photo" data-testid="confirm-no-photo">
                  {t('confirm.noPhoto')}
                </p>
              )}
              <views.Details report={report} at={new Date(report.finishedAt)} compact />
            </div>
          )}
        </div>
        <div className="confirm-questions">
          <p className="confirm-lead">{t('confirm.lead')}</p>
          {items.map((item) => (
            <fieldset key={item} className={`staff-item ${missing.includes(item) ? 'staff-item-missing' : ''}`} data-item={item} aria-describedby={missing.includes(item) ? 'confirm-missing' : undefined}>
              <legend className="staff-question">{question(item)}</legend>
              <div className="answer-buttons">
                {(['match', 'mismatch'] as const).map((a) => (
                  <label key={a} className={`answer answer-${a}`}>
                    <input type="radio" name={`staff-${item}`} value={a} checked={answers[item] === a} onChange={() => answer(item, a)} />
                    <span>{t(a === 'match' ? 'confirm.match' : 'confirm.mismatch')}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          {missing.length > 0 && (
            <p id="confirm-missing" className="field-error" role="alert" data-testid="confirm-missing">
              {t('confirm.missing', { n: missing.length })}
            </p>
          )}
          {!anyMismatch && (
            <SupplementaryDocumentStep
              ref={supplementaryRef}
              missing={missingItems}
              kind={supplementary}
              onChange={(k) => {
                setSupplementary(k);
                setSupplementaryMissing(false);
              }}
              showMissing={supplementaryMissing}
            />
          )}
          {anyMismatch && (
            <p className="notice notice-error" data-testid="confirm-mismatch">
              {t('confirm.mismatchNext')}
            </p>
          )}
        </div>
      </div>
      <ActionBar>
        <button type="submit" className={`button button-primary ${anyMismatch ? 'button-danger' : ''}`} disabled={saving} data-testid="primary-action">
          {saving ? t('confirm.saving') : t(anyMismatch ? 'confirm.recordFailed' : 'confirm.record')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => actions.showConfirmation(false)} disabled={saving}>
          {t('confirm.back')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => actions.wipe('cancel')} disabled={saving}>
          {t('confirm.discard')}
        </button>
      </ActionBar>
    </form>
  );
}
