import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PassportCredentialFormatReason } from '../../../documents/passport/passport-credentials';
import { documentDriver } from '../../../documents/registry';
import type { KioskState } from '../../../session/kiosk-state';
import { PURPOSES } from '../../../session/purposes';
import type { MessageKey } from '../../i18n/catalogue';
import { usePick, useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { Field } from '../common/Field';
import { ScreenHeading } from '../common/ScreenHeading';
import { DemoReaderPanel } from '../place-card/DemoReaderPanel';
import { CredentialNotice } from './CredentialNotice';
import { checkEntry, fieldCheckDigit, normaliseField, type MrzField, type PassportEntryField, type PassportEntryMode, type PassportEntryValues } from './passport-entry-values';
import './passport-entry.css';

type EntryState = Extract<KioskState, { step: 'enter-credentials' }>;
type Errors = Partial<Record<PassportEntryField, PassportCredentialFormatReason>>;

const MRZ_FIELDS: readonly MrzField[] = ['documentNumber', 'birthDate', 'expiryDate'];
const MODE_CREDENTIAL: Readonly<Record<PassportEntryMode, 'mrz' | 'can'>> = { fields: 'mrz', paste: 'mrz', can: 'can' };

/**
 * The passport's entry (handoff §1): the MRZ key as three fields with the check digit of each
 * computed and shown as it is typed (staff compare it with the printed digit: a difference is a
 * typo), or the MRZ lines pasted from a scanner, or the 6-digit CAN when the purpose allows it.
 * Format slips are refused here, per field, never echoing the value; a wrong entry at the chip
 * comes back as a notice with the next step, and nothing typed is cleared. After the driver's
 * attemptsPerPlacement wrong entries the chip is sent nothing more.
 */
export function PassportEntry({ state, values, onChange }: { readonly state: EntryState; readonly values: PassportEntryValues; readonly onChange: (v: PassportEntryValues) => void }) {
  const t = useT();
  const pick = usePick();
  const actions = useAppStore((s) => s.actions);
  const demoCardId = useAppStore((s) => s.reader.demoCardId);
  const demoCard = useAppStore((s) => s.runtime?.demo.cards.find((c) => c.id === demoCardId));
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const first = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const driver = documentDriver(state.document);
  const canAllowed = driver?.purposes[state.purpose]?.optionalCredentials?.includes('can') ?? false;
  const attempts = driver?.credentials.mrz?.attemptsPerPlacement ?? 1;
  const { notice } = state;
  const noticeCredential = notice && 'credential' in notice ? notice.credential : undefined;
  const exhausted = notice?.code === 'credential-attempts-exhausted' ? noticeCredential : undefined;
  const blockedCan = notice?.code === 'credential-blocked' && noticeCredential === 'can';
  const locked = exhausted !== undefined && exhausted === MODE_CREDENTIAL[values.mode];

  // A notice from the chip: a CAN the chip cannot take (BAC only) or a blocked CAN → the MRZ
  // fields; focus goes to the first field of the entry in use. Nothing is cleared.
  const focusPending = useRef(true);
  useEffect(() => {
    focusPending.current = true;
    if (notice && noticeCredential === 'can' && (notice.code === 'credential-blocked' || (notice.code === 'credential-format' && notice.reason === 'bac-not-available') || notice.code === 'credential-attempts-exhausted')) {
      onChange({ ...values, mode: 'fields' });
    }
  }, [notice]);
  // On arrival and after each notice, once the entry it points to is rendered (not on a mode
  // change by staff: arrow keys stay in the mode group).
  useEffect(() => {
    if (!focusPending.current || !first.current || first.current.disabled) return;
    if (notice && noticeCredential === 'can' && values.mode === 'can' && notice.code !== 'credential-wrong' && notice.code !== 'credential-format') return;
    if (notice?.code === 'credential-format' && notice.reason === 'bac-not-available' && values.mode !== 'fields') return;
    first.current.focus();
    focusPending.current = false;
  }, [notice, values.mode]);

  const set = (field: PassportEntryField, raw: string) => {
    onChange({ ...values, [field]: normaliseField(field, raw) });
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitting || locked) return;
    const checked = checkEntry(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      const firstBad = (['documentNumber', 'birthDate', 'expiryDate', 'lines', 'can'] as const).find((f) => checked.errors[f]);
      if (firstBad) document.getElementById(`pp-${firstBad}`)?.focus();
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      // A pasted MRZ came from a machine (scanner / OCR): recorded as such, never the value.
      await actions.submitCredentials({ [checked.credential]: checked.value }, false, values.mode === 'paste' ? 'ocr' : 'manual');
    } finally {
      setSubmitting(false);
    }
  };

  const fillFromDemoCard = () => {
    if (demoCard?.document !== 'passport') return;
    const p = demoCard.printed;
    onChange({ ...values, documentNumber: p.documentNumber, birthDate: p.birthDate, expiryDate: p.expiryDate, lines: p.mrzLines.join('\n'), can: p.can ?? values.can });
    setErrors({});
  };

  const format = (r: PassportCredentialFormatReason | undefined) => (r ? t(`pp.format.${r}` as MessageKey) : undefined);
  const modes: readonly PassportEntryMode[] = canAllowed ? ['fields', 'paste', 'can'] : ['fields', 'paste'];

  return (
    <form className="screen screen-credentials screen-passport-entry" aria-labelledby="cred-heading" onSubmit={(e) => void submit(e)} noValidate>
      <p className="screen-context">{t('place.purpose', { purpose: pick(PURPOSES[state.purpose].title) })}</p>
      {driver && (
        <p className="screen-context" data-testid="document-found">
          {t('cred.documentFound', { document: pick(driver.title) })}
        </p>
      )}
      <ScreenHeading id="cred-heading" focusOnMount={false}>
        {t('pp.entry.heading')}
      </ScreenHeading>
      <PassportNotice notice={notice} />
      <p className="lead">{t('pp.entry.lead')}</p>
      <p className="tries" data-testid="tries-mrz">
        {t('pp.tries', { n: attempts })}
      </p>
      <fieldset className="pp-modes" data-testid="pp-modes">
        <legend>{t('pp.entry.mode')}</legend>
        {modes.map((m) => (
          <label key={m} className={`pp-mode ${values.mode === m ? 'pp-mode-on' : ''}`}>
            <input type="radio" name="pp-mode" value={m} checked={values.mode === m} disabled={m === 'can' && (blockedCan || exhausted === 'can')} onChange={() => onChange({ ...values, mode: m })} data-testid={`pp-mode-${m}`} />
            <span>{t(`pp.entry.mode.${m}`)}</span>
          </label>
        ))}
      </fieldset>

      {values.mode === 'fields' && (
        <div className="pp-fields">
          {MRZ_FIELDS.map((f, i) => {
            const digit = fieldCheckDigit(f, values[f]);
            return (
              <div key={f} className="pp-field">
                <Field
                  id={`pp-${f}`}
                  label={t(`pp.field.${f}`)}
                  hint={t(`pp.hint.${f}`)}
                  error={format(errors[f])}
                  extraDescribedBy={`pp-${f}-digit`}
                  after={
                    <p id={`pp-${f}-digit`} className={`pp-check-digit ${digit === undefined ? 'pp-check-digit-pending' : ''}`} data-testid={`pp-digit-${f}`} aria-live="polite">
                      {digit === undefined ? t('pp.checkDigitPending') : t('pp.checkDigit', { digit: '' })}
                      {digit !== undefined && <span className="pp-digit">{digit}</span>}
                    </p>
                  }
                >
                  {(aria) => (
                    <input
                      ref={i === 0 ? first : undefined}
                      id={`pp-${f}`}
                      name={f}
                      className={`input input-credential pp-input pp-input-${f}`}
                      type="text"
                      inputMode={f === 'documentNumber' ? 'text' : 'numeric'}
                      autoComplete="off"
                      autoCapitalize={f === 'documentNumber' ? 'characters' : 'off'}
                      spellCheck={false}
                      value={values[f]}
                      disabled={locked}
                      data-testid={`pp-${f}`}
                      onChange={(e) => set(f, e.target.value)}
                      {...aria}
                    />
                  )}
                </Field>
              </div>
            );
          })}
          <p className="field-hint pp-digit-hint">{t('pp.checkDigitHint')}</p>
        </div>
      )}

      {values.mode === 'paste' && (
        <Field id="pp-lines" label={t('pp.field.mrzLines')} hint={t('pp.hint.mrzLines')} error={format(errors.lines)}>
          {(aria) => (
            <textarea
              ref={first}
              id="pp-lines"
              name="mrz-lines"
              className="input pp-lines"
              rows={3}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={values.lines}
              disabled={locked}
              data-testid="pp-lines"
              onChange={(e) => set('lines', e.target.value)}
              {...aria}
            />
          )}
        </Field>
      )}

      {values.mode === 'can' && (
        <Field id="pp-can" label={t('pp.field.can')} hint={t('pp.hint.can')} error={format(errors.can)}>
          {(aria) => (
            <input
              ref={first}
              id="pp-can"
              name="can"
              className="input input-credential"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              value={values.can}
              disabled={locked}
              data-testid="pp-can"
              onChange={(e) => set('can', e.target.value)}
              {...aria}
            />
          )}
        </Field>
      )}

      {demoCard?.document === 'passport' && !locked && (
        <div className="demo-fill">
          <button type="button" className="button button-secondary" onClick={fillFromDemoCard} aria-describedby="demo-fill-hint">
            {t('demo.fill')}
          </button>
          <p id="demo-fill-hint" className="field-hint">
            {t('demo.fillHint')}
          </p>
        </div>
      )}
      <DemoReaderPanel showPicker={false} />
      <ActionBar>
        {locked ? (
          <button type="button" className="button button-primary" onClick={() => actions.wipe('cancel')}>
            {t('common.cancel')}
          </button>
        ) : (
          <>
            <button type="submit" className="button button-primary" disabled={submitting}>
              {t('cred.submit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => actions.wipe('cancel')}>
              {t('common.cancel')}
            </button>
          </>
        )}
      </ActionBar>
    </form>
  );
}

/** Why the kiosk came back to the entry, in the passport's words; anything else as every document says it. */
function PassportNotice({ notice }: { readonly notice: EntryState['notice'] }) {
  const t = useT();
  if (!notice) return null;
  const credential = 'credential' in notice ? notice.credential : undefined;
  let text: string | undefined;
  if (notice.code === 'credential-wrong' && (credential === 'mrz' || credential === 'can')) text = t(`pp.notice.wrong.${credential}`);
  else if (notice.code === 'credential-format' && notice.reason === 'bac-not-available') text = t('pp.notice.bacOnly');
  else if (notice.code === 'credential-format' && `pp.format.${notice.reason}` in FORMAT) text = t(`pp.format.${notice.reason}` as MessageKey);
  else if (notice.code === 'credential-blocked') text = t('pp.notice.blocked');
  else if (notice.code === 'credential-attempts-exhausted' && credential) text = t('pp.notice.exhausted', { credential: t(`cred.name.${credential}`) });
  if (text === undefined) return <CredentialNotice notice={notice} />;
  return (
    <p className="notice notice-error" role="alert" data-testid="credential-notice">
      {text}
    </p>
  );
}

const FORMAT: Readonly<Record<string, true>> = {
  'pp.format.mrz-document-number': true,
  'pp.format.mrz-birth-date': true,
  'pp.format.mrz-expiry-date': true,
  'pp.format.mrz-lines': true,
  'pp.format.can-digits': true,
};
