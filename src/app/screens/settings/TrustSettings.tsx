import { useEffect, useReducer, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { MOJ_ANCHOR_PINS, MOJ_PUBLICATION_PAGES } from '../../../verify/residence-card';
import type { Language } from '../../i18n/catalogue';
import type { TrustMessageKey } from '../../i18n/trust-catalogue';
import { useLanguage } from '../../i18n/use-i18n';
import { useTrustT } from '../../i18n/use-trust-i18n';
import { useAppStore } from '../../store/app-store';
import type { KioskTrust, TrustImportOutcome, TrustRemoval } from '../../trust/kiosk-trust';
import {
  builtInPassportEntries,
  crlEntries,
  formatFingerprint,
  importedCscaEntries,
  licenceEntries,
  masterListEntries,
  residenceEntries,
  type CrlEntry,
  type MasterListEntry,
  type TrustEntry,
} from '../../trust/trust-listing';
import { DetailsFold } from '../common/DetailsFold';
import './trust-settings.css';

type T = ReturnType<typeof useTrustT>;

/** A state's name in the kiosk's language from its ISO 3166 alpha-2 code (the code itself when the browser has no name for it). */
function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A message after an import or removal, shown where the operator acted. */
type Notice = { readonly kind: 'success' | 'error'; readonly text: string; readonly detail?: string };

function dateOf(iso: string | undefined, language: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium' });
}

function timeOf(iso: string | undefined, language: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });
}

/** What Settings says after an import (pure; tested through the screen). */
export function outcomeNotice(outcome: TrustImportOutcome, t: T, language: Language): Notice {
  if (!outcome.ok) return { kind: 'error', text: `${t('trust.refused')} ${t(`trust.refused.${outcome.code}` as TrustMessageKey)}`, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  switch (outcome.what) {
    case 'residence-card':
      return { kind: 'success', text: t(outcome.already ? 'trust.rc.already' : outcome.test ? 'trust.rc.importedTest' : 'trust.rc.imported', { name: outcome.name }) };
    case 'licence-issuer':
      return { kind: 'success', text: t(outcome.already ? 'trust.dl.already' : 'trust.dl.imported', { name: outcome.name }) };
    case 'master-list':
      return { kind: 'success', text: t(outcome.rejected > 0 ? 'trust.pp.ml.importedRejected' : 'trust.pp.ml.imported', { publisher: countryName(outcome.publisher, language), n: outcome.cscas, countries: outcome.countries, rejected: outcome.rejected }) };
    case 'csca':
      return { kind: 'success', text: t(outcome.already ? 'trust.pp.csca.already' : 'trust.pp.csca.imported', { name: outcome.name }) };
    case 'csca-crl':
      return { kind: 'success', text: t(outcome.stale ? 'trust.pp.crl.importedStale' : 'trust.pp.crl.imported', { issuer: outcome.issuer, n: outcome.revoked }) };
  }
}

async function readFile(input: HTMLInputElement | null): Promise<Uint8Array | undefined | 'unreadable'> {
  const file = input?.files?.[0];
  if (!file) return undefined;
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return 'unreadable';
  }
}

