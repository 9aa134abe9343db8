import { useEffect, useRef, useState, type FormEvent } from 'react';
import { checkBirthDateKey, checkSignPassword, checkVerificationCodeB, tryCredential } from '../../../cards/mynumber/credentials';
import { toWareki } from '../../../cards/mynumber/wareki';
import type { CredentialKind, KioskState } from '../../../session/kiosk-state';
import { PURPOSES } from '../../../session/purposes';
import { documentDriver } from '../../../documents/registry';
import type { CredentialEntry } from '../../../documents/document-driver';
import { isKazasuError } from '../../../errors/kazasu-error';
import { usePick, useT } from '../../i18n/use-i18n';
import { useAppStore } from '../../store/app-store';
import { ActionBar } from '../common/ActionBar';
import { DetailsFold } from '../common/DetailsFold';
import { ScreenHeading } from '../common/ScreenHeading';
import { DemoReaderPanel } from '../place-card/DemoReaderPanel';
import { ReadingScreen } from '../reading/ReadingScreen';
import { cardFaceFrom, codeBFrom, EMPTY_CARD_FACE, type CardFaceValues } from './card-face-values';
import { CardFaceHelper } from './CardFaceHelper';
import { codeBDigits, EMPTY_CODE_B, partsFromDigits, type CodeBParts, type EraChoice } from './code-b-entry';
import { CodeBEntry, type CodeBFill } from './CodeBEntry';
import { CredentialNotice } from './CredentialNotice';
import { SignPasswordPad } from './SignPasswordPad';
import { SpecCredentialField } from './SpecCredentialField';
import { HolderPinPad } from './HolderPinPad';
import { ja as jaCatalogue } from '../../i18n/catalogue';
import { TriesLine } from './TriesLine';
import { PassportEntry } from './PassportEntry';
import { EMPTY_PASSPORT_ENTRY, type PassportEntryValues } from './passport-entry-values';

type FlowState = Extract<KioskState, { step: 'enter-credentials' | 'reading' }>;
type EntryState = Extract<KioskState, { step: 'enter-credentials' }>;
type Stage = 'clerk' | 'handover';
type Errors = Partial<Record<CredentialKind, string>>;
type SpecValues = Partial<Record<CredentialKind, string>>;

/** The My Number Card's credentials have entries of their own; any other renders from its spec. */
const OWN_ENTRY: ReadonlySet<CredentialKind> = new Set<CredentialKind>(['codeB', 'birthDateKey', 'signPassword']);

/** Credentials of `document` in `needed` that the clerk types into a field rendered from the driver's spec. */
function specCredentials(document: string, needed: readonly CredentialKind[]): { readonly kind: CredentialKind; readonly entry: CredentialEntry }[] {
  const driver = documentDriver(document);
  if (!driver) return [];
  return needed.flatMap((kind) => {
    const entry = OWN_ENTRY.has(kind) ? undefined : driver.credentials[kind]?.entry;
    return entry ? [{ kind, entry }] : [];
  });
}

/**
 * Credentials named differently on one variant of a document (catalogue keys `cred.name.<id>.<suffix>`,
 * `cred.hint.<id>.<suffix>`): the マイナ免許証's licence PIN is neither a licence card's PIN1 nor a My
 * Number PIN (licence handoff).
 */
const VARIANT_KEY_SUFFIX: Readonly<Record<string, string>> = { 'drivers-licence/mynumber-card': 'mynumberLicence' };

/** The era of a birth date, for the era picker (demo fill). */
function eraOf(iso: string): EraChoice | undefined {
  try {
    const w = toWareki(iso);
    return w.era === 'meiji' ? undefined : w.era;
  } catch {
    return undefined;
  }
}

