import { useRef, useState, type FormEvent } from 'react';
import { checkBirthDateKey, checkSignPassword, checkVerificationCodeB, tryCredential } from '../../../cards/mynumber/credentials';
import type { CredentialKind, KioskState } from '../../../session/kiosk-state';
import { PURPOSES } from '../../../session/purposes';
import { usePick, useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ScreenHeading } from '../common/ScreenHeading';
import { DemoReaderPanel } from '../place-card/DemoReaderPanel';
import { codeBFrom, birthKeyFrom, cardFaceFrom, EMPTY_CARD_FACE, type CardFaceValues } from './card-face-values';
import { CardFaceHelper } from './CardFaceHelper';
import { CredentialNotice } from './CredentialNotice';
import { DigitsField } from './DigitsField';
import { SignPasswordField } from './SignPasswordField';
import { TriesLine } from './TriesLine';

type EntryState = Extract<KioskState, { step: 'enter-credentials' }>;
type Entered = { readonly codeB: string; readonly birthDateKey: string; readonly signPassword: string };
type Errors = Partial<Record<CredentialKind, string>>;

const EMPTY: Entered = { codeB: '', birthDateKey: '', signPassword: '' };
const FIELD_ID: Partial<Record<CredentialKind, string>> = { codeB: 'code-b', birthDateKey: 'birth-date-key', signPassword: 'sign-password' };

/**
 * Screen 3: the credentials the purpose needs, with the tries the card reported BEFORE entry.
 * One try left needs the holder's explicit confirmation (passed on as confirmLastTry); a blocked
 * key explains the municipal office. What is typed lives only in this component and is gone when
 * it unmounts (reading starts, or the session is wiped).
 */
