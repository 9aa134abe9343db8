import { useEffect, useReducer, useState, type FormEvent } from 'react';
import { useLanguage } from '../../i18n/use-i18n';
import { useRevocationT } from '../../i18n/use-revocation-i18n';
import type { RevocationMessageKey } from '../../i18n/revocation-catalogue';
import { isPastNextUpdate, type CrlListStatus } from '../../revocation/crl-list-status';
import { endpointProblem, REFRESH_HOURS, type RefreshHours, type RevocationConfig } from '../../revocation/revocation-config';
import { REVOCATION_DEPLOYMENT } from '../../revocation/revocation-deployment';
import { useAppStore } from '../../store/app-store';
import { Field } from '../common/Field';
import './revocation-settings.css';

const KNOWN_REASONS = ['crl-signature-invalid', 'crl-malformed', 'crl-download-failed', 'crl-too-large', 'crl-store-failed', 'crl-no-issuer'] as const;

function reasonKey(code: string): RevocationMessageKey {
  return (KNOWN_REASONS as readonly string[]).includes(code) ? (`rev.reason.${code}` as RevocationMessageKey) : 'rev.reason.other';
}

/**
 * Settings → 失効確認 / Revocation: the CRL per certificate kind, the OCSP responder, the platform
 * operator (not used from the browser: it needs a key, which only a server relay may hold), the
 * refresh schedule; per stored list its issuer, dates, size and when it was fetched; "Refresh now".
 * Addresses the build's CSP does not allow are refused with a plain reason.
 */