/**
 * Screens 3 and 4 as one flow, so what was typed survives a reading attempt: the clerk's entry
 * (照合番号B or the birth-date key, from the card face), for a bank check the hand-over step where
 * the customer types the sign password on their own keypad, and the reading progress. After a
 * wrong code only that code is cleared and focused; everything else stays (issue 11 §5). What is
 * typed lives only in this component and is gone when it unmounts (result, wipe, card removed).
 *
 * To fill 照合番号B from outside (the camera OCR of src/app/ocr), pass the component to
 * CodeBEntry's `filler` below: it receives fill({ era, birth, expiryYear, securityCode }).
 */
export function CredentialFlow({ state, codeBFiller }: { readonly state: FlowState; readonly codeBFiller?: (fill: CodeBFill) => React.ReactNode }) {
  const [codeB, setCodeB] = useState<CodeBParts>(EMPTY_CODE_B);
  const [birthKey, setBirthKey] = useState<CodeBParts>(EMPTY_CODE_B);
  const [signPassword, setSignPassword] = useState('');
  const [specValues, setSpecValues] = useState<SpecValues>({});
  const [stage, setStage] = useState<Stage>('clerk');
  const [confirmLastTry, setConfirmLastTry] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [entry, setEntry] = useState<'manual' | 'ocr'>('manual');
  const [face, setFace] = useState<CardFaceValues>(EMPTY_CARD_FACE);
  const [focusOn, setFocusOn] = useState<'first' | 'password' | 'last-try' | undefined>('first');
  const [passport, setPassport] = useState<PassportEntryValues>(EMPTY_PASSPORT_ENTRY);

  // A notice from the card: clear only the credential it is about, and go where it is entered.
  const notice = state.step === 'enter-credentials' ? state.notice : undefined;
  useEffect(() => {
    if (!notice || !('credential' in notice)) return;
    const k = notice.credential;
    if (notice.code === 'credential-wrong' || notice.code === 'credential-format') {
      if (k === 'codeB') setCodeB((v) => ({ ...v, birth: '', expiryYear: '', securityCode: '' }));
      if (k === 'birthDateKey') setBirthKey((v) => ({ ...v, birth: '' }));
      if (k === 'signPassword') setSignPassword('');
      if (!OWN_ENTRY.has(k)) setSpecValues((v) => ({ ...v, [k]: '' }));
      setConfirmLastTry(false);
    }
    setStage(k === 'signPassword' ? 'handover' : 'clerk');
    setFocusOn(notice.code === 'credential-last-try' ? 'last-try' : k === 'signPassword' ? 'password' : 'first');
  }, [notice]);

  if (state.step === 'reading') return <ReadingScreen state={state} />;
  // A passport's MRZ/CAN has an entry of its own (three fields with check digits, pasted lines, CAN).
  if (state.needed.includes('mrz')) return <PassportEntry state={state} values={passport} onChange={setPassport} />;
  return (
    <EntryScreen
      state={state}
      stage={stage}
      setStage={setStage}
      codeB={codeB}
      setCodeB={(v, source) => {
        setCodeB(v);
        setEntry(source);
        setErrors((e) => ({ ...e, codeB: undefined }));
      }}
      birthKey={birthKey}
      setBirthKey={(v) => {
        setBirthKey(v);
        setErrors((e) => ({ ...e, birthDateKey: undefined }));
      }}
      signPassword={signPassword}
      setSignPassword={(v) => {
        setSignPassword(v);
        setErrors((e) => ({ ...e, signPassword: undefined }));
      }}
      specValues={specValues}
      setSpecValue={(k, v) => {
        setSpecValues((s) => ({ ...s, [k]: v }));
        setErrors((e) => ({ ...e, [k]: undefined }));
      }}
      confirmLastTry={confirmLastTry}
      setConfirmLastTry={setConfirmLastTry}
      errors={errors}
      setErrors={setErrors}
      entry={entry}
      face={face}
      setFace={setFace}
      focusOn={focusOn}
      focused={() => setFocusOn(undefined)}
      setFocusOn={setFocusOn}
      {...(codeBFiller ? { codeBFiller } : {})}
    />
  );
}