export function CredentialsScreen({ state }: { readonly state: EntryState }) {
  const t = useT();
  const pick = usePick();
  const actions = useAppStore((s) => s.actions);
  const demoCardId = useAppStore((s) => s.reader.demoCardId);
  const demoCard = useAppStore((s) => s.runtime?.demo.cards.find((c) => c.id === demoCardId));
  const [entered, setEntered] = useState<Entered>(EMPTY);
  const [face, setFace] = useState<CardFaceValues>(EMPTY_CARD_FACE);
  const [confirmLastTry, setConfirmLastTry] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const { needed, tries } = state;
  // No sign certificate on the card (e.g. under 15): nothing to ask; the result says so.
  const asks = (k: CredentialKind) => needed.includes(k) && !(k === 'signPassword' && tries.signPassword === undefined);
  const blocked = needed.filter((k) => tries[k]?.kind === 'blocked');
  const lastTry = needed.filter((k) => {
    const s = tries[k];
    return s?.kind === 'tries-left' && s.left === 1;
  });
  const credentialName = (k: CredentialKind) => t(`cred.name.${k}`);

  const validate = (): Errors => {
    const out: Errors = {};
    const reason = (r: ReturnType<typeof tryCredential<string>>) => (r.ok ? undefined : t(`format.${r.error.reason}`));
    if (asks('codeB')) out.codeB = reason(tryCredential(() => checkVerificationCodeB(entered.codeB)));
    if (asks('birthDateKey')) out.birthDateKey = reason(tryCredential(() => checkBirthDateKey(entered.birthDateKey)));
    if (asks('signPassword')) out.signPassword = reason(tryCredential(() => checkSignPassword(entered.signPassword)));
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitting) return;
    const found = validate();
    setErrors(found);
    const first = (['codeB', 'birthDateKey', 'signPassword'] as const).find((k) => found[k]);
    if (first) {
      formRef.current?.querySelector<HTMLInputElement>(`#${FIELD_ID[first]}`)?.focus();
      return;
    }
    const values: Partial<Record<CredentialKind, string>> = {};
    if (asks('codeB')) values.codeB = entered.codeB;
    if (asks('birthDateKey')) values.birthDateKey = entered.birthDateKey;
    if (asks('signPassword')) values.signPassword = entered.signPassword;
    setSubmitting(true);
    try {
      await actions.submitCredentials(values, confirmLastTry);
    } finally {
      setSubmitting(false);
    }
  };

  const fillFromDemoCard = () => {
    if (!demoCard) return;
    const { printed } = demoCard;
    const values = cardFaceFrom(printed.birthDate, printed.expiryDate, printed.securityCode);
    setFace(values);
    const codeB = codeBFrom(values, printed.codeBBirthDateForm);
    const birthKey = birthKeyFrom(values, printed.codeBBirthDateForm);
    setEntered({
      codeB: codeB.ok ? codeB.value : '',
      birthDateKey: birthKey.ok ? birthKey.value : '',
      signPassword: demoCard.holderKnows.signPassword,
    });
    setErrors({});
  };

  return (
    <section className="screen" aria-labelledby="cred-heading">
      <p className="screen-context">{t('place.purpose', { purpose: pick(PURPOSES[state.purpose].title) })}</p>
      <ScreenHeading id="cred-heading">{t('cred.heading')}</ScreenHeading>
      <p className="lead">{t('cred.lead')}</p>
      <CredentialNotice notice={state.notice} />
      {blocked.map((k) => (
        <p key={k} className="notice notice-error" data-testid="blocked-explain">
          {t('cred.blocked.explain', { credential: credentialName(k) })}
        </p>
      ))}
      <form ref={formRef} className="cred-form" onSubmit={(e) => void submit(e)} noValidate>
        {asks('codeB') && (
          <div className="cred-block">
            <h2>{credentialName('codeB')}</h2>
            <TriesLine id="tries-codeB" tries={tries.codeB} />
            <DigitsField
              id="code-b"
              label={t('cred.codeB.label')}
              hint={t('cred.codeB.hint')}
              length={14}
              groups={[6, 4, 4]}
              value={entered.codeB}
              onChange={(codeB) => setEntered((v) => ({ ...v, codeB }))}
              error={errors.codeB}
            />
            <CardFaceHelper kind="codeB" values={face} onChange={setFace} onBuilt={(codeB) => setEntered((v) => ({ ...v, codeB }))} />
          </div>
        )}
        {asks('birthDateKey') && (
          <div className="cred-block">
            <h2>{credentialName('birthDateKey')}</h2>
            <TriesLine id="tries-birthDateKey" tries={tries.birthDateKey} />
            <DigitsField
              id="birth-date-key"
              label={t('cred.birthKey.label')}
              hint={t('cred.birthKey.hint')}
              length={6}
              groups={[2, 2, 2]}
              value={entered.birthDateKey}
              onChange={(birthDateKey) => setEntered((v) => ({ ...v, birthDateKey }))}
              error={errors.birthDateKey}
            />
            <CardFaceHelper kind="birthKey" values={face} onChange={setFace} onBuilt={(birthDateKey) => setEntered((v) => ({ ...v, birthDateKey }))} />
          </div>
        )}
        {needed.includes('signPassword') && (
          <div className="cred-block">
            <h2>{credentialName('signPassword')}</h2>
            <TriesLine id="tries-signPassword" tries={tries.signPassword} />
            {asks('signPassword') && (
              <SignPasswordField
                label={t('cred.signPassword.label')}
                hint={t('cred.signPassword.hint')}
                value={entered.signPassword}
                onChange={(signPassword) => setEntered((v) => ({ ...v, signPassword }))}
                error={errors.signPassword}
              />
            )}
          </div>
        )}
        {lastTry.length > 0 && (
          <div className="last-try">
            {lastTry.map((k) => (
              <p key={k} className="last-try-warning">
                {t('cred.lastTry.warning', { credential: credentialName(k) })}
              </p>
            ))}
            <label className="check-label">
              <input type="checkbox" checked={confirmLastTry} onChange={(e) => setConfirmLastTry(e.target.checked)} aria-required="true" />
              <span>{t('cred.lastTry.confirm')}</span>
            </label>
          </div>
        )}
        {demoCard && (
          <div className="demo-fill">
            <button type="button" className="button button-secondary" onClick={fillFromDemoCard} aria-describedby="demo-fill-hint">
              {t('demo.fill')}
            </button>
            <p id="demo-fill-hint" className="field-hint">
              {t('demo.fillHint')}
            </p>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={submitting || blocked.length > 0}>
            {t('cred.submit')}
          </button>
          <button type="button" className="button button-secondary" onClick={actions.wipe}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
      <DemoReaderPanel showPicker={false} />
    </section>
  );
}