export function RevocationSettings() {
  const t = useRevocationT();
  const language = useLanguage();
  const actions = useAppStore((s) => s.actions);
  const runtime = useAppStore((s) => s.runtime);
  const saved = useAppStore((s) => s.settings.revocation);
  const [draft, setDraft] = useState<RevocationConfig>(saved);
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const revocation = runtime?.revocation;

  useEffect(() => (revocation ? revocation.subscribe(rerender) : undefined), [revocation]);

  const origins = REVOCATION_DEPLOYMENT.connectOrigins;
  const problem = (url: string) => {
    const p = submitted ? endpointProblem(url.trim(), origins) : undefined;
    return p ? t(`rev.problem.${p}`) : undefined;
  };
  const fields = [draft.crlUrls.sign, draft.crlUrls.auth, draft.ocspUrl, draft.platformEndpoint];
  const update = (patch: Partial<RevocationConfig>) => {
    setDone(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const trimmed: RevocationConfig = {
      ...draft,
      crlUrls: { sign: draft.crlUrls.sign.trim(), auth: draft.crlUrls.auth.trim() },
      ocspUrl: draft.ocspUrl.trim(),
      platformEndpoint: draft.platformEndpoint.trim(),
    };
    if (fields.some((f) => endpointProblem(f.trim(), origins) !== undefined)) return;
    actions.saveSettings({ ...useAppStore.getState().settings, revocation: trimmed });
    setDone(true);
    void revocation?.refreshNow();
  };

  const when = (iso: string | undefined) =>
    iso ? new Date(iso).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const activity = revocation?.activity();
  const lists: readonly CrlListStatus[] = revocation?.lists() ?? [];
  const nothingConfigured = saved.crlUrls.sign === '' && saved.crlUrls.auth === '' && saved.ocspUrl === '';
  const urlInput = (id: string, value: string, onChange: (v: string) => void) => (aria: object) => (
    <input id={id} className="text-input" type="text" inputMode="url" autoComplete="off" spellCheck={false} maxLength={2048} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
  );

  return (
    <section className="settings-section revocation-settings" aria-labelledby="revocation-settings-heading" data-testid="revocation-settings">
      <h2 id="revocation-settings-heading" className="section-heading">
        {t('rev.heading')}
      </h2>
      <p className="field-hint">{t('rev.lead')}</p>
      {nothingConfigured && (
        <p className="notice notice-warning" data-testid="revocation-none">
          {t('rev.none')}
        </p>
      )}
      <form className="settings-form" onSubmit={save} noValidate>
        <Field id="rev-crl-sign" label={t('rev.crl.sign')} error={problem(draft.crlUrls.sign)}>
          {urlInput('rev-crl-sign', draft.crlUrls.sign, (sign) => update({ crlUrls: { ...draft.crlUrls, sign } }))}
        </Field>
        <Field id="rev-crl-auth" label={t('rev.crl.auth')} error={problem(draft.crlUrls.auth)}>
          {urlInput('rev-crl-auth', draft.crlUrls.auth, (auth) => update({ crlUrls: { ...draft.crlUrls, auth } }))}
        </Field>
        <Field id="rev-ocsp" label={t('rev.ocsp')} hint={t('rev.ocsp.hint')} error={problem(draft.ocspUrl)}>
          {urlInput('rev-ocsp', draft.ocspUrl, (ocspUrl) => update({ ocspUrl }))}
        </Field>
        <Field id="rev-platform" label={t('rev.platform')} hint={t('rev.platform.note')} error={problem(draft.platformEndpoint)}>
          {urlInput('rev-platform', draft.platformEndpoint, (platformEndpoint) => update({ platformEndpoint }))}
        </Field>
        <fieldset className="choice-group">
          <legend>{t('rev.schedule')}</legend>
          {REFRESH_HOURS.map((h: RefreshHours) => (
            <label key={h} className="check-label">
              <input type="radio" name="revocation-refresh" value={h} checked={draft.refreshHours === h} onChange={() => update({ refreshHours: h })} />
              <span>{t(`rev.schedule.${h}`)}</span>
            </label>
          ))}
        </fieldset>
        <p role="status" className={done ? 'notice notice-success' : 'visually-hidden'}>
          {done ? t('rev.saved') : ''}
        </p>
        <div className="actions actions-wrap">
          <button type="submit" className="button button-primary">
            {t('rev.save')}
          </button>
          <button type="button" className="button button-secondary" disabled={!revocation || activity?.refreshing} onClick={() => void revocation?.refreshNow()}>
            {t('rev.refresh')}
          </button>
        </div>
      </form>
      <p role="status" className="read-only" data-testid="revocation-activity">
        {activity?.refreshing ? t('rev.refreshing') : activity?.refreshedAt ? t('rev.refreshed', { time: when(activity.refreshedAt) }) : ''}
      </p>
      <h3>{t('rev.lists')}</h3>
      {lists.length === 0 && <p>{t('rev.lists.empty')}</p>}
      <ul className="revocation-lists">
        {lists.map((s) => (
          <li key={`${s.kind}|${s.url}`} className="revocation-list" data-testid={`crl-list-${s.kind}`}>
            <h4>{t(`rev.list.kind.${s.kind}`)}</h4>
            <dl className="revocation-list-facts">
              <dt>{t('rev.list.issuer')}</dt>
              <dd data-testid="crl-issuer">{s.issuer ?? '—'}</dd>
              <dt>{t('rev.list.thisUpdate')}</dt>
              <dd data-testid="crl-this-update">{when(s.thisUpdate)}</dd>
              <dt>{t('rev.list.nextUpdate')}</dt>
              <dd data-testid="crl-next-update">{when(s.nextUpdate)}</dd>
              <dt>{t('rev.list.entries')}</dt>
              <dd data-testid="crl-entries">{s.entries ?? '—'}</dd>
              <dt>{t('rev.list.fetchedAt')}</dt>
              <dd data-testid="crl-fetched-at">{when(s.fetchedAt)}</dd>
            </dl>
            {s.fetchedAt && isPastNextUpdate(s, Date.now()) && (
              <p className="notice notice-warning" data-testid="crl-expired">
                {t('rev.list.expired')}
              </p>
            )}
            {s.problem && (
              <p className="notice notice-error" data-testid="crl-problem" data-code={s.problem}>
                {t('rev.list.problem', { reason: t(reasonKey(s.problem)) })}
              </p>
            )}
            <details>
              <summary>{t('rev.details')}</summary>
              <p className="field-hint">{t('rev.details.url', { url: s.url })}</p>
            </details>
          </li>
        ))}
      </ul>
      {activity && activity.open > 0 && (
        <p className="notice notice-warning" data-testid="revocation-open">
          {t('rev.open', { n: activity.open })}
        </p>
      )}
      {activity && activity.resolved > 0 && (
        <p className="notice notice-success" data-testid="revocation-resolved">
          {t('rev.resolved', { n: activity.resolved })}
        </p>
      )}
      <details className="revocation-details">
        <summary>{t('rev.details')}</summary>
        <p className="field-hint">{t('rev.details.crl')}</p>
        <p className="field-hint">{t('rev.details.ocsp')}</p>
        <p className="field-hint" data-testid="revocation-origins">
          {origins.length > 0 ? t('rev.details.origins', { origins: origins.join(', ') }) : t('rev.details.originsNone')}
        </p>
      </details>
    </section>
  );
}