interface EntryProps {
  readonly state: EntryState;
  readonly stage: Stage;
  readonly setStage: (s: Stage) => void;
  readonly codeB: CodeBParts;
  readonly setCodeB: (v: CodeBParts, source: 'manual' | 'ocr') => void;
  readonly birthKey: CodeBParts;
  readonly setBirthKey: (v: CodeBParts) => void;
  readonly signPassword: string;
  readonly setSignPassword: (v: string) => void;
  readonly specValues: SpecValues;
  readonly setSpecValue: (k: CredentialKind, v: string) => void;
  readonly confirmLastTry: boolean;
  readonly setConfirmLastTry: (v: boolean) => void;
  readonly errors: Errors;
  readonly setErrors: (e: Errors) => void;
  readonly entry: 'manual' | 'ocr';
  readonly face: CardFaceValues;
  readonly setFace: (v: CardFaceValues) => void;
  readonly focusOn: 'first' | 'password' | 'last-try' | undefined;
  readonly focused: () => void;
  readonly setFocusOn: (f: 'first' | 'password' | 'last-try') => void;
  readonly codeBFiller?: (fill: CodeBFill) => React.ReactNode;
}

function EntryScreen(p: EntryProps) {
  const t = useT();
  const pick = usePick();
  const actions = useAppStore((s) => s.actions);
  const demoCardId = useAppStore((s) => s.reader.demoCardId);
  const demoCard = useAppStore((s) => s.runtime?.demo.cards.find((c) => c.id === demoCardId));
  const [submitting, setSubmitting] = useState(false);
  const firstBox = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const lastTryRef = useRef<HTMLInputElement>(null);
  const [activePin, setActivePin] = useState<CredentialKind | undefined>(undefined);
  const { state } = p;
  const { needed, tries } = state;
  const suffix = state.variant !== undefined ? VARIANT_KEY_SUFFIX[`${state.document}/${state.variant}`] : undefined;
  /** A catalogue key for this card's variant when the catalogue has one. */
  const ownKey = (base: string): string => (suffix && `${base}.${suffix}` in jaCatalogue ? `${base}.${suffix}` : base);

  // No sign certificate on the card (e.g. under 15): nothing to ask; the result says so.
  const asks = (k: CredentialKind) => needed.includes(k) && !(k === 'signPassword' && tries.signPassword === undefined);
  const blocked = needed.filter((k) => tries[k]?.kind === 'blocked');
  const lastTryAll = needed.filter((k) => {
    const s = tries[k];
    return s?.kind === 'tries-left' && s.left === 1;
  });
  const specsAll = specCredentials(state.document, needed).filter((s) => tries[s.kind] !== undefined || !documentDriver(state.document)?.credentials[s.kind]?.counterReadable);
  const clerkSpecs = specsAll.filter((s) => s.entry.by === 'clerk');
  const holderSpecs = specsAll.filter((s) => s.entry.by === 'holder');
  const holderKinds = new Set<CredentialKind>(['signPassword', ...holderSpecs.map((s) => s.kind)]);
  const handover = asks('signPassword') || holderSpecs.length > 0;
  // Nothing for the clerk to type (a licence: only the holder's PINs): the hand-over step at once.
  const clerkHasEntry = asks('codeB') || asks('birthDateKey') || clerkSpecs.length > 0;
  const stage: Stage = clerkHasEntry ? p.stage : 'handover';
  const lastTryHere = lastTryAll.filter((k) => (stage === 'handover' ? holderKinds.has(k) : !holderKinds.has(k)));
  const specs = specsAll;
  // A credential with no readable counter, wrong as often as one placement allows: nothing more
  // is sent; staff compare the number with the card and place it again.
  const exhausted = state.notice?.code === 'credential-attempts-exhausted';
  const locked = blocked.length > 0 || exhausted;
  const name = (k: CredentialKind) => t(ownKey(`cred.name.${k}`) as 'cred.name.pin1');

  useEffect(() => {
    if (!p.focusOn) return;
    const target = p.focusOn === 'last-try' ? lastTryRef.current : p.focusOn === 'password' ? passwordRef.current : firstBox.current;
    if (target && !target.disabled) {
      target.focus();
      p.focused();
    }
  });

  const check = (kinds: readonly CredentialKind[], specValues: SpecValues = p.specValues): Errors => {
    const out: Errors = {};
    const reason = (r: ReturnType<typeof tryCredential<string>>) => (r.ok ? undefined : t(`format.${r.error.reason}`));
    for (const k of kinds) {
      if (k === 'codeB') out.codeB = reason(tryCredential(() => checkVerificationCodeB(codeBDigits(p.codeB))));
      if (k === 'birthDateKey') out.birthDateKey = reason(tryCredential(() => checkBirthDateKey(p.birthKey.birth)));
      if (k === 'signPassword') out.signPassword = reason(tryCredential(() => checkSignPassword(p.signPassword)));
    }
    for (const { kind } of specs) {
      if (!kinds.includes(kind)) continue;
      try {
        documentDriver(state.document)?.credentials[kind]?.normalise(specValues[kind] ?? '');
      } catch (e) {
        if (!isKazasuError(e)) throw e;
        const key = `format.${(e as { reason?: string }).reason ?? 'format'}`;
        out[kind] = t((key in FORMAT_KEYS ? key : 'format.format') as 'format.format');
      }
    }
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  };

  /** `override`: spec values to send instead of what is typed (「暗証番号を設定していない」 sends `****`). */
  const submit = async (override?: SpecValues) => {
    const specValues = { ...p.specValues, ...override };
    const kinds = [...(['codeB', 'birthDateKey', 'signPassword'] as const).filter(asks), ...specs.map((s) => s.kind)];
    const found = check(kinds, specValues);
    p.setErrors(found);
    const first = kinds.find((k) => found[k]);
    if (first) {
      p.setStage(holderKinds.has(first) ? 'handover' : 'clerk');
      p.setFocusOn(holderKinds.has(first) ? 'password' : 'first');
      return;
    }
    const values: Partial<Record<CredentialKind, string>> = {};
    if (asks('codeB')) values.codeB = codeBDigits(p.codeB);
    if (asks('birthDateKey')) values.birthDateKey = p.birthKey.birth;
    if (asks('signPassword')) values.signPassword = p.signPassword;
    for (const { kind } of specs) values[kind] = specValues[kind] ?? '';
    setSubmitting(true);
    try {
      await actions.submitCredentials(values, p.confirmLastTry, p.entry);
    } finally {
      setSubmitting(false);
    }
  };

  const onPrimary = (e: FormEvent) => {
    e.preventDefault();
    if (submitting || locked) return;
    if (stage === 'clerk' && handover) {
      const kinds = [...(['codeB', 'birthDateKey'] as const).filter(asks), ...clerkSpecs.map((s) => s.kind)];
      const found = check(kinds);
      p.setErrors(found);
      if (kinds.some((k) => found[k])) return p.setFocusOn('first');
      p.setStage('handover');
      p.setFocusOn('password');
      return;
    }
    void submit();
  };

  const fillFromDemoCard = () => {
    if (!demoCard || demoCard.document === 'passport') return;
    if (demoCard.document === 'residence-card') {
      for (const { kind } of specs) if (kind === 'cardNumber') p.setSpecValue(kind, demoCard.printedCardNumber);
      return;
    }
    if (demoCard.document === 'drivers-licence') {
      for (const { kind } of holderSpecs) {
        const known = kind === 'pin1' ? demoCard.holderKnows.pin1 : kind === 'pin2' ? demoCard.holderKnows.pin2 : undefined;
        if (known !== undefined) p.setSpecValue(kind, known);
      }
      return;
    }
    const { printed } = demoCard;
    const values = cardFaceFrom(printed.birthDate, printed.expiryDate, printed.securityCode);
    p.setFace(values);
    const built = codeBFrom(values, printed.codeBBirthDateForm);
    const era = printed.codeBBirthDateForm === 'wareki' ? eraOf(printed.birthDate) : undefined;
    if (built.ok) p.setCodeB(partsFromDigits(built.value, era), 'manual');
    if (built.ok) p.setBirthKey({ ...EMPTY_CODE_B, era, birth: built.value.slice(0, 6) });
    p.setSignPassword(demoCard.holderKnows.signPassword);
  };

  const context = <p className="screen-context">{t('place.purpose', { purpose: pick(PURPOSES[state.purpose].title) })}</p>;
  const blockedNotes = blocked.map((k) => {
    // A document whose blocked credential is unblocked elsewhere says where (the licence: 運転免許センター).
    const own = `cred.blocked.explain.${k}`;
    return (
      <p key={k} className="notice notice-error" data-testid="blocked-explain">
        {t((own in jaCatalogue ? own : 'cred.blocked.explain') as 'cred.blocked.explain', { credential: name(k) })}
      </p>
    );
  });
  const lastTryBox = lastTryHere.length > 0 && (
    <div className="last-try">
      {lastTryHere.map((k) => (
        <p key={k} className="last-try-warning" data-testid={`last-try-${k}`}>
          {/* A document whose lock is lifted elsewhere says where (the licence: 運転免許センター). */}
          {t((`cred.lastTry.warning.${k}` in jaCatalogue ? `cred.lastTry.warning.${k}` : 'cred.lastTry.warning') as 'cred.lastTry.warning', { credential: name(k) })}
        </p>
      ))}
      <label className="check-label">
        <input ref={lastTryRef} type="checkbox" checked={p.confirmLastTry} onChange={(e) => p.setConfirmLastTry(e.target.checked)} aria-required="true" disabled={locked} />
        <span>{t('cred.lastTry.confirm')}</span>
      </label>
    </div>
  );
  const slipHint = state.notice?.code === 'credential-wrong' && (state.notice.credential === 'codeB' || state.notice.credential === 'birthDateKey') && (
    <p className="notice notice-info" data-testid="slip-hint">
      {t(state.notice.credential === 'codeB' ? 'cred.slip.codeB' : 'cred.slip.birthKey')}
    </p>
  );

  // The holder's PINs (digits only) on one numeric keypad, like the sign password's; any other holder credential keeps its field.
  const pinPad = holderSpecs.length > 0 && holderSpecs.every((h) => h.entry.characters === 'digits');
  const notSetValue = holderSpecs.every((h) => h.entry.notSetValue !== undefined && h.entry.notSetValue === holderSpecs[0]?.entry.notSetValue) ? holderSpecs[0]?.entry.notSetValue : undefined;
  // 「暗証番号を設定していない」: every PIN as the not-set value, sent at once (the card library sends it only when the card says no PIN was set).
  const sendNotSet = () => {
    if (notSetValue === undefined || submitting || locked) return;
    const override: SpecValues = Object.fromEntries(holderSpecs.map((h) => [h.kind, notSetValue]));
    for (const h of holderSpecs) p.setSpecValue(h.kind, notSetValue);
    void submit(override);
  };
  const demoFillHolder = demoCard?.document === 'drivers-licence' && !locked && (
    <div className="demo-fill">
      <button type="button" className="button button-secondary" onClick={fillFromDemoCard} aria-describedby="demo-fill-pins-hint">
        {t('demo.fillPins')}
      </button>
      <p id="demo-fill-pins-hint" className="field-hint">
        {t('demo.fillHint')}
      </p>
    </div>
  );

  if (stage === 'handover' && handover) {
    return (
      <form className="screen screen-handover" aria-labelledby="handover-heading" onSubmit={onPrimary} noValidate>
        {context}
        <ScreenHeading id="handover-heading" focusOnMount={false}>
          {t('handover.heading')}
        </ScreenHeading>
        <p className="lead">{t(asks('signPassword') ? 'handover.lead' : 'handover.leadPins')}</p>
        <CredentialNotice notice={state.notice && 'credential' in state.notice && holderKinds.has(state.notice.credential) ? state.notice : undefined} credentialName={name} />
        {blockedNotes}
        {asks('signPassword') && (
          <>
            <TriesLine id="tries-signPassword" tries={tries.signPassword} />
            <SignPasswordPad ref={passwordRef} value={p.signPassword} onChange={p.setSignPassword} error={p.errors.signPassword} disabled={locked} />
          </>
        )}
        {pinPad ? (
          <HolderPinPad
            ref={!asks('signPassword') ? passwordRef : undefined}
            pins={holderSpecs.map(({ kind, entry }) => ({
              kind,
              label: name(kind),
              hint: t(ownKey(`cred.hint.${kind}`) as 'cred.hint.pin1'),
              length: entry.length,
              value: p.specValues[kind] ?? '',
              error: p.errors[kind],
              tries: <SpecTries spec={documentDriver(state.document)?.credentials[kind]} tries={tries[kind]} id={`tries-${kind}`} />,
              disabled: tries[kind]?.kind === 'blocked',
            }))}
            active={activePin}
            onActivate={setActivePin}
            onChange={p.setSpecValue}
            {...(notSetValue !== undefined ? { notSetValue, onNotSet: sendNotSet } : {})}
            disabled={locked || submitting}
          />
        ) : (
          holderSpecs.map(({ kind, entry }, i) => (
          <div key={kind} className="spec-credential">
            <SpecTries spec={documentDriver(state.document)?.credentials[kind]} tries={tries[kind]} id={`tries-${kind}`} />
            <SpecCredentialField
              ref={i === 0 && !asks('signPassword') ? passwordRef : undefined}
              credential={kind}
              entry={entry}
              value={p.specValues[kind] ?? ''}
              onChange={(v) => p.setSpecValue(kind, v)}
              error={p.errors[kind]}
              disabled={locked || tries[kind]?.kind === 'blocked'}
            />
            {entry.notSetValue !== undefined && tries[kind]?.kind !== 'blocked' && (
              <button type="button" className="button button-secondary" data-testid={`not-set-${kind}`} aria-pressed={p.specValues[kind] === entry.notSetValue} onClick={() => p.setSpecValue(kind, entry.notSetValue!)} disabled={locked}>
                {t('cred.notSet')}
              </button>
            )}
          </div>
          ))
        )}
        {lastTryBox}
        {demoFillHolder}
        <ActionBar>
          {locked ? (
            <button type="button" className="button button-primary" onClick={() => actions.wipe('cancel')}>
              {t('common.cancel')}
            </button>
          ) : (
            <button type="submit" className="button button-primary" disabled={submitting}>
              {t('cred.submit')}
            </button>
          )}
          {clerkHasEntry && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                p.setStage('clerk');
                p.setFocusOn('first');
              }}
            >
              {t('handover.back')}
            </button>
          )}
          {!locked && (
            <button type="button" className="button button-secondary" onClick={() => actions.wipe('cancel')}>
              {t('common.cancel')}
            </button>
          )}
        </ActionBar>
      </form>
    );
  }

  const entryKind = asks('codeB') ? 'codeB' : asks('birthDateKey') ? 'birthDateKey' : undefined;
  const firstSpec = clerkSpecs[0];
  const driver = documentDriver(state.document);
  const heading = entryKind === 'birthDateKey' ? t('cred.heading.birthKey') : entryKind === undefined && firstSpec ? t('cred.heading.spec', { credential: name(firstSpec.kind) }) : t('cred.heading');
  return (
    <form className="screen screen-credentials" aria-labelledby="cred-heading" onSubmit={onPrimary} noValidate>
      {context}
      {driver && (
        <p className="screen-context" data-testid="document-found">
          {t('cred.documentFound', { document: pick(driver.title) })}
        </p>
      )}
      <ScreenHeading id="cred-heading" focusOnMount={false}>
        {heading}
      </ScreenHeading>
      <CredentialNotice notice={state.notice && 'credential' in state.notice && state.notice.credential === 'signPassword' ? undefined : state.notice} credentialName={name} />
      {slipHint}
      {blockedNotes}
      {entryKind && <TriesLine id={`tries-${entryKind}`} tries={tries[entryKind]} />}
      {entryKind === 'codeB' && (
        <CodeBEntry kind="codeB" value={p.codeB} onChange={p.setCodeB} error={p.errors.codeB} disabled={locked} firstBoxRef={firstBox} {...(p.codeBFiller ? { filler: p.codeBFiller } : {})} />
      )}
      {entryKind === 'birthDateKey' && <CodeBEntry kind="birthKey" value={p.birthKey} onChange={(v) => p.setBirthKey(v)} error={p.errors.birthDateKey} disabled={locked} firstBoxRef={firstBox} />}
      {clerkSpecs.map(({ kind, entry }, i) => (
        <div key={kind} className="spec-credential">
          <SpecTries spec={documentDriver(state.document)?.credentials[kind]} tries={tries[kind]} id={`tries-${kind}`} />
          <SpecCredentialField
            ref={i === 0 && !entryKind ? firstBox : undefined}
            credential={kind}
            entry={entry}
            value={p.specValues[kind] ?? ''}
            onChange={(v) => p.setSpecValue(kind, v)}
            error={p.errors[kind]}
            disabled={locked}
          />
        </div>
      ))}
      {needed.includes('signPassword') && (
        <p className="handover-note" data-testid="handover-note">
          {handover ? t('cred.handoverNext') : t('cred.noSignCertificate')}
        </p>
      )}
      {handover && <TriesLine id="tries-signPassword" tries={tries.signPassword} />}
      {lastTryBox}
      {entryKind && !locked && (
        <DetailsFold summary={t(entryKind === 'codeB' ? 'helper.codeB.fold' : 'helper.birthKey.fold')} testId="helper-fold">
          <CardFaceHelper
            kind={entryKind === 'codeB' ? 'codeB' : 'birthKey'}
            values={p.face}
            onChange={p.setFace}
            onBuilt={(digits, era) => {
              if (entryKind === 'codeB') p.setCodeB(partsFromDigits(digits, era), 'manual');
              else p.setBirthKey({ ...EMPTY_CODE_B, era, birth: digits });
              p.setFocusOn('first');
            }}
          />
        </DetailsFold>
      )}
      {demoCard && !locked && (
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
              {handover ? t('cred.toHandover') : t('cred.submit')}
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

/** Every format reason the catalogue has words for. */
const FORMAT_KEYS: Readonly<Record<string, true>> = Object.fromEntries(Object.keys(jaCatalogue).filter((k) => k.startsWith('format.')).map((k) => [k, true]));

/**
 * The tries line of a spec credential: a readable counter as for every PIN; no readable counter
 * said plainly, with how many wrong entries one placement allows.
 */
function SpecTries({ spec, tries, id }: { readonly spec: import('../../../documents/document-driver').CredentialSpec | undefined; readonly tries: import('../../../cards/iso7816/pin-guard').RetryStatus | undefined; readonly id: string }) {
  const t = useT();
  if (spec && !spec.counterReadable)
    return (
      <p id={id} className="tries" data-testid={id}>
        {t('cred.noCounter', { n: spec.attemptsPerPlacement ?? 1 })}
      </p>
    );
  return <TriesLine id={id} tries={tries} />;
}