function NoticeLine({ notice, testId }: { readonly notice: Notice | undefined; readonly testId: string }) {
  const t = useTrustT();
  return (
    <div role={notice?.kind === 'error' ? 'alert' : 'status'} data-testid={testId} data-kind={notice?.kind ?? ''}>
      {notice && (
        <div className={`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-success'}`}>
          <p>{notice.text}</p>
          {notice.detail && (
            <DetailsFold summary={t('trust.details')}>
              <p className="technical">{t('trust.details.reason', { detail: notice.detail })}</p>
            </DetailsFold>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * One import form: file input(s), optional extra fields, the import button and its notice. The
 * form never throws: an unreadable or refused file gives a plain sentence and a next step.
 */
function ImportForm(props: {
  readonly id: string;
  readonly files: readonly { readonly id: string; readonly label: string; readonly accept: string }[];
  readonly extra?: ReactNode;
  readonly missingKey: TrustMessageKey;
  readonly run: (files: Uint8Array[]) => Promise<TrustImportOutcome>;
}) {
  const t = useTrustT();
  const language = useLanguage();
  const refs = useRef<(HTMLInputElement | null)[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotice(undefined);
    try {
      const read = await Promise.all(refs.current.map((r) => readFile(r)));
      if (read.some((r) => r === undefined)) {
        setNotice({ kind: 'error', text: t(props.missingKey) });
        return;
      }
      if (read.some((r) => r === 'unreadable')) {
        setNotice(outcomeNotice({ ok: false, code: 'file-unreadable' }, t, language));
        return;
      }
      const outcome = await props.run(read as Uint8Array[]);
      setNotice(outcomeNotice(outcome, t, language));
      if (outcome.ok) for (const r of refs.current) if (r) r.value = '';
    } catch (err) {
      // Never crash the screen on a hostile file: the refusal is plain, the detail folded.
      setNotice({ kind: 'error', text: `${t('trust.refused')} ${t('trust.refused.file-unreadable')}`, detail: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="trust-import" onSubmit={(e) => void submit(e)} noValidate data-testid={`${props.id}-form`}>
      {props.files.map((f, i) => (
        <div className="field" key={f.id}>
          <label className="field-label" htmlFor={f.id}>
            {f.label}
          </label>
          <input
            id={f.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            className="file-input"
            type="file"
            accept={f.accept}
            onChange={() => setNotice(undefined)}
          />
        </div>
      ))}
      {props.extra}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('trust.importing') : t('trust.import')}
        </button>
      </div>
      <NoticeLine notice={notice} testId={`${props.id}-notice`} />
    </form>
  );
}

/** The two-step removal: "remove" → the consequence in words → remove / keep it. */
function RemoveButton({ name, confirmText, onRemove }: { readonly name: string; readonly confirmText: string; readonly onRemove: () => Promise<boolean> }) {
  const t = useTrustT();
  const [asking, setAsking] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-secondary trust-remove" onClick={() => setAsking(true)} aria-label={`${t('trust.remove')}: ${name}`}>
        {t('trust.remove')}
      </button>
    );
  }
  return (
    <div className="trust-remove-confirm" role="group" aria-label={t('trust.remove')}>
      <p>{confirmText}</p>
      {failed && <p className="notice notice-error">{t('trust.refused.storage-failed')}</p>}
      <div className="actions actions-wrap">
        <button
          type="button"
          className="button button-primary button-danger"
          onClick={() =>
            void onRemove().then((ok) => {
              if (ok) setAsking(false);
              else setFailed(true);
            })
          }
        >
          {t('trust.removeYes')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
          {t('trust.removeNo')}
        </button>
      </div>
    </div>
  );
}

function CertificateItem({ entry, onRemove }: { readonly entry: TrustEntry; readonly onRemove?: () => Promise<boolean> }) {
  const t = useTrustT();
  const language = useLanguage();
  return (
    <li className="trust-entry" data-testid="trust-entry" data-id={entry.id} data-source={entry.source} data-test-mode={entry.test ? 'true' : 'false'}>
      <p className="trust-entry-name">{entry.name}</p>
      {entry.test && <p className="trust-test-mode">{t('trust.testMode')}</p>}
      <dl className="trust-facts">
        <dt>{t('trust.validity')}</dt>
        <dd>{t('trust.validityValue', { from: dateOf(entry.notBefore, language), to: dateOf(entry.notAfter, language) })}</dd>
        <dt>{t('trust.source')}</dt>
        <dd>{t(`trust.source.${entry.source}`)}</dd>
        {entry.importedAt && (
          <>
            <dt>{t('trust.importedAt')}</dt>
            <dd>{timeOf(entry.importedAt, language)}</dd>
          </>
        )}
      </dl>
      <DetailsFold summary={t('trust.details')}>
        <p className="technical">{t('trust.details.subject', { subject: entry.subject })}</p>
        <p className="technical">{t('trust.details.fingerprint', { fp: entry.fingerprint })}</p>
      </DetailsFold>
      {entry.removable && onRemove && <RemoveButton name={entry.name} confirmText={t('trust.removeConfirm', { name: entry.name })} onRemove={onRemove} />}
    </li>
  );
}

function EntryList({ entries, remove, testId }: { readonly entries: readonly TrustEntry[]; readonly remove: (e: TrustEntry) => TrustRemoval; readonly testId: string }) {
  const t = useTrustT();
  const trust = useAppStore((s) => s.runtime?.trust);
  if (entries.length === 0) return <p data-testid={`${testId}-none`}>{t('trust.none')}</p>;
  return (
    <ul className="trust-entries" data-testid={testId}>
      {entries.map((e) => (
        <CertificateItem key={`${e.source}|${e.id}`} entry={e} {...(trust ? { onRemove: () => trust.remove(remove(e)) } : {})} />
      ))}
    </ul>
  );
}

function MasterListItem({ entry, trust }: { readonly entry: MasterListEntry; readonly trust: KioskTrust | undefined }) {
  const t = useTrustT();
  const language = useLanguage();
  const countries = entry.countries.length;
  const publisher = countryName(entry.publisher, language);
  return (
    <li className="trust-entry" data-testid="trust-master-list" data-id={entry.id}>
      <p className="trust-entry-name">{t('trust.pp.ml.item', { publisher })}</p>
      <dl className="trust-facts">
        <dt>{t('trust.installed')}</dt>
        <dd data-testid="trust-master-list-count">{t('trust.pp.ml.count', { countries, n: entry.cscaCount })}</dd>
        <dt>{t('trust.pp.ml.signed')}</dt>
        <dd>{dateOf(entry.signingTime, language)}</dd>
        <dt>{t('trust.source')}</dt>
        <dd>{t('trust.source.imported')}</dd>
        <dt>{t('trust.importedAt')}</dt>
        <dd>{timeOf(entry.importedAt, language)}</dd>
      </dl>
      <DetailsFold summary={t('trust.details')}>
        <p className="technical">{t('trust.pp.ml.details.signer', { signer: entry.signer, csca: entry.pinnedCsca })}</p>
        <p className="technical">{t('trust.details.fingerprint', { fp: entry.fingerprint })}</p>
        <p className="technical">
          {t('trust.pp.ml.countries')}: {entry.countries.map((c) => `${countryName(c.country, language)} ${c.count}`).join(', ')}
        </p>
      </DetailsFold>
      {trust && <RemoveButton name={t('trust.pp.ml.item', { publisher })} confirmText={t('trust.pp.ml.removeConfirm', { publisher })} onRemove={() => trust.remove({ kind: 'master-list', sha256: entry.id })} />}
    </li>
  );
}

function CrlItem({ entry, trust }: { readonly entry: CrlEntry; readonly trust: KioskTrust | undefined }) {
  const t = useTrustT();
  const language = useLanguage();
  const name = t('trust.pp.crl.item', { issuer: entry.issuer, country: countryName(entry.country, language) });
  return (
    <li className="trust-entry" data-testid="trust-crl" data-id={entry.id}>
      <p className="trust-entry-name">{name}</p>
      <dl className="trust-facts">
        <dt>{t('trust.installed')}</dt>
        <dd>{t('trust.pp.crl.revoked', { n: entry.revoked })}</dd>
        <dt>{t('trust.pp.crl.thisUpdate')}</dt>
        <dd>{dateOf(entry.thisUpdate, language)}</dd>
        <dt>{t('trust.pp.crl.nextUpdate')}</dt>
        <dd>{dateOf(entry.nextUpdate, language)}</dd>
        <dt>{t('trust.importedAt')}</dt>
        <dd>{timeOf(entry.importedAt, language)}</dd>
      </dl>
      <DetailsFold summary={t('trust.details')}>
        <p className="technical">{t('trust.details.fingerprint', { fp: entry.fingerprint })}</p>
      </DetailsFold>
      {trust && <RemoveButton name={name} confirmText={t('trust.removeConfirm', { name })} onRemove={() => trust.remove({ kind: 'csca-crl', sha256: entry.id })} />}
    </li>
  );
}

const CERT_ACCEPT = '.cer,.crt,.der,.pem,application/pkix-cert,application/x-x509-ca-cert';

/**
 * Settings → 信頼の起点（証明書の取り込み） / Trust anchors: per document, import the issuers'
 * certificates, see what is installed (name, validity, source, imported-at; fingerprint and
 * subject under 詳細) and remove an import. The checks are the verifier's (app/trust/kiosk-trust.ts);
 * the next verification on a real reader uses what is installed here.
 */
export function TrustSettings() {
  const t = useTrustT();
  const trust = useAppStore((s) => s.runtime?.trust);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [licenceMode, setLicenceMode] = useState<'production' | 'jpki-test'>('production');
  useEffect(() => (trust ? trust.subscribe(rerender) : undefined), [trust]);

  const records = trust?.records() ?? [];
  const passport = trust?.passportImports();
  const problems = trust?.problems();
  const noTrust = async (): Promise<TrustImportOutcome> => ({ ok: false, code: 'storage-failed' });
  const builtIn = builtInPassportEntries();

  return (
    <section className="settings-section trust-settings" aria-labelledby="trust-settings-heading" data-testid="trust-settings">
      <h2 id="trust-settings-heading" className="section-heading">
        {t('trust.heading')}
      </h2>
      <p className="field-hint">{t('trust.lead')}</p>
      {problems?.storage && <p className="notice notice-warning">{t('trust.storageProblem')}</p>}
      {problems && problems.refused > 0 && <p className="notice notice-warning">{t('trust.refusedStored', { n: problems.refused })}</p>}

      <section className="trust-document" aria-labelledby="trust-rc-heading" data-testid="trust-residence-card">
        <h3 id="trust-rc-heading">{t('trust.rc.heading')}</h3>
        <p className="field-hint">{t('trust.rc.lead')}</p>
        <ImportForm id="trust-rc" files={[{ id: 'trust-rc-file', label: t('trust.file'), accept: CERT_ACCEPT }]} missingKey="trust.chooseFile" run={([f]) => (trust ? trust.importResidenceCa(f!) : noTrust())} />
        <h4>{t('trust.installed')}</h4>
        <EntryList entries={residenceEntries(records)} remove={(e) => ({ kind: 'anchor-record', sha256: e.id })} testId="trust-rc-list" />
        <DetailsFold summary={t('trust.details')}>
          <p className="technical">{t('trust.rc.where', { page: `${MOJ_PUBLICATION_PAGES.generation1} · ${MOJ_PUBLICATION_PAGES.generation2}` })}</p>
          <p className="technical">{t('trust.rc.pins')}</p>
          <ul className="technical trust-pins">
            {MOJ_ANCHOR_PINS.map((p) => (
              <li key={p.id}>
                {p.name} ({p.validity}
                {p.mode === 'test' ? `, ${t('trust.testMode')}` : ''}): {formatFingerprint(p.sha256)}
              </li>
            ))}
          </ul>
        </DetailsFold>
      </section>

      <section className="trust-document" aria-labelledby="trust-dl-heading" data-testid="trust-licence">
        <h3 id="trust-dl-heading">{t('trust.dl.heading')}</h3>
        <p className="field-hint">{t('trust.dl.lead')}</p>
        <ImportForm
          id="trust-dl"
          files={[{ id: 'trust-dl-file', label: t('trust.file'), accept: CERT_ACCEPT }]}
          missingKey="trust.chooseFile"
          extra={
            <fieldset className="choice-group">
              <legend>{t('trust.dl.mode')}</legend>
              {(['production', 'jpki-test'] as const).map((m) => (
                <label key={m} className="check-label">
                  <input type="radio" name="trust-dl-mode" value={m} checked={licenceMode === m} onChange={() => setLicenceMode(m)} />
                  <span>{t(`trust.dl.mode.${m}`)}</span>
                </label>
              ))}
            </fieldset>
          }
          run={([f]) => (trust ? trust.importLicenceIssuer(f!, licenceMode) : noTrust())}
        />
        <h4>{t('trust.installed')}</h4>
        <EntryList entries={licenceEntries(records)} remove={(e) => ({ kind: 'anchor-record', sha256: e.id })} testId="trust-dl-list" />
      </section>

      <section className="trust-document" aria-labelledby="trust-pp-heading" data-testid="trust-passport">
        <h3 id="trust-pp-heading">{t('trust.pp.heading')}</h3>
        <p className="field-hint">{t('trust.pp.lead')}</p>
        <DetailsFold summary={t('trust.pp.builtIn', { n: builtIn.length })} testId="trust-pp-built-in">
          <ul className="trust-entries">
            {builtIn.map((e) => (
              <CertificateItem key={e.id} entry={e} />
            ))}
          </ul>
        </DetailsFold>

        <h4>{t('trust.pp.ml.heading')}</h4>
        <p className="field-hint">{t('trust.pp.ml.lead')}</p>
        <ImportForm
          id="trust-ml"
          files={[
            { id: 'trust-ml-file', label: t('trust.pp.ml.file'), accept: '.ml,.mls,.der,.p7m,.p7b,.pem,.b64,.bin' },
            { id: 'trust-ml-signer', label: t('trust.pp.ml.signer'), accept: CERT_ACCEPT },
          ]}
          missingKey="trust.pp.ml.chooseBoth"
          run={([list, signer]) => (trust ? trust.importMasterList(list!, signer!) : noTrust())}
        />
        {passport && passport.masterLists.length > 0 ? (
          <ul className="trust-entries" data-testid="trust-ml-list">
            {masterListEntries(passport).map((m) => (
              <MasterListItem key={m.id} entry={m} trust={trust} />
            ))}
          </ul>
        ) : (
          <p data-testid="trust-ml-list-none">{t('trust.none')}</p>
        )}

        <h4>{t('trust.pp.csca.heading')}</h4>
        <p className="field-hint">{t('trust.pp.csca.lead')}</p>
        <ImportForm id="trust-csca" files={[{ id: 'trust-csca-file', label: t('trust.file'), accept: CERT_ACCEPT }]} missingKey="trust.chooseFile" run={([f]) => (trust ? trust.importCsca(f!) : noTrust())} />
        <EntryList entries={passport ? importedCscaEntries(passport) : []} remove={(e) => ({ kind: 'csca', sha256: e.id.toLowerCase() })} testId="trust-csca-list" />

        <h4>{t('trust.pp.crl.heading')}</h4>
        <p className="field-hint">{t('trust.pp.crl.lead')}</p>
        <ImportForm id="trust-crl" files={[{ id: 'trust-crl-file', label: t('trust.file'), accept: '.crl,.der,.pem' }]} missingKey="trust.chooseFile" run={([f]) => (trust ? trust.importCscaCrl(f!) : noTrust())} />
        {passport && passport.crls.length > 0 ? (
          <ul className="trust-entries" data-testid="trust-crl-list">
            {crlEntries(passport).map((c) => (
              <CrlItem key={c.id} entry={c} trust={trust} />
            ))}
          </ul>
        ) : (
          <p data-testid="trust-crl-list-none">{t('trust.none')}</p>
        )}
      </section>
    </section>
  );
}
